"""The face seam over terminal/face: the camera starts capturing (quality gate, liveness) at once,
while the card is placed and read, and the chip photo is encoded only when the match needs it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future

from drivers.camera.errors import CameraError
from drivers.camera.frames import Camera, Frame
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.errors import CheckinCancelled
from terminal.checkin.parts import Cancelled, Guide, PhotoWait
from terminal.checkin.records import Device, FaceArea, FaceOutcome, FaceVerdict, Health
from terminal.errors import TerminalError
from terminal.face.errors import ReferencePhotoError
from terminal.face.landmarks import FaceBox
from terminal.face.liveness import Liveness
from terminal.face.reference import ReferenceFace
from terminal.face.verifier import FaceDecision, FaceEvent, FaceVerifier


class ChipPhotoReference:
    """The verifier's reference provider for one check-in: asked after capture and liveness, it
    waits for the chip photo (up to the face check's time) and encodes it. `ready()` tells the
    verifier, which may have started before the card was even placed, whether it is there."""

    def __init__(self, verifier: FaceVerifier, photo: PhotoWait, timeout_s: float) -> None:
        self._verifier = verifier
        self._photo = photo
        self._timeout_s = timeout_s

    def ready(self) -> bool:
        """True once the photo is read, or once it never will be (the check-in ended): the call
        then answers at once."""
        try:
            self._photo(0.0)
        except TimeoutError:
            return False
        except CheckinCancelled:
            return True
        return True

    def __call__(self) -> ReferenceFace:
        try:
            photo = self._photo(self._timeout_s)
        except TimeoutError as exc:
            raise ReferencePhotoError("unavailable", detail=str(exc)) from exc
        return self._verifier.reference(photo)


def face_outcome(decision: FaceDecision) -> FaceOutcome:
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


def area_in_frame(box: FaceBox, width: int, height: int) -> FaceArea:
    """A face box in pixels as fractions of its frame, cut to the frame (the detector's box may
    reach past an edge)."""
    left, right = (min(1.0, max(0.0, x / width)) for x in (box.left, box.right))
    top, bottom = (min(1.0, max(0.0, y / height)) for y in (box.top, box.bottom))
    return FaceArea(left, top, right - left, bottom - top)


def face_area(event: FaceEvent) -> FaceArea | None:
    """Where the event's face is, as fractions of its frame; None when it has no box."""
    width, height = event.frame_size
    if event.box is None or width <= 0 or height <= 0:
        return None
    return area_in_frame(event.box, width, height)


class CheckinCamera:
    """The camera of one check-in: stops giving frames once the check-in is cancelled, which ends
    the verifier's capture at once (as a camera error) instead of at its own timeout."""

    def __init__(self, camera: Camera, cancelled: Cancelled) -> None:
        self._camera = camera
        self._cancelled = cancelled

    def open(self) -> None:
        self._camera.open()

    def frames(self) -> Iterator[Frame]:
        for frame in self._camera.frames():
            if self._cancelled():
                raise CameraError("The check-in was cancelled.", detail="check-in cancelled")
            yield frame

    def close(self) -> None:
        self._camera.close()


#: The face models are shared by the whole process and their detector must not run in two
#: threads at once; there is one camera anyway. A cancelled check stops within a frame.
_ONE_AT_A_TIME = threading.Lock()


class CameraFaceCheck:
    """One face check per call, on a camera made fresh for it (the replay restarts its clip).
    `early`: the verifier is told when the photo is there (it may start before the card is
    placed); False asks for the photo only after capture and liveness, as before issue 13 (the
    benchmark's baseline)."""

    def __init__(self, verifier: FaceVerifier, camera: Callable[[], Camera],
                 early: bool = True) -> None:
        self.verifier = verifier
        self.camera = camera
        self.early = early

    def check(self, photo: PhotoWait, on_guidance: Guide, cancelled: Cancelled,
              timeout_s: float) -> FaceOutcome:
        chip_photo = ChipPhotoReference(self.verifier, photo, timeout_s)
        reference = chip_photo if self.early else chip_photo.__call__  # no ready(): asked last

        def on_event(event: FaceEvent) -> None:
            on_guidance(guidance_code(event), event.text_en, event.text_vi, face_area(event))

        with _ONE_AT_A_TIME:
            decision = self.verifier.verify(reference, CheckinCamera(self.camera(), cancelled),
                                            on_event)
        return face_outcome(decision)


def face_check_ended(future: Future[FaceOutcome] | None, board: DeviceBoard) -> FaceOutcome:
    """What a check-in's face check came to: its outcome, or unavailable when it was late
    (`future` None) or could not be done; the camera's health noted on the board either way."""
    if future is None:
        board.error(Device.CAMERA, "The face check took too long.", Health.DEGRADED,
                    code="timeout")
        return FaceOutcome(FaceVerdict.UNAVAILABLE, reasons=("The face check took too long.",))
    try:
        outcome = future.result()
    except CheckinCancelled:
        raise
    except TerminalError as exc:
        board.error(Device.CAMERA, exc.message, code=type(exc).__name__)
        return FaceOutcome(FaceVerdict.UNAVAILABLE, reasons=(exc.message,))
    board.ok(Device.CAMERA, "Face checked.")
    return outcome
