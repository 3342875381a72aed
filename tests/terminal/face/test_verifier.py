"""The whole face check through the replay camera and the real models: same person accepted,
different person rejected, stills refused by liveness, camera faults reported, frames dropped."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from drivers.camera.opencv_camera import OpenCvCamera
from drivers.camera.replay_camera import ReplayCamera
from drivers.sim_media.replay_synth import jitter
from terminal.face.liveness import Challenge, Liveness
from terminal.face.matcher import MatchVerdict
from terminal.face.quality import Quality
from tests.support.face_media import REPLAY, make_verifier


def live(citizen: str, fps: float = 15.0, **kwargs) -> ReplayCamera:
    return ReplayCamera(REPLAY / citizen / "live.mp4", fps=fps, **kwargs)


@pytest.mark.parametrize("citizen,photo", [("an", "obama"), ("binh", "biden"), ("chi", "collins")])
def test_same_person_is_accepted(references, citizen, photo):
    events = []
    decision = make_verifier().verify(references[photo], live(citizen), on_event=events.append)
    assert decision.decision is MatchVerdict.ACCEPT, decision.reasons
    assert decision.same_person is True
    assert decision.liveness is Liveness.PASSED
    assert decision.distance <= decision.thresholds.accept
    assert decision.time_to_decision_ms > 0  # the 1 s target is measured in tests/bench/bench_face.py
    kinds = [e.kind for e in events]
    assert kinds.index("challenge") < kinds.index("liveness")


@pytest.mark.parametrize("citizen,photo", [("binh", "obama"), ("an", "collins"), ("chi", "biden")])
def test_different_person_is_rejected(references, citizen, photo):
    decision = make_verifier().verify(references[photo], live(citizen))
    assert decision.decision is MatchVerdict.REJECT
    assert decision.same_person is False
    assert decision.distance > decision.thresholds.review


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_turn_challenge_passes_on_the_side_asked(references, seed):
    verifier = make_verifier(liveness="turn")
    verifier._rng = random.Random(seed)
    decision = verifier.verify(references["collins"], live("chi"))
    assert decision.challenge in (Challenge.TURN_LEFT, Challenge.TURN_RIGHT)
    assert decision.liveness is Liveness.PASSED
    assert "head turn" in decision.liveness_evidence
    assert decision.decision is MatchVerdict.ACCEPT


def test_still_photo_is_refused_by_liveness(references):
    decision = make_verifier(liveness_timeout_s=1.5).verify(
        references["obama"], ReplayCamera(REPLAY / "an" / "still.jpg", fps=15))
    assert decision.liveness is Liveness.FAILED
    assert decision.decision is not MatchVerdict.ACCEPT
    assert decision.same_person is True  # the face matches; only liveness stops it
    assert any("liveness" in r for r in decision.reasons)


def test_jittered_still_is_refused_too(references):
    still = cv2.imread(str(REPLAY / "binh" / "still.jpg"))
    rng = np.random.default_rng(7)
    frames = [jitter(still, rng) for _ in range(12)]
    decision = make_verifier(liveness_timeout_s=1.5, liveness="blink").verify(
        references["biden"], ReplayCamera(frames, fps=15))
    assert decision.liveness is Liveness.FAILED
    assert decision.decision is MatchVerdict.REVIEW


def test_camera_that_stops_mid_capture_gives_review(references):
    decision = make_verifier().verify(references["obama"], live("an", fail_after=4))
    assert decision.decision is MatchVerdict.REVIEW
    assert any(r.startswith("camera:") for r in decision.reasons)
    assert decision.liveness is Liveness.NOT_CHECKED


def test_no_camera_gives_review(references, tmp_path):
    decision = make_verifier().verify(references["obama"],
                                      OpenCvCamera(str(tmp_path / "no-such-video0")))
    assert decision.decision is MatchVerdict.REVIEW
    assert decision.distance is None
    assert any("No camera" in r for r in decision.reasons)


def test_no_face_in_view_gives_review_with_guidance(references):
    blank = np.full((480, 640, 3), 128, np.uint8)
    decision = make_verifier(liveness_timeout_s=1.0).verify(references["obama"],
                                                           ReplayCamera([blank], fps=15))
    assert decision.decision is MatchVerdict.REVIEW
    assert decision.quality is Quality.NO_FACE
    assert decision.liveness is Liveness.NOT_CHECKED


def test_frames_are_dropped_not_queued_when_behind(references):
    decision = make_verifier().verify(references["collins"], live("chi", fps=300))
    assert decision.frames_dropped > 0
    assert decision.frames_analysed + decision.frames_dropped <= 400


def test_nothing_is_written_unless_audit_photos_are_on(references, tmp_path):
    off = make_verifier(audit_dir=tmp_path / "off")
    off.verify(references["obama"], live("an"))
    assert not (tmp_path / "off").exists()
    on = make_verifier(audit_photos=True, audit_dir=tmp_path / "on")
    decision = on.verify(references["obama"], live("an"))
    files = list((tmp_path / "on").iterdir())
    assert [f.name.endswith(f"-{decision.decision.value}.jpg") for f in files] == [True]
    assert files[0].stat().st_mode & 0o077 == 0
