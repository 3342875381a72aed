"""DG2 (ICAO 9303-10, tag 75): the face image inside an ISO/IEC 19794-5 biometric record; the image
format is told by the image's own magic bytes (JPEG or JPEG 2000), and it is decoded to check it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FaceImage:
    """The chip's face photo: format ("jpeg" or "jpeg2000"), the encoded bytes, size in pixels."""

    format: str
    data: bytes
    width: int
    height: int
    sha256: str


def parse_dg2(data: bytes) -> FaceImage:
    """DG2 bytes → FaceImage (the first face); LdsError when malformed or the image does not decode."""
    raise NotImplementedError


def encode_dg2(image: bytes) -> bytes:
    """An encoded JPEG or JPEG 2000 image → DG2 bytes (one face, ISO/IEC 19794-5 FAC record)."""
    raise NotImplementedError
