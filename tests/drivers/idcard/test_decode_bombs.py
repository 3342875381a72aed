"""Issue 17 item 4: chip photos that cost far more to decode than their size are refused from their
header, before anything is decoded, fast and small, as a typed error: through parse_dg2, read_card
and the face check's decode. A real photo is decoded once, by the face check."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc

import pytest
from PIL import Image, ImageFile

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import DG2
from drivers.idcard.lds import dg2 as dg2_module
from drivers.idcard.lds.dg2 import parse_dg2
from drivers.idcard.lds.image_header import (MAX_DECODE_BYTES, MAX_J2K_TILES, MAX_JPEG_SCANS,
                                             inspect_image)
from drivers.idcard.protocol.session import read_card
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.transport import InProcessTransport
from terminal.face.errors import ReferencePhotoError
from terminal.face.reference import decode_photo
from tests.support.hostile_files import with_files

# An AC scan of band 63 whose data is one end-of-band run over every block: a few bytes that make
# the decoder walk the whole image again (with its own one-symbol Huffman table).
_DHT = b"\xff\xc4\x00\x14\x11" + bytes([1] + [0] * 15) + b"\xe0"
_EMPTY_SCAN = b"\xff\xda\x00\x08\x01\x01\x01\x3f\x3f\x00" + b"\x7f\xff\x00"


def _progressive_jpeg(side: int = 256) -> bytes:
    out = io.BytesIO()
    Image.radial_gradient("L").resize((side, side)).convert("RGB").save(
        out, "JPEG", progressive=True, quality=80)
    return out.getvalue()


def scan_bomb(scans: int = 25_275, side: int = 2048) -> bytes:
    """A progressive JPEG with `scans` extra scans (25,275: under 400 kB; issue 17's was 900 kB)."""
    data = _progressive_jpeg(side)
    end = data.rfind(b"\xff\xd9")
    return data[:end] + _DHT + _EMPTY_SCAN * scans + data[end:]


def _small_j2k() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG2000", no_jp2=True, irreversible=False)
    return out.getvalue()


def j2k_bomb(width: int = 4096, height: int = 4096, tile: int | None = None) -> bytes:
    """A ~160-byte JPEG 2000 codestream whose size header declares `width` x `height` (and tiles
    of `tile` pixels): the decoder allocates for what is declared."""
    data = bytearray(_small_j2k())
    at = data.index(b"\xff\x51")
    struct.pack_into(">II", data, at + 6, width, height)
    struct.pack_into(">II", data, at + 22, tile or width, tile or height)
    return bytes(data)


def jp2(codestream: bytes) -> bytes:
    """`codestream` in a JP2 file (signature, file type, a decoy codestream-looking XML box, jp2c)."""
    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", 8 + len(body)) + kind + body
    decoy = _small_j2k()  # a harmless SIZ earlier in the file must not be taken for the real one
    return (bytes.fromhex("0000000C6A5020200D0A870A") + box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ")
            + box(b"xml ", decoy) + box(b"jp2c", codestream))


def dg2_of(image: bytes) -> bytes:
    """A DG2 around any image bytes, built without looking into the image."""
    record = dg2_module._face_record(image, "jpeg", 1, 1)
    template = tlv.encode_constructed(0x7F60, tlv.encode(0xA1, b""), tlv.encode(0x5F2E, record))
    return tlv.encode_constructed(DG2.tag, tlv.encode_constructed(
        0x7F61, tlv.encode(0x02, b"\x01"), template))


BOMBS = {
    "jpeg_25275_scans": lambda: scan_bomb(),
    "jpeg_too_many_pixels": lambda: _jpeg_declaring(5000, 5000),
    "j2k_declares_4096_square": lambda: j2k_bomb(),
    "j2k_262144_tiles": lambda: j2k_bomb(4096, 4096, tile=8),
    "jp2_declares_4096_square": lambda: jp2(j2k_bomb()),
}


def _jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(_progressive_jpeg(16))
    at = data.index(b"\xff\xc2")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def test_the_bombs_are_what_issue_17_describes():
    assert len(scan_bomb()) < 1_000_000 and scan_bomb().count(b"\xff\xda") > 25_000
    assert len(j2k_bomb()) < 200
    with Image.open(io.BytesIO(j2k_bomb())) as picture:
        assert picture.size == (4096, 4096)  # within the old 16 M pixel cap


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_refused_from_the_header_fast_and_small(name):
    data = BOMBS[name]()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LdsError) as info:
            parse_dg2(dg2_of(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 0.5
    assert peak < 3 * len(data) + 1_000_000
    assert "refused before decoding" in info.value.detail


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_the_face_check_refuses_them_too(name):
    started = time.perf_counter()
    with pytest.raises(ReferencePhotoError) as info:
        decode_photo(BOMBS[name]())
    assert info.value.reason == "corrupt" and time.perf_counter() - started < 0.5


def test_the_limits_are_named_in_the_detail():
    assert f"over {MAX_JPEG_SCANS}" in _detail(scan_bomb(MAX_JPEG_SCANS))
    assert f"over {MAX_J2K_TILES}" in _detail(j2k_bomb(4096, 4096, tile=8))
    assert f"over {MAX_DECODE_BYTES >> 20}" in _detail(j2k_bomb())
    inspect_image(scan_bomb(MAX_JPEG_SCANS - 12, side=64))  # 10 scans of its own + 52


def _detail(image: bytes) -> str:
    with pytest.raises(LdsError) as info:
        inspect_image(image)
    return info.value.detail


def test_read_card_ends_with_lds_error(card_image):
    image = with_files(card_image("an"), dg2=dg2_of(scan_bomb()))
    started = time.perf_counter()
    with pytest.raises(LdsError):
        read_card(InProcessTransport(ChipEngine(image)), image.access_key)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("profile", ["an", "chi"])  # JPEG and JPEG 2000
def test_a_real_photo_is_decoded_once_by_the_face_check(card_image, monkeypatch, profile):
    image = card_image(profile)  # building the simulated card decodes its source photo
    decodes: list[str] = []
    load = ImageFile.ImageFile.load

    def counted(self):
        if self.tile:  # something left to decode (a loaded image has none)
            decodes.append(self.format)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    read = read_card(InProcessTransport(ChipEngine(image)), image.access_key)
    assert decodes == []  # the chip read looks at the header only
    rgb, _ = decode_photo(read.face.data)
    assert len(decodes) == 1 and rgb.shape[:2] == (read.face.height, read.face.width)
