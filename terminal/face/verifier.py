"""The face-verification pipeline: camera frames through the quality gate and the liveness
challenge, the live face matched against the chip photo, one FaceDecision at the end.

Frames are captured in a thread of their own into a one-frame mailbox: when analysis falls
behind, older frames are dropped, never queued. Frames and encodings live in this call only and
are gone when it returns; an audit photo is written only when the config asks for it.

A check may start before the chip photo is read (a reference provider that says when it is
`ready`): liveness then passes while the card is still placed and read, the face is tracked until
the photo is there, and the match is re-checked on a frame taken then (docs/face.md, "Early").
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from drivers.camera.errors import CameraError
from drivers.camera.frames import Camera, Frame
from terminal.config import FaceSection
from terminal.face.landmarks import FaceBox, FaceFinder, face_distance
from terminal.face.liveness import Challenge, Liveness, LivenessCheck, pick_challenge
from terminal.face.matcher import MatchVerdict, Thresholds, combine, judge_distance
from terminal.face.models import ModelLoader, shared_loader
from terminal.face.quality import GUIDANCE, Quality, QualityReport, assess
from terminal.face.reference import ReferenceFace, encode_reference

log = logging.getLogger(__name__)

#: The gate's guidance is sent again when any edge of the face box moves by this share of the
#: frame, so a box drawn over the preview follows the face without an event per frame.
BOX_MOVE_FRACTION = 0.02

#: While waiting for the chip photo after liveness, the face is tracked on a frame at most this
#: often (detection only: it must leave the CPU to the chip read).
TRACK_INTERVAL_S = 0.12
#: A face out of view (or several faces) this long while waiting for the photo: the person may
#: have changed, so liveness starts again.
FACE_GONE_S = 0.6
#: A tracked face whose centre moves by more than this many face widths between two tracked
#: frames is taken for another face.
TRACK_JUMP_WIDTHS = 0.5
#: How often a check waiting for the photo looks whether it has come, between frames.
_READY_POLL_S = 0.01

#: Gives the reference face when the match needs it (e.g. once the chip photo is read); raises
#: ReferencePhotoError when it cannot. A provider with a `ready()` method (True once its call
#: will not wait) lets the check start early: see FaceVerifier.verify.
ReferenceProvider = Callable[[], ReferenceFace]


@dataclass(frozen=True)
class FaceEvent:
    """Something the kiosk should show now: gate guidance, the challenge, or its outcome."""

    kind: str  # quality | challenge | liveness | camera
    text_vi: str
    text_en: str
    quality: Quality | None = None
    challenge: Challenge | None = None
    box: FaceBox | None = None            # the gate's face (kind quality), frame pixels
    frame_size: tuple[int, int] = (0, 0)  # (width, height) of the frame `box` is in


def box_moved(before: FaceBox | None, after: FaceBox | None, width: int, height: int) -> bool:
    """Whether the face appeared, went, or moved an edge by BOX_MOVE_FRACTION of the frame."""
    if before is None or after is None:
        return before is not after
    return (max(abs(before.left - after.left), abs(before.right - after.right))
            > BOX_MOVE_FRACTION * width
            or max(abs(before.top - after.top), abs(before.bottom - after.bottom))
            > BOX_MOVE_FRACTION * height)


@dataclass(frozen=True)
class FaceDecision:
    """The outcome of one face check: the verdict, the score, the thresholds and the reasons."""

    decision: MatchVerdict
    distance: float | None
    same_person: bool | None
    liveness: Liveness
    liveness_evidence: str
    challenge: Challenge | None
    quality: Quality | None
    thresholds: Thresholds
    reasons: tuple[str, ...]
    elapsed_ms: float
    time_to_decision_ms: float | None
    frames_analysed: int
    frames_dropped: int
    mean_frame_ms: float

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("decision", "liveness", "challenge", "quality"):
            value = getattr(self, key)
            data[key] = value.value if value is not None else None
        data["reasons"] = list(self.reasons)
        return data


class FrameMailbox:
    """Holds the newest frame only; a frame not taken before the next arrives is dropped."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._error: CameraError | None = None
        self.dropped = 0

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify()

    def fail(self, error: CameraError) -> None:
        with self._cond:
            self._error = error
            self._cond.notify()

    def take(self, timeout_s: float) -> Frame | None:
        """The newest frame, waiting up to `timeout_s`; raises the camera's error once frames are
        used up."""
        with self._cond:
            self._cond.wait_for(lambda: self._frame is not None or self._error is not None,
                                timeout_s)
            frame, self._frame = self._frame, None
            if frame is None and self._error is not None:
                raise self._error
            return frame


