"""A face check started before the chip photo is read (a reference provider that says when it is
ready): liveness passes first, the face is tracked while the photo is awaited, a face swapped in
meanwhile is caught by the match, a face that leaves starts liveness again, and waiting for the
photo is no time-out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest

from drivers.camera.frames import Frame
from drivers.camera.replay_camera import load_replay
from terminal.face.liveness import Liveness
from terminal.face.matcher import MatchVerdict
from terminal.face.reference import ReferenceFace
from terminal.face.verifier import FACE_GONE_S, FaceEvent
from tests.support.face_media import REPLAY, make_verifier

FPS = 15.0
BLANK = np.full((480, 640, 3), 128, np.uint8)


class PhotoLater:
    """A reference provider whose photo is read when the test says so."""

    def __init__(self, face: ReferenceFace) -> None:
        self.face = face
        self.read = threading.Event()
        self.asked_at: float | None = None

    def ready(self) -> bool:
        return self.read.is_set()

    def __call__(self) -> ReferenceFace:
        self.read.wait(10)
        self.asked_at = time.monotonic()
        return self.face


class ScriptedCamera:
    """Plays `scenes` in real time, one after another, each looping until its event is set (the
    last one for ever): e.g. one person, then (when the test says) another."""

    def __init__(self, *scenes: tuple[list[np.ndarray], threading.Event | None]) -> None:
        self.scenes = scenes

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def frames(self) -> Iterator[Frame]:
        start, index = time.monotonic(), 0
        for images, until in self.scenes:
            shown = 0
            while until is None or not until.is_set():
                delay = start + index / FPS - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                yield Frame(images[shown % len(images)], time.monotonic(), index)
                index, shown = index + 1, shown + 1


def _after(seconds: float, event: threading.Event) -> None:
    threading.Timer(seconds, event.set).start()


def test_photo_read_after_liveness_leaves_only_the_match(references):
    photo = PhotoLater(references["obama"])  # citizen an's chip photo
    events: list[FaceEvent] = []

    def on_event(event: FaceEvent) -> None:
        events.append(event)
        if event.kind == "liveness":
            _after(0.5, photo.read)  # the card is read half a second after the blink

    an = load_replay(REPLAY / "an" / "live.mp4")
    decision = make_verifier().verify(photo, ScriptedCamera((an, None)), on_event)
    assert decision.decision is MatchVerdict.ACCEPT, decision.reasons
    assert decision.liveness is Liveness.PASSED
    assert [e.kind for e in events].count("challenge") == 1  # tracked, not asked again


@pytest.mark.parametrize("first, then", [
    # an blinks; someone else (binh) takes his place, without leaving the frame empty, and an's
    # card is read: the match covers the face in front of the camera now
    ("an", "binh"),
    # binh blinks; an (the card's owner) takes his place before the card is read: the liveness
    # frames were not an, so the check does not accept either
    ("binh", "an"),
])
def test_a_face_swapped_in_between_liveness_and_match_is_caught(references, first, then):
    photo, swapped = PhotoLater(references["obama"]), threading.Event()

    def on_event(event: FaceEvent) -> None:
        if event.kind == "liveness" and not swapped.is_set():
            swapped.set()
            _after(0.5, photo.read)

    before, after = (load_replay(REPLAY / name / "live.mp4") for name in (first, then))
    decision = make_verifier().verify(photo, ScriptedCamera((before, swapped), (after, None)),
                                      on_event)
    assert decision.decision is not MatchVerdict.ACCEPT, decision.reasons
    if first == "an":  # the face now before the camera is not the card's
        assert decision.distance > decision.thresholds.accept


def test_a_face_that_leaves_before_the_photo_must_pass_liveness_again(references):
    photo, left, back = PhotoLater(references["obama"]), threading.Event(), threading.Event()
    events: list[FaceEvent] = []

    def on_event(event: FaceEvent) -> None:
        events.append(event)
        if event.kind == "liveness":
            if not left.is_set():
                left.set()
                _after(FACE_GONE_S + 0.5, back)  # out of view long enough to count as gone
            else:
                photo.read.set()

    an = load_replay(REPLAY / "an" / "live.mp4")
    decision = make_verifier().verify(photo, ScriptedCamera((an, left), ([BLANK], back),
                                                            (an, None)), on_event)
    kinds = [e.kind for e in events]
    assert kinds.count("challenge") == 2 and kinds.count("liveness") == 2, kinds
    gone = kinds.index("liveness")
    assert any(e.quality is not None and e.quality.value == "no_face" for e in events[gone:])
    assert decision.decision is MatchVerdict.ACCEPT, decision.reasons


def test_waiting_for_the_photo_is_no_time_out_and_liveness_counts_from_its_arrival(references):
    # nobody at the camera while the card is slow to come: the check waits on; once the photo
    # is there, the liveness time (1 s) counts from then
    photo = PhotoLater(references["obama"])
    _after(1.6, photo.read)
    began = time.monotonic()
    decision = make_verifier(liveness_timeout_s=1.0).verify(photo, ScriptedCamera(([BLANK], None)))
    assert time.monotonic() - began >= 2.5  # 1.6 s for the photo, then its 1 s
    assert photo.asked_at is not None and photo.asked_at - began >= 1.5  # asked once it is there
    assert decision.decision is MatchVerdict.REVIEW
    assert decision.liveness is Liveness.NOT_CHECKED
