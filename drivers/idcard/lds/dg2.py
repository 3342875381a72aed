"""DG2 (ICAO 9303-10, tag 75): the face image inside an ISO/IEC 19794-5 biometric record; the image
format is told by the image's own magic bytes (JPEG or JPEG 2000). Only its header is read here,
with the decode work bounded (image_header.py); the one decode is the face check's."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import DG2
from drivers.idcard.lds.image_header import MAX_PIXELS, inspect_image

__all__ = ["MAX_PIXELS", "FaceImage", "encode_dg2", "image_format", "parse_dg2"]

_GROUP, _TEMPLATE, _HEADER, _COUNT = 0x7F61, 0x7F60, 0xA1, 0x02
_DATA_TAGS = (0x5F2E, 0x7F2E)
_FAC = b"FAC\x00"
_RECORD_HEADER = struct.Struct(">4s4sIH")  # format id, version, record length, image count
_FACE_INFO = struct.Struct(">IHBBB3sH3s3s")  # block length, feature points, gender, eyes, hair, ...
_FEATURE_POINT_SIZE = 8
_IMAGE_INFO = struct.Struct(">BBHHBBHH")  # face image type, image data type, width, height, ...
_JPEG_TYPE, _JPEG2000_TYPE = 0, 1
_JPEG_MAGIC = b"\xff\xd8\xff"
_JP2_MAGIC = bytes.fromhex("0000000C6A5020200D0A870A")
_J2K_MAGIC = bytes.fromhex("FF4FFF51")


@dataclass(frozen=True)
class FaceImage:
    """The chip's face photo: format ("jpeg" or "jpeg2000"), the encoded bytes, size in pixels."""

    format: str
    data: bytes = field(repr=False)  # the face photo: never in a log or traceback
    width: int
    height: int
    sha256: str


def image_format(image: bytes) -> str:
    """"jpeg" or "jpeg2000" from the image's magic bytes; LdsError for anything else."""
    if image.startswith(_JPEG_MAGIC):
        return "jpeg"
    if image.startswith(_JP2_MAGIC) or image.startswith(_J2K_MAGIC):
        return "jpeg2000"
    raise LdsError(detail=f"DG2 image is neither JPEG nor JPEG 2000 (starts {image[:4].hex()})")


def _biometric_data(data: bytes) -> bytes:
    group = tlv.decode(data, DG2.tag).child(_GROUP)
    template = group.child(_TEMPLATE)
    block = next((item for item in template.children() if item.tag in _DATA_TAGS), None)
    if block is None:
        raise LdsError(detail="DG2 has no biometric data block (5F2E/7F2E)")
    return block.value


def _image_bytes(record: bytes) -> bytes:
    """The first face image of a 19794-5 record: skip the record header, the facial information,
    its feature points and the image information."""
    if len(record) < _RECORD_HEADER.size + _FACE_INFO.size + _IMAGE_INFO.size:
        raise LdsError(detail=f"DG2 face record too short ({len(record)} bytes)")
    format_id, _, _, count = _RECORD_HEADER.unpack_from(record)
    if format_id != _FAC or count < 1:
        raise LdsError(detail="DG2 face record has no FAC header or no image")
    block_length, points = _FACE_INFO.unpack_from(record, _RECORD_HEADER.size)[:2]
    start = (_RECORD_HEADER.size + _FACE_INFO.size + points * _FEATURE_POINT_SIZE
             + _IMAGE_INFO.size)
    end = _RECORD_HEADER.size + block_length
    if start >= end or end > len(record):
        raise LdsError(detail="DG2 face image block length does not fit the record")
    return record[start:end]


def parse_dg2(data: bytes) -> FaceImage:
    """DG2 bytes → FaceImage (the first face); LdsError when malformed, or when the image's header
    is not a JPEG or JPEG 2000 one or announces more decode work than a face photo needs. The
    image itself is not decoded here: damage inside it shows when the face check decodes it."""
    image = _image_bytes(_biometric_data(data))
    header = inspect_image(image)
    return FaceImage(header.format, image, header.width, header.height,
                     hashlib.sha256(image).hexdigest())


def _face_record(image: bytes, kind: str, width: int, height: int) -> bytes:
    image_info = _IMAGE_INFO.pack(1, _JPEG_TYPE if kind == "jpeg" else _JPEG2000_TYPE,
                                  width, height, 1, 2, 0, 0)  # full frontal, 24-bit RGB, digital camera
    face_info_length = _FACE_INFO.size + len(image_info) + len(image)
    face_info = _FACE_INFO.pack(face_info_length, 0, 0, 0, 0, b"\x00\x00\x00", 0,
                                b"\x00\x00\x00", b"\x00\x00\x00")
    header = _RECORD_HEADER.pack(_FAC, b"010\x00", _RECORD_HEADER.size + face_info_length, 1)
    return header + face_info + image_info + image


def encode_dg2(image: bytes) -> bytes:
    """An encoded JPEG or JPEG 2000 image → DG2 bytes (one face, ISO/IEC 19794-5 FAC record)."""
    found = inspect_image(image)
    kind, width, height = found.format, found.width, found.height
    # Tags 81, 82, 87, 88 (a 14-byte template), as on the CCCD: its image then starts at byte
    # 84 of DG2, where public readers cut it (reference cccd-chip.md section 4.1).
    header = tlv.encode_constructed(
        _HEADER,
        tlv.encode(0x81, b"\x02"),  # biometric type: face
        tlv.encode(0x82, b"\x00"),  # biometric subtype: no information
        tlv.encode(0x87, b"\x01\x01"),  # format owner: ISO/IEC JTC1 SC37
        tlv.encode(0x88, b"\x00\x08"))  # format type: face image
    template = tlv.encode_constructed(_TEMPLATE, header,
                                      tlv.encode(_DATA_TAGS[0], _face_record(image, kind, width, height)))
    return tlv.encode_constructed(DG2.tag, tlv.encode_constructed(
        _GROUP, tlv.encode(_COUNT, b"\x01"), template))