def _capture(camera: Camera, mailbox: FrameMailbox, stop: threading.Event) -> None:
    try:
        camera.open()
        for frame in camera.frames():
            if stop.is_set():
                break
            mailbox.put(frame)
    except CameraError as exc:
        mailbox.fail(exc)
    finally:
        camera.close()


@dataclass
class _Session:
    """The mutable state of one verification; dropped when verify() returns."""

    challenge: Challenge
    check: LivenessCheck | None = None
    encodings: list[tuple[np.ndarray, float]] = field(default_factory=list)
    audit_image: np.ndarray | None = None
    first_face_at: float | None = None
    last_quality: Quality | None = None
    last_box: FaceBox | None = None  # the box last sent with the guidance
    frame_ms: list[float] = field(default_factory=list)
    camera_error: CameraError | None = None
    #: Frame time a single face was last seen (liveness frames and tracked frames).
    face_seen_at: float | None = None
    track_box: FaceBox | None = None  # the tracked face while waiting for the photo
    tracked_at: float | None = None
    #: The face was tracked while waiting for the photo: one more encoding, taken once the photo
    #: is there, re-checks that the face matched is the one that passed liveness.
    recheck: bool = False

    def wants_encoding(self) -> bool:
        return self.recheck or self._window_incomplete()

    def _window_incomplete(self) -> bool:
        """An encoding of the liveness window is missing: one before the gesture, one after."""
        if not self.encodings:
            return True
        check = self.check
        return bool(check and check.state is Liveness.PASSED and check.passed_at is not None
                    and (len(self.encodings) < 2 or self.encodings[-1][1] < check.passed_at))

    def done(self) -> bool:
        check = self.check
        if check is None:
            return False
        if check.state is Liveness.FAILED:
            return True
        return check.state is Liveness.PASSED and not self.wants_encoding()

    def holding(self) -> bool:
        """Liveness passed and its encodings taken: only the photo is missing."""
        return bool(self.check and self.check.state is Liveness.PASSED
                    and not self._window_incomplete())

    def carry_over(self, challenge: Challenge) -> _Session:
        """A fresh session (liveness again) that keeps the frame statistics."""
        fresh = _Session(challenge, last_quality=self.last_quality, last_box=self.last_box,
                         camera_error=self.camera_error)
        fresh.frame_ms = self.frame_ms
        return fresh


def _jumped(before: FaceBox, after: FaceBox) -> bool:
    """Whether the face's centre moved by more than TRACK_JUMP_WIDTHS face widths."""
    dx = (before.left + before.right - after.left - after.right) / 2
    dy = (before.top + before.bottom - after.top - after.bottom) / 2
    return (dx * dx + dy * dy) ** 0.5 > TRACK_JUMP_WIDTHS * max(before.width, after.width)


