"""The face seam over terminal/face: the camera starts capturing (quality gate, liveness) at once,
and the chip photo is encoded only when the match needs it, so capture overlaps reading DG2."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from drivers.camera.frames import Camera
from terminal.checkin.parts import Cancelled, PhotoWait
from terminal.checkin.records import FaceOutcome, FaceVerdict
from terminal.face.errors import ReferencePhotoError
from terminal.face.liveness import Liveness
from terminal.face.reference import ReferenceFace
from terminal.face.verifier import FaceDecision, FaceEvent, FaceVerifier


class ChipPhotoReference:
    """Stands for the chip photo's ReferenceFace until the verifier asks for it; then waits for the
    photo (up to the face check's time) and encodes it, once."""

    def __init__(self, verifier: FaceVerifier, photo: PhotoWait, timeout_s: float) -> None:
        self._verifier = verifier
        self._photo = photo
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._face: ReferenceFace | None = None

    def resolve(self) -> ReferenceFace:
        with self._lock:
            if self._face is None:
                try:
                    photo = self._photo(self._timeout_s)
                except TimeoutError as exc:
                    raise ReferencePhotoError("unavailable", detail=str(exc)) from exc
                self._face = self._verifier.reference(photo)
            return self._face

    @property
    def encoding(self) -> np.ndarray:
        return self.resolve().encoding

    @property
    def greyscale(self) -> bool:
        return self.resolve().greyscale


def outcome_of(decision: FaceDecision) -> FaceOutcome:
    liveness = None if decision.liveness is Liveness.NOT_CHECKED \
        else decision.liveness is Liveness.PASSED
    verdict = FaceVerdict(decision.decision.value)
    if decision.distance is None and verdict is FaceVerdict.REVIEW:
        verdict = FaceVerdict.UNAVAILABLE  # no face was ever matched
    return FaceOutcome(verdict, decision.distance, liveness, decision.reasons)


def guidance_code(event: FaceEvent) -> str:
    if event.quality is not None and event.kind == "quality":
        return event.quality.value
    if event.challenge is not None and event.kind == "challenge":
        return event.challenge.value
    return event.kind


class CameraFaceCheck:
    """One face check per call, on a camera made fresh for it (the replay restarts its clip)."""

    def __init__(self, verifier: FaceVerifier, camera: Callable[[], Camera]) -> None:
        self.verifier = verifier
        self.camera = camera

    def check(self, photo: PhotoWait, on_guidance: Callable[[str, str, str], None],
              cancelled: Cancelled, timeout_s: float) -> FaceOutcome:
        reference = ChipPhotoReference(self.verifier, photo, timeout_s)

        def on_event(event: FaceEvent) -> None:
            on_guidance(guidance_code(event), event.text_en, event.text_vi)

        decision = self.verifier.verify(reference, self.camera(), on_event)  # type: ignore[arg-type]
        return outcome_of(decision)
