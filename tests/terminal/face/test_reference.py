"""The chip photo as reference: JPEG and JPEG 2000 encode; bad photos give typed errors."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image

from terminal.face.errors import ReferencePhotoError
from terminal.face.landmarks import face_distance
from terminal.face.reference import encode_reference, sniff_format
from tests.support.face_media import FACES, dg2_photo


def png(image: np.ndarray) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()


def test_jpeg_and_jpeg2000_give_the_same_face(finder):
    jpeg = encode_reference(dg2_photo(finder, "collins.jpg"), finder)
    jp2 = encode_reference(dg2_photo(finder, "collins.jpg", "JPEG2000"), finder)
    assert (jpeg.image_format, jp2.image_format) == ("jpeg", "jpeg2000")
    assert face_distance(jpeg.encoding, jp2.encoding) < 0.1
    assert not jpeg.greyscale


def test_greyscale_photo_is_encoded_and_flagged(finder, references):
    grey = encode_reference(dg2_photo(finder, "obama.jpg", mode="L"), finder)
    assert grey.greyscale
    assert face_distance(grey.encoding, references["obama"].encoding) < 0.3


def test_small_photo_is_upsampled_for_detection(finder):
    ref = encode_reference(dg2_photo(finder, "biden.jpg", size=120), finder)
    assert ref.width <= 120


@pytest.mark.parametrize("data,reason", [
    (b"", "corrupt"),
    (b"\xff\xd8\xff\xe0 not really a jpeg", "corrupt"),
    (png(np.full((24, 24, 3), 128, np.uint8)), "too_small"),
    (png(np.full((300, 300, 3), 128, np.uint8)), "no_face"),
])
def test_bad_photos_are_typed_errors(finder, data, reason):
    with pytest.raises(ReferencePhotoError) as info:
        encode_reference(data, finder)
    assert info.value.reason == reason
    assert "Receptionist" in info.value.message


def test_truncated_photo_is_corrupt_or_unusable(finder):
    data = dg2_photo(finder, "obama.jpg")
    with pytest.raises(ReferencePhotoError):
        encode_reference(data[: len(data) // 8], finder)


def test_two_faces_are_refused(finder):
    left = cv2.imread(str(FACES / "obama.jpg"))[100:500, 300:700]
    right = cv2.imread(str(FACES / "biden.jpg"))[150:630, 350:830]
    both = np.hstack([left, cv2.resize(right, (400, 400))])
    with pytest.raises(ReferencePhotoError) as info:
        encode_reference(png(both), finder)
    assert info.value.reason == "several_faces"


def test_a_tiny_face_is_refused(finder):
    photo = cv2.resize(cv2.imread(str(FACES / "obama.jpg")), (91, 114))
    canvas = np.full((300, 300, 3), 200, np.uint8)
    canvas[:114, :91] = photo
    with pytest.raises(ReferencePhotoError) as info:
        encode_reference(png(canvas), finder)
    assert info.value.reason in ("too_small", "no_face")


def test_sniff_format():
    assert sniff_format(b"\xff\xd8\xff\xe0") == "jpeg"
    assert sniff_format(b"\x00\x00\x00\x0cjP  \r\n\x87\n....") == "jpeg2000"
    assert sniff_format(b"\xffO\xffQ") == "jpeg2000"
    assert sniff_format(b"GIF89a") == "unknown"


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=4000), noise=st.binary(max_size=64))
def test_garbled_photos_never_crash(finder, cut, noise):
    data = _JPEG[:cut] + noise
    try:
        encode_reference(data, finder)
    except ReferencePhotoError as exc:
        assert exc.reason in ("corrupt", "too_small", "no_face", "several_faces")


buffer = io.BytesIO()
Image.new("RGB", (64, 64), (120, 90, 60)).save(buffer, "JPEG")
_JPEG = buffer.getvalue()


def test_a_photo_over_the_pixel_cap_is_refused_before_it_is_decoded(finder):
    # 20 M pixels of one colour: a few kB as PNG, 60 MB as the RGB array it would decode to.
    out = io.BytesIO()
    Image.new("L", (5000, 4000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ReferencePhotoError) as caught:
        encode_reference(out.getvalue(), finder)
    assert caught.value.reason == "corrupt" and "pixel cap" in caught.value.detail