class FaceVerifier:
    """Checks that the person at the camera is the chip photo's owner.

    Models load in the background from construction on (shared across verifiers); `verify()`
    waits for them only if they are not ready yet.
    """

    def __init__(self, settings: FaceSection, *, loader: ModelLoader | None = None,
                 rng: random.Random | None = None, audit_dir: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.thresholds = Thresholds(settings.accept_distance, settings.review_distance)
        self._loader = loader or shared_loader()
        self._rng = rng
        self._audit_dir = audit_dir if settings.audit_photos else None
        self._clock = clock

    def finder(self) -> FaceFinder:
        return FaceFinder(self._loader.get(), self.settings.detect_width)

    def reference(self, photo: bytes) -> ReferenceFace:
        """Encode the chip photo (once per card); ReferencePhotoError when it cannot serve."""
        return encode_reference(photo, self.finder())

    def verify(self, reference: ReferenceFace | ReferenceProvider, camera: Camera,
               on_event: Callable[[FaceEvent], None] | None = None) -> FaceDecision:
        """Capture, liveness and the match. A provider with `ready()` may be asked long after the
        check starts (the card is still being placed and read): until it is ready, a liveness
        that times out starts again instead of ending the check, and once liveness passed the
        face is tracked; a face that leaves (FACE_GONE_S) or changes place abruptly starts
        liveness again. Once the photo is ready, the time limits count from then, and a face
        that was tracked is encoded once more so the match covers it and the liveness frames."""
        emit = on_event or (lambda _event: None)
        finder = self.finder()
        started = self._clock()
        ready = getattr(reference, "ready", None)
        waiting = ready is not None and not isinstance(reference, ReferenceFace)
        window_from = started  # the time limits count from here
        session = _Session(pick_challenge(self.settings.liveness, self._rng))
        mailbox, stop = FrameMailbox(), threading.Event()
        thread = threading.Thread(target=_capture, args=(camera, mailbox, stop),
                                  name="face-capture", daemon=True)
        thread.start()
        latest: Frame | None = None  # the newest frame taken while waiting for the photo
        face = reference if isinstance(reference, ReferenceFace) else None
        try:
            while True:
                if waiting and ready():
                    waiting, window_from = False, self._clock()
                    # encoded now: while a liveness still under way waits for the gesture
                    face = reference()  # type: ignore[operator]
                    self._photo_arrived(session, window_from)
                    if session.recheck and latest is not None:  # no wait for the next frame
                        self._analyse(latest, session, finder, emit)
                    latest = None
                if session.done() and not waiting:
                    break
                if waiting:
                    # no one yet, or no gesture in time: ask again (a passed one waits on)
                    if not session.holding() and self._timed_out(session, window_from):
                        session, window_from = self._again(session), self._clock()
                elif self._timed_out(session, window_from):
                    break
                try:
                    frame = mailbox.take(timeout_s=_READY_POLL_S if waiting else 0.25)
                except CameraError as exc:
                    session.camera_error = exc
                    emit(FaceEvent("camera", exc.message, exc.message))
                    break
                if frame is None:
                    continue
                if waiting and session.holding():
                    latest = frame
                    session = self._track(frame, session, finder, emit)
                else:
                    self._analyse(frame, session, finder, emit)
        finally:
            stop.set()
            thread.join(timeout=2.0)
        # a provider is asked no sooner than its photo is there, so capture and liveness ran
        # while it got it
        if face is None:
            face = reference()  # type: ignore[operator]
        return self._decide(session, face, started, mailbox.dropped)

    def _timed_out(self, session: _Session, started: float) -> bool:
        now = self._clock()
        if session.check is None or session.recheck:  # no face yet, or not seen again since
            return now - started > self.settings.liveness_timeout_s
        return session.check.expire(now) is Liveness.FAILED

    def _again(self, session: _Session) -> _Session:
        return session.carry_over(pick_challenge(self.settings.liveness, self._rng))

    @staticmethod
    def _photo_arrived(session: _Session, now: float) -> None:
        """A liveness check still under way gets its whole time from the photo's arrival."""
        check = session.check
        if check is not None and check.state is Liveness.PENDING:
            check.started_at = max(check.started_at, now)

    def _track(self, frame: Frame, session: _Session, finder: FaceFinder,
               emit: Callable[[FaceEvent], None]) -> _Session:
        """Follow the face that passed liveness while the photo is awaited (detection only, at
        most every TRACK_INTERVAL_S); the session to go on with: a fresh one when the face left,
        became several or jumped to another place."""
        last = session.tracked_at
        if last is not None and frame.timestamp - last < TRACK_INTERVAL_S:
            return session
        began = time.perf_counter()
        session.tracked_at = frame.timestamp
        boxes = finder.find(cv2.cvtColor(frame.image, cv2.COLOR_BGR2GRAY))
        session.frame_ms.append((time.perf_counter() - began) * 1000.0)
        previous = session.track_box or session.last_box
        if len(boxes) == 1 and (previous is None or not _jumped(previous, boxes[0])):
            session.face_seen_at, session.track_box, session.recheck = \
                frame.timestamp, boxes[0], True
            return session
        seen = session.face_seen_at if session.face_seen_at is not None else frame.timestamp
        if len(boxes) == 1 or frame.timestamp - seen >= FACE_GONE_S:
            result = Quality.SEVERAL_FACES if len(boxes) > 1 else Quality.NO_FACE
            if len(boxes) == 1:
                why = "another face in view"
            else:
                why = "several faces in view" if boxes else "the face left the camera"
            log.info("face check: %s after liveness; liveness starts again", why)
            vi, en = GUIDANCE[result]
            emit(FaceEvent("quality", vi, en, quality=result,
                           box=boxes[0] if len(boxes) == 1 else None,
                           frame_size=(frame.width, frame.height)))
            fresh = self._again(session)
            fresh.last_quality, fresh.last_box = result, None
            return fresh
        return session

    def _analyse(self, frame: Frame, session: _Session, finder: FaceFinder,
                 emit: Callable[[FaceEvent], None]) -> None:
        began = time.perf_counter()
        gray = cv2.cvtColor(frame.image, cv2.COLOR_BGR2GRAY)
        report = assess(gray, finder)
        if report.result is not session.last_quality or \
                box_moved(session.last_box, report.box, frame.width, frame.height):
            vi, en = GUIDANCE[report.result]
            emit(FaceEvent("quality", vi, en, quality=report.result, box=report.box,
                           frame_size=(frame.width, frame.height)))
            session.last_box = report.box
        session.last_quality = report.result
        self._follow_liveness(frame, report, session, emit)
        if report.box is not None and report.result is not Quality.SEVERAL_FACES:
            session.face_seen_at = frame.timestamp
        if report.passed and report.box is not None and session.wants_encoding():
            rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
            session.encodings.append((finder.encode(rgb, report.box), frame.timestamp))
            session.recheck = False
            if self._audit_dir is not None:
                session.audit_image = frame.image
        session.frame_ms.append((time.perf_counter() - began) * 1000.0)

    def _follow_liveness(self, frame: Frame, report: QualityReport, session: _Session,
                         emit: Callable[[FaceEvent], None]) -> None:
        # Turned-away frames still count for the turn challenge; blurred or dark ones do not.
        if report.landmarks is None or report.result not in (Quality.OK, Quality.NOT_FACING):
            return
        if session.check is None:
            session.first_face_at = frame.timestamp
            session.check = LivenessCheck(session.challenge, self.settings.liveness_timeout_s,
                                          frame.timestamp)
            emit(FaceEvent("challenge", session.check.prompt("vi"), session.check.prompt("en"),
                           challenge=session.challenge))
        was = session.check.state
        if session.check.update(frame.timestamp, report.landmarks) is Liveness.PASSED and \
                was is Liveness.PENDING:
            emit(FaceEvent("liveness", "Cảm ơn.", "Thank you.", challenge=session.challenge))

    def _decide(self, session: _Session, reference: ReferenceFace, started: float,
                dropped: int) -> FaceDecision:
        check = session.check
        liveness = Liveness.NOT_CHECKED if check is None or check.state is Liveness.PENDING \
            else check.state
        verdicts: list[MatchVerdict] = []
        reasons: list[str] = []
        distance = None
        if session.encodings:
            distance = max(face_distance(reference.encoding, enc) for enc, _ in session.encodings)
            verdict, why = judge_distance(distance, self.thresholds)
            verdicts.append(verdict)
            reasons.append(why)
            first, last = session.encodings[0][0], session.encodings[-1][0]
            if face_distance(first, last) > self.thresholds.review:
                verdicts.append(MatchVerdict.REVIEW)
                reasons.append("the face in front of the camera changed during the check")
        else:
            verdicts.append(MatchVerdict.REVIEW)
            last = session.last_quality or Quality.NO_FACE
            reasons.append(f"no usable face image (last check: {GUIDANCE[last][1]})")
        if liveness is not Liveness.PASSED:
            verdicts.append(MatchVerdict.REVIEW)
            reasons.append(f"liveness not proven: {check.evidence or 'check not finished'}"
                           if check else "liveness not checked: no face in view")
        if session.recheck:
            verdicts.append(MatchVerdict.REVIEW)
            reasons.append("the face was not seen again once the chip photo was read")
        if session.camera_error is not None:
            verdicts.append(MatchVerdict.REVIEW)
            reasons.append(f"camera: {session.camera_error.message}")
        if reference.greyscale:
            reasons.append("the chip photo is greyscale (match less certain)")
        decided = self._clock()
        decision = FaceDecision(
            decision=combine(verdicts),
            distance=distance,
            same_person=None if distance is None else distance <= self.thresholds.accept,
            liveness=liveness,
            liveness_evidence=check.evidence if check else "",
            challenge=session.challenge,
            quality=session.last_quality,
            thresholds=self.thresholds,
            reasons=tuple(reasons),
            elapsed_ms=(decided - started) * 1000.0,
            time_to_decision_ms=None if session.first_face_at is None
            else (decided - session.first_face_at) * 1000.0,
            frames_analysed=len(session.frame_ms),
            frames_dropped=dropped,
            mean_frame_ms=float(np.mean(session.frame_ms)) if session.frame_ms else 0.0,
        )
        self._write_audit(session, decision)
        log.info("face check: %s (distance %s, liveness %s, %.0f ms)", decision.decision.value,
                 "n/a" if distance is None else f"{distance:.3f}", liveness.value,
                 decision.elapsed_ms)
        return decision

    def _write_audit(self, session: _Session, decision: FaceDecision) -> None:
        """Only when face.audit_photos is on: the matched frame, readable by this user only."""
        if self._audit_dir is None or session.audit_image is None:
            return
        self._audit_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        path = self._audit_dir / f"{stamp}-{decision.decision.value}.jpg"
        ok, data = cv2.imencode(".jpg", session.audit_image)
        if ok:
            path.touch(mode=0o600)
            path.write_bytes(data.tobytes())
