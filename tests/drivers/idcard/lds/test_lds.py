"""EF.COM, DG1 and DG2: round trips through the simulator's encoders, known layouts, and typed
errors on damaged files."""

from __future__ import annotations

import hashlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds.com import ComFile, encode_com, parse_com
from drivers.idcard.lds.dg1 import encode_dg1, parse_dg1
from drivers.idcard.lds.dg2 import encode_dg2, image_format, parse_dg2
from tests.support.damage import FAST, garbled, parses_or_lds_error, truncated

TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<\n"
       "7408122F1204159UTO<<<<<<<<<<<6\n"
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


def _image(fmt: str, **options) -> bytes:
    picture = Image.new("RGB", (48, 64), (200, 150, 120))
    picture.paste((40, 40, 40), (14, 20, 34, 30))
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


JPEG = _image("JPEG", quality=80)
JP2 = _image("JPEG2000")
J2K = _image("JPEG2000", no_jp2=True)


# EF.COM


def test_com_known_bytes_and_round_trip():
    com = ComFile("0107", "040000", (0x61, 0x75, 0x6D))
    data = encode_com(com)
    assert data == bytes.fromhex("60155F0104303130375F36063034303030305C0361756D")
    parsed = parse_com(data)
    assert parsed == com
    assert parsed.data_groups == (1, 2, 13)


def test_com_two_byte_tags_in_list():
    com = ComFile("0108", "040000", (0x61, 0x5F1F, 0x6E))
    assert parse_com(encode_com(com)).dg_tags == (0x61, 0x5F1F, 0x6E)
    assert parse_com(encode_com(com)).data_groups == (1, 14)


@pytest.mark.parametrize("data", [
    tlv.encode_constructed(0x60, tlv.encode(0x5F01, b"0107"), tlv.encode(0x5F36, b"040000")),
    tlv.encode_constructed(0x60, tlv.encode(0x5F01, b"01x7"), tlv.encode(0x5F36, b"040000"),
                           tlv.encode(0x5C, b"\x61")),
    tlv.encode_constructed(0x60, tlv.encode(0x5F36, b"040000"), tlv.encode(0x5C, b"\x61")),
    tlv.encode_constructed(0x60, tlv.encode(0x5F01, b"0107"), tlv.encode(0x5F36, b"040000"),
                           tlv.encode(0x5C, b"\x61\x5F")),
    tlv.encode_constructed(0x61, tlv.encode(0x5F01, b"0107")),
])
def test_com_malformed(data):
    with pytest.raises(LdsError):
        parse_com(data)


# DG1


def test_dg1_round_trip_and_layout():
    data = encode_dg1(TD1)
    assert data[:5] == bytes.fromhex("615D5F1F5A")
    record = parse_dg1(data)
    assert record.document_number == "D23145890"
    assert record.text == TD1


@pytest.mark.parametrize("data", [
    tlv.encode_constructed(0x61, tlv.encode(0x5F1F, "É".encode() * 45)),
    tlv.encode_constructed(0x61, tlv.encode(0x5F1F, TD1.replace("<6\n", "<7\n").encode())),
    tlv.encode_constructed(0x61, tlv.encode(0x5F1F, TD1.replace("\n", "").encode()[:80])),
    tlv.encode_constructed(0x61, tlv.encode(0x5F20, TD1.encode())),
    encode_dg1(TD1)[:-1],
])
def test_dg1_malformed(data):
    with pytest.raises(LdsError):
        parse_dg1(data)


# DG2


@pytest.mark.parametrize("image, kind", [(JPEG, "jpeg"), (JP2, "jpeg2000"), (J2K, "jpeg2000")])
def test_dg2_round_trip(image, kind):
    face = parse_dg2(encode_dg2(image))
    assert (face.format, face.width, face.height) == (kind, 48, 64)
    assert face.data == image
    assert face.sha256 == hashlib.sha256(image).hexdigest()


def _image_type_offset(dg2: bytes) -> int:
    # record header (14) + facial information (20) + face image type (1) → image data type byte
    return dg2.index(b"FAC\x00") + 14 + 20 + 1


def test_dg2_format_comes_from_magic_not_header():
    data = bytearray(encode_dg2(JP2))
    offset = _image_type_offset(bytes(data))
    assert data[offset] == 1
    data[offset] = 0  # the header now claims JPEG
    assert parse_dg2(bytes(data)).format == "jpeg2000"


def test_dg2_accepts_7f2e_data_block():
    data = encode_dg2(JPEG)
    at = data.index(b"\x5f\x2e")
    assert parse_dg2(data[:at] + b"\x7f\x2e" + data[at + 2:]).format == "jpeg"


def test_dg2_refuses_unknown_image_and_undecodable_image():
    png = _image("PNG")
    with pytest.raises(LdsError):
        encode_dg2(png)
    damaged = bytearray(encode_dg2(JPEG))
    start = bytes(damaged).index(JPEG)
    damaged[start + 200:start + len(JPEG)] = bytes(len(JPEG) - 200)  # keep the magic, ruin the rest
    with pytest.raises(LdsError):
        parse_dg2(bytes(damaged))


def test_dg2_refuses_bad_record():
    good = encode_dg2(JPEG)
    at = good.index(b"FAC\x00")
    with pytest.raises(LdsError):
        parse_dg2(good[:at] + b"XYZ\x00" + good[at + 4:])
    block_length = at + 14  # the face image block length, 4 bytes, made larger than the record
    with pytest.raises(LdsError):
        parse_dg2(good[:block_length] + b"\x7f\xff\xff\xff" + good[block_length + 4:])
    no_block = tlv.encode_constructed(0x75, tlv.encode_constructed(
        0x7F61, tlv.encode(0x02, b"\x01"), tlv.encode_constructed(0x7F60, tlv.encode(0xA1, b""))))
    with pytest.raises(LdsError):
        parse_dg2(no_block)


# Property tests: damaged files raise LdsError and nothing else.


DG1_BYTES, COM_BYTES = encode_dg1(TD1), encode_com(ComFile("0107", "040000", (0x61, 0x75)))
DG2_BYTES = encode_dg2(JPEG)


CASES = [(parse_dg1, DG1_BYTES), (parse_com, COM_BYTES), (parse_dg2, DG2_BYTES)]


@FAST
@given(st.sampled_from(CASES), st.data())
def test_truncated_files_raise_lds_error(case, data):
    parser, good = case
    with pytest.raises(LdsError):
        parser(data.draw(truncated(good)))


@FAST
@given(st.sampled_from(CASES), st.data())
def test_garbled_files_raise_lds_error_only(case, data):
    parser, good = case
    # the first 400 bytes hold every structure; flips deeper in DG2 only test the image decoder
    parses_or_lds_error(parser, data.draw(garbled(good, within=400)))


@FAST
@given(st.binary(max_size=200))
def test_random_bytes_raise_lds_error_only(data):
    for parser in (parse_dg1, parse_com, parse_dg2):
        parses_or_lds_error(parser, data)
    with pytest.raises(LdsError):
        image_format(data[:2])


def test_dg2_photo_over_the_pixel_cap_is_refused_without_decoding_it():
    out = io.BytesIO()
    Image.new("L", (4100, 4100)).save(out, "JPEG", quality=10)  # small file, 16.8 M pixels
    with pytest.raises(LdsError) as caught:
        parse_dg2(encode_dg2(out.getvalue()))
    assert "pixels, over" in caught.value.detail
