"""Finding faces in a frame (HOG on a downscaled copy), their 68 landmarks, the eye opening and
head yaw read from them, and the 128-d encoding of a face crop."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import dlib
import numpy as np

from terminal.face.models import FaceModels

#: Size and padding of the aligned face crop the encoder reads (dlib's and face_recognition's).
CHIP_SIZE = 150
CHIP_PADDING = 0.25


@dataclass(frozen=True)
class FaceBox:
    """A face's box in full-resolution pixel coordinates."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def to_dlib(self) -> dlib.rectangle:
        return dlib.rectangle(self.left, self.top, self.right, self.bottom)


@dataclass(frozen=True)
class FaceLandmarks:
    """The 68 iBUG landmarks of one face, as a (68, 2) float array."""

    points: np.ndarray

    def eye_aspect_ratio(self) -> float:
        """Mean eye opening of both eyes (Soukupová & Čech 2016): eyelid gaps over eye width;
        about 0.25-0.35 open, falling towards 0.1 closed."""
        def one(eye: np.ndarray) -> float:
            gaps = np.linalg.norm(eye[1] - eye[5]) + np.linalg.norm(eye[2] - eye[4])
            return float(gaps / (2.0 * max(np.linalg.norm(eye[0] - eye[3]), 1e-6)))
        return (one(self.points[36:42]) + one(self.points[42:48])) / 2.0

    def yaw_degrees(self) -> float:
        """Head yaw estimated from where the nose tip sits between the two sides of the jaw:
        0 facing the camera, positive when the face turns towards the image's right (the
        patient's left). Treats the head as a cylinder, so the offset is the sine of the angle."""
        nose = self.points[30, 0]
        to_left = nose - self.points[2, 0]
        to_right = self.points[14, 0] - nose
        span = max(to_left + to_right, 1e-6)
        ratio = float(np.clip((to_left - to_right) / span, -1.0, 1.0))
        return math.degrees(math.asin(ratio))


class FaceFinder:
    """Detection, landmarks and encoding with models loaded once.

    Detection runs on a copy scaled down to at most `detect_width` pixels wide (HOG cost grows
    with the pixel count); landmarks and encodings use the full-resolution face region.
    """

    def __init__(self, models: FaceModels, detect_width: int = 640) -> None:
        self.models = models
        self.detect_width = detect_width

    def find(self, gray: np.ndarray, upsample: int = 0) -> list[FaceBox]:
        """Boxes of the faces in a greyscale image, largest first."""
        height, width = gray.shape[:2]
        scale = max(1.0, width / self.detect_width)
        small = gray if scale == 1.0 else cv2.resize(
            gray, (round(width / scale), round(height / scale)), interpolation=cv2.INTER_AREA)
        boxes = [
            FaceBox(max(0, round(r.left() * scale)), max(0, round(r.top() * scale)),
                    min(width, round(r.right() * scale)), min(height, round(r.bottom() * scale)))
            for r in self.models.detector(small, upsample)
        ]
        return sorted(boxes, key=lambda b: b.width * b.height, reverse=True)

    def landmarks(self, gray: np.ndarray, box: FaceBox) -> FaceLandmarks:
        shape = self.models.landmarks68(gray, box.to_dlib())
        return FaceLandmarks(np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float64))

    def encode(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        """The 128-d encoding of the face in `box`: 5-point alignment, then the encoder on the
        aligned crop only (the same recipe as face_recognition's default)."""
        shape = self.models.landmarks5(rgb, box.to_dlib())
        chip = dlib.get_face_chip(rgb, shape, size=CHIP_SIZE, padding=CHIP_PADDING)
        return np.asarray(self.models.encoder.compute_face_descriptor(chip), dtype=np.float64)


def face_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Euclidean distance between two encodings: under ~0.6 is usually the same person."""
    return float(np.linalg.norm(a - b))
