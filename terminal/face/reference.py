"""The reference face: the chip's DG2 photo (JPEG or JPEG 2000 bytes) decoded, its one face found
and encoded once per card. Kept in memory only, for the length of one check-in."""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from drivers.idcard.errors import LdsError
from drivers.idcard.lds.image_header import MAX_PIXELS, inspect_image
from terminal.face.errors import ReferencePhotoError
from terminal.face.landmarks import FaceFinder

#: Below this many pixels on the short side a photo cannot hold a usable face.
MIN_PHOTO_SIDE = 48
#: A face narrower than this (in photo pixels) is too small to encode reliably.
MIN_FACE_WIDTH = 32
#: A second face counts when at least this fraction of the largest's width (smaller hits are
#: background false detections, e.g. a badge or a pattern).
SECOND_FACE_FRACTION = 0.5
#: Photos smaller than this are upsampled for detection (HOG finds faces from ~80 px).
UPSAMPLE_BELOW = 400
#: The smallest face HOG finds without upsampling, in pixels.
HOG_MIN_FACE = 80

_MAGIC = {b"\xff\xd8\xff": "jpeg", b"\x00\x00\x00\x0cjP  \r\n\x87\n": "jpeg2000",
          b"\xffO\xffQ": "jpeg2000"}


@dataclass(frozen=True)
class ReferenceFace:
    """The chip photo's encoding, with what was noticed about the photo."""

    encoding: np.ndarray
    image_format: str
    width: int
    height: int
    face_width: int
    greyscale: bool


def sniff_format(data: bytes) -> str:
    """`jpeg`, `jpeg2000` or `unknown`, from the magic bytes (the DG2 header may be wrong)."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    return "unknown"


def decode_photo(data: bytes) -> tuple[np.ndarray, bool]:
    """The photo as an RGB array, and whether it was greyscale; ReferencePhotoError if corrupt or
    if its header announces more decode work than a face photo needs (checked before decoding:
    Pillow's own bomb limit, ~179 M pixels, bounds neither progressive scans nor JPEG 2000 tiles)."""
    if sniff_format(data) != "unknown":  # a chip's photo: JPEG or JPEG 2000
        try:
            inspect_image(data)
        except LdsError as exc:
            raise ReferencePhotoError("corrupt", detail=exc.detail) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            # Other formats (a photo file given to verify-face): the pixel cap, before decoding.
            if image.width * image.height > MAX_PIXELS:
                raise ReferencePhotoError("corrupt", detail=f"photo of {image.size} pixels is "
                                          f"over the {MAX_PIXELS} pixel cap")
            image.load()
            greyscale = image.mode in ("L", "LA", "I", "I;16", "1")
            rgb = np.asarray(image.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ReferencePhotoError("corrupt", detail=f"photo cannot be decoded "
                                  f"({sniff_format(data)}, {len(data)} bytes): {exc}") from exc
    if rgb.ndim == 3 and not greyscale:
        greyscale = bool(np.array_equal(rgb[..., 0], rgb[..., 1])
                         and np.array_equal(rgb[..., 1], rgb[..., 2]))
    return np.ascontiguousarray(rgb), greyscale


def _faces(gray: np.ndarray, finder: FaceFinder, upsample: bool) -> list:
    """The photo's faces, largest first. A small photo is searched without upsampling first
    (four times fewer pixels, ~100 ms less on the kiosk): enough when the face found is so large
    that any rival face counting as a second one (SECOND_FACE_FRACTION) would be found too."""
    if upsample:
        boxes = finder.find(gray, upsample=0)
        if boxes and boxes[0].width * SECOND_FACE_FRACTION >= HOG_MIN_FACE:
            return boxes
    return finder.find(gray, upsample=1 if upsample else 0)


def encode_reference(data: bytes, finder: FaceFinder) -> ReferenceFace:
    """Decode the DG2 photo, find exactly one face and encode it.

    Raises ReferencePhotoError with reason corrupt / too_small / no_face / several_faces. A
    greyscale photo is encoded (the encoder reads luminance well) and flagged for the decision.
    """
    rgb, greyscale = decode_photo(data)
    height, width = rgb.shape[:2]
    if min(height, width) < MIN_PHOTO_SIDE:
        raise ReferencePhotoError("too_small", detail=f"photo is {width}x{height} px")
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    boxes = _faces(gray, finder, upsample=min(height, width) < UPSAMPLE_BELOW)
    if not boxes:
        raise ReferencePhotoError("no_face", detail=f"no face found in the {width}x{height} photo")
    largest = boxes[0]
    rivals = [b for b in boxes[1:] if b.width >= SECOND_FACE_FRACTION * largest.width]
    if rivals:
        raise ReferencePhotoError("several_faces", detail=f"{1 + len(rivals)} faces in the photo")
    if largest.width < MIN_FACE_WIDTH:
        raise ReferencePhotoError("too_small", detail=f"face is {largest.width} px wide")
    return ReferenceFace(finder.encode(rgb, largest), sniff_format(data), width, height,
                         largest.width, greyscale)
