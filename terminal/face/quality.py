"""The quality gate on live frames: one face, near enough, not too near, lit, sharp and facing the
camera. Each failure is its own result with guidance the kiosk shows (Vietnamese and English)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np

from terminal.face.landmarks import FaceBox, FaceFinder, FaceLandmarks


class Quality(str, Enum):
    OK = "ok"
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    TOO_FAR = "too_far"
    TOO_CLOSE = "too_close"
    TOO_DARK = "too_dark"
    TOO_BLURRED = "too_blurred"
    NOT_FACING = "not_facing"


GUIDANCE: dict[Quality, tuple[str, str]] = {
    Quality.OK: ("Giữ yên, đang kiểm tra khuôn mặt.", "Hold still, checking your face."),
    Quality.NO_FACE: ("Hãy nhìn vào máy ảnh.", "Please look at the camera."),
    Quality.SEVERAL_FACES: ("Chỉ một người trước máy ảnh.", "Only one person in front of the camera, please."),
    Quality.TOO_FAR: ("Hãy lại gần hơn.", "Please come closer."),
    Quality.TOO_CLOSE: ("Hãy lùi ra xa một chút.", "Please move back a little."),
    Quality.TOO_DARK: ("Quá tối: hãy đứng nơi có ánh sáng.", "Too dark: please face the light."),
    Quality.TOO_BLURRED: ("Ảnh bị mờ: hãy giữ yên.", "The picture is blurred: please hold still."),
    Quality.NOT_FACING: ("Hãy nhìn thẳng vào máy ảnh.", "Please look straight at the camera."),
}

# Thresholds, measured on the shipped faces and their degraded copies (docs/face.md):
#: Face width as a fraction of the frame width: below is too far, above is too close.
MIN_FACE_FRACTION = 0.18
MAX_FACE_FRACTION = 0.60
#: Mean luminance (0-255) of the face, and of the whole frame when no face is found.
MIN_FACE_LUMINANCE = 60.0
MIN_FRAME_LUMINANCE = 40.0
#: Variance of the Laplacian of the face crop scaled to SHARPNESS_WIDTH px wide.
MIN_SHARPNESS = 40.0
SHARPNESS_WIDTH = 128
#: Estimated head yaw beyond which the face is not facing the camera.
MAX_YAW_DEGREES = 30.0


@dataclass(frozen=True)
class QualityReport:
    """The gate's verdict on one frame and the measures behind it."""

    result: Quality
    box: FaceBox | None = None
    landmarks: FaceLandmarks | None = None
    face_fraction: float = 0.0
    luminance: float = 0.0
    sharpness: float = 0.0
    yaw_degrees: float = 0.0

    @property
    def passed(self) -> bool:
        return self.result is Quality.OK

    def guidance(self, language: str = "vi") -> str:
        vi, en = GUIDANCE[self.result]
        return vi if language == "vi" else en


def sharpness(gray_face: np.ndarray) -> float:
    """Variance of the Laplacian, on the crop scaled to a fixed width so faces near and far
    compare."""
    height, width = gray_face.shape[:2]
    scaled = cv2.resize(gray_face, (SHARPNESS_WIDTH, max(1, round(height * SHARPNESS_WIDTH / width))),
                        interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(scaled, cv2.CV_64F).var())


def assess(gray: np.ndarray, finder: FaceFinder) -> QualityReport:
    """Run the gate on one greyscale frame; the first failing check is the result."""
    boxes = finder.find(gray)
    if not boxes:
        dark = float(gray.mean()) < MIN_FRAME_LUMINANCE
        return QualityReport(Quality.TOO_DARK if dark else Quality.NO_FACE,
                             luminance=float(gray.mean()))
    if len(boxes) > 1:
        return QualityReport(Quality.SEVERAL_FACES, box=boxes[0])
    box = boxes[0]
    fraction = box.width / gray.shape[1]
    face = gray[box.top:box.bottom, box.left:box.right]
    measures = dict(box=box, face_fraction=fraction, luminance=float(face.mean()))
    if fraction < MIN_FACE_FRACTION:
        return QualityReport(Quality.TOO_FAR, **measures)
    touches_edge = box.left <= 0 or box.top <= 0 or box.right >= gray.shape[1] or \
        box.bottom >= gray.shape[0]
    if fraction > MAX_FACE_FRACTION or touches_edge:
        return QualityReport(Quality.TOO_CLOSE, **measures)
    if measures["luminance"] < MIN_FACE_LUMINANCE:
        return QualityReport(Quality.TOO_DARK, **measures)
    landmarks = finder.landmarks(gray, box)
    measures.update(landmarks=landmarks, sharpness=sharpness(face),
                    yaw_degrees=landmarks.yaw_degrees())
    if measures["sharpness"] < MIN_SHARPNESS:
        return QualityReport(Quality.TOO_BLURRED, **measures)
    if abs(measures["yaw_degrees"]) > MAX_YAW_DEGREES:
        return QualityReport(Quality.NOT_FACING, **measures)
    return QualityReport(Quality.OK, **measures)
