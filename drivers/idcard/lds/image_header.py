"""The header of a chip photo (JPEG or JPEG 2000), read without decoding a pixel, and the decode
work it announces, bounded before anything is decoded (issue 17: a 900 kB progressive JPEG with
25,275 scans took ~50 s of CPU; a 172-byte JPEG 2000 declaring a huge image peaked at ~710 MB).

The bounds are far above any face photo (ICAO portraits are a few hundred pixels a side, one tile,
about ten progressive scans) and far below what would hold a kiosk up."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from drivers.idcard.errors import LdsError

#: A chip photo is a few hundred pixels a side; anything far bigger is not a face photo.
MAX_PIXELS = 4096 * 4096
#: Progressive JPEG scans: libjpeg's default script has 10, optimisers a few more. Each scan walks
#: every block of the image again, so the count multiplies the decode time.
MAX_JPEG_SCANS = 64
#: JPEG 2000 tiles: encoders use one, or a few hundred at most; each costs the decoder its own
#: structures.
MAX_J2K_TILES = 1024
MAX_COMPONENTS = 4
#: What a decoder may allocate for one photo: samples as the decoder holds them (JPEG 2000: 4 bytes
#: each; progressive JPEG: 2-byte coefficients) plus the decoded picture (4 bytes a pixel).
MAX_DECODE_BYTES = 160 * 1024 * 1024

_JPEG_MAGIC = b"\xff\xd8\xff"
_JP2_MAGIC = bytes.fromhex("0000000C6A5020200D0A870A")
_J2K_MAGIC = bytes.fromhex("FF4FFF51")
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_PROGRESSIVE_SOF = {0xC2, 0xC6, 0xCA, 0xCE}
_SOS, _EOI = 0xDA, 0xD9
_SIZ = struct.Struct(">HHIIIIIIIIH")  # Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz


@dataclass(frozen=True)
class ImageHeader:
    """What the header announces: format ("jpeg"/"jpeg2000"), size, components, the work unit
    (JPEG: scans; JPEG 2000: tiles) and the bytes a decoder would need."""

    format: str
    width: int
    height: int
    components: int
    scans: int = 1
    tiles: int = 1
    decode_bytes: int = 0


def _refuse(detail: str) -> LdsError:
    return LdsError(detail=f"DG2 image refused before decoding: {detail}")


def _jpeg(image: bytes) -> ImageHeader:
    pos, frame = 2, None
    while True:
        while pos < len(image) and image[pos] == 0xFF and pos + 1 < len(image) and image[pos + 1] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos + 4 > len(image) or image[pos] != 0xFF:
            raise LdsError(detail="DG2 JPEG header is truncated or has no scan")
        marker = image[pos + 1]
        length = int.from_bytes(image[pos + 2:pos + 4], "big")
        if length < 2 or pos + 2 + length > len(image):
            raise LdsError(detail=f"DG2 JPEG segment {marker:02X} has a bad length")
        if marker in _SOF:
            if length < 8 or frame is not None:
                raise LdsError(detail="DG2 JPEG has a bad or second frame header")
            height, width = struct.unpack_from(">HH", image, pos + 5)
            frame = (marker, width, height, image[pos + 9])
        if marker == _SOS:
            break
        pos += 2 + length
    if frame is None:
        raise LdsError(detail="DG2 JPEG has no frame header before its first scan")
    marker, width, height, components = frame
    # Markers cannot occur inside entropy-coded data (0xFF is stuffed), so this counts every scan
    # (and at worst a stray marker inside a later comment: a count too high, never too low).
    scans = 1 + image.count(b"\xff\xda", pos + 2)
    progressive = marker in _PROGRESSIVE_SOF
    samples = width * height * components
    return ImageHeader("jpeg", width, height, components, scans=scans,
                       decode_bytes=width * height * 4 + (samples * 2 if progressive else 0))


def _jp2_codestream(image: bytes) -> bytes:
    """The codestream inside a JP2 file: the content of its first `jp2c` box."""
    pos = 0
    while pos + 8 <= len(image):
        length, kind = struct.unpack_from(">I4s", image, pos)
        header = 8
        if length == 1:
            if pos + 16 > len(image):
                break
            length, header = struct.unpack_from(">Q", image, pos + 8)[0], 16
        elif length == 0:
            length = len(image) - pos
        if length < header:
            raise LdsError(detail=f"DG2 JPEG 2000 box {kind!r} has a bad length")
        if kind == b"jp2c":
            return image[pos + header:pos + length]
        pos += length
    raise LdsError(detail="DG2 JPEG 2000 file has no codestream box")


def _j2k(image: bytes) -> ImageHeader:
    stream = image if image.startswith(_J2K_MAGIC) else _jp2_codestream(image)
    if not stream.startswith(_J2K_MAGIC) or len(stream) < 4 + _SIZ.size:
        raise LdsError(detail="DG2 JPEG 2000 codestream does not start with SOC, SIZ")
    (_, _, xsiz, ysiz, xosiz, yosiz, xtsiz, ytsiz, xtosiz, ytosiz,
     components) = _SIZ.unpack_from(stream, 4)
    if not (xosiz < xsiz and yosiz < ysiz and xtsiz and ytsiz and xtosiz <= xosiz
            and ytosiz <= yosiz and 0 < components and len(stream) >= 4 + _SIZ.size + 3 * components):
        raise LdsError(detail="DG2 JPEG 2000 size header is inconsistent")
    width, height = xsiz - xosiz, ysiz - yosiz
    tiles = -(-(xsiz - xtosiz) // xtsiz) * -(-(ysiz - ytosiz) // ytsiz)
    samples = 0
    for index in range(min(components, MAX_COMPONENTS + 1)):
        _depth, dx, dy = stream[4 + _SIZ.size + 3 * index:4 + _SIZ.size + 3 * index + 3]
        if not dx or not dy:
            raise LdsError(detail="DG2 JPEG 2000 component has a zero subsampling")
        samples += -(-width // dx) * -(-height // dy)
    return ImageHeader("jpeg2000", width, height, components, tiles=tiles,
                       decode_bytes=samples * 4 + width * height * 4)


def inspect_image(image: bytes) -> ImageHeader:
    """The photo's header, its format told by the magic bytes; LdsError when it is neither JPEG
    nor JPEG 2000, is malformed, or announces more decode work than a face photo needs (pixels,
    JPEG scans, JPEG 2000 tiles and components, decoder memory). Decodes nothing."""
    if image.startswith(_JPEG_MAGIC):
        header = _jpeg(image)
    elif image.startswith(_JP2_MAGIC) or image.startswith(_J2K_MAGIC):
        header = _j2k(image)
    else:
        raise LdsError(detail=f"DG2 image is neither JPEG nor JPEG 2000 (starts {image[:4].hex()})")
    if not header.width or not header.height:
        raise LdsError(detail=f"DG2 image declares {header.width}x{header.height} pixels")
    if header.width * header.height > MAX_PIXELS:
        raise _refuse(f"{header.width}x{header.height} pixels, over {MAX_PIXELS}")
    if header.scans > MAX_JPEG_SCANS:
        raise _refuse(f"{header.scans} progressive scans, over {MAX_JPEG_SCANS}")
    if header.tiles > MAX_J2K_TILES:
        raise _refuse(f"{header.tiles} tiles, over {MAX_J2K_TILES}")
    if header.components > MAX_COMPONENTS:
        raise _refuse(f"{header.components} components, over {MAX_COMPONENTS}")
    if header.decode_bytes > MAX_DECODE_BYTES:
        raise _refuse(f"decoding would take {header.decode_bytes >> 20} MiB, over "
                      f"{MAX_DECODE_BYTES >> 20}")
    return header
