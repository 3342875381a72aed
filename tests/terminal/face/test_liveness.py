"""Liveness on real landmarks: the synthesised blink and turns pass; a still, a jittered still
and a printed photo tilted in front of the camera do not; time runs out."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from drivers.camera.replay_camera import load_replay
from drivers.sim_media.replay_synth import jitter
from terminal.face.liveness import Challenge, Liveness, LivenessCheck, pick_challenge
from tests.support.face_media import REPLAY


def landmarks_of(frames, finder):
    out = []
    for image in frames:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        boxes = finder.find(gray)
        if boxes:
            out.append(finder.landmarks(gray, boxes[0]))
    return out


def run(challenge, marks, fps=15.0, timeout=8.0):
    check = LivenessCheck(challenge, timeout, 0.0)
    for i, mark in enumerate(marks):
        check.update(i / fps, mark)
    return check


@pytest.fixture(scope="module")
def live_marks(finder):
    return {c: landmarks_of(load_replay(REPLAY / c / "live.mp4"), finder)
            for c in ("an", "binh", "chi")}


# binh's portrait already faces 15° to the right of the image; the synthesised turn back past
# frontal moves the landmark yaw by only ~10°, at the threshold (docs/face.md, known weak).
WEAK = pytest.mark.xfail(reason="synthesised right turn of a face already turned is marginal",
                         strict=False)


@pytest.mark.parametrize("citizen,challenge", [
    pytest.param(c, ch, marks=WEAK if (c, ch) == ("binh", Challenge.TURN_RIGHT) else ())
    for c in ("an", "binh", "chi") for ch in Challenge])
def test_live_material_passes_every_challenge(live_marks, citizen, challenge):
    check = run(challenge, live_marks[citizen])
    assert check.state is Liveness.PASSED, (challenge, check.evidence)


def tilted(image, degrees):
    """A flat print of `image` turned about its vertical axis by `degrees`, seen in perspective."""
    h, w = image.shape[:2]
    focal, half = 1.2 * w, w / 2
    cos, sin = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    corners = []
    for x, y in ((-half, -h / 2), (half, -h / 2), (half, h / 2), (-half, h / 2)):
        depth = focal * 1.5 + x * sin
        corners.append((w / 2 + focal * x * cos / depth * 1.5, h / 2 + focal * y / depth * 1.5))
    src = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    matrix = cv2.getPerspectiveTransform(src, np.float32(corners))
    return cv2.warpPerspective(image, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)


def test_tilted_print_does_not_pass_as_a_head_turn(finder):
    still = cv2.imread(str(REPLAY / "chi" / "still.jpg"))
    angles = [0, 0, 0, 10, 20, 30, 40, 30, 20, 10, 0, -10, -20, -30, -40, -30, -20, -10, 0]
    marks = landmarks_of([tilted(still, a) for a in angles], finder)
    assert len(marks) >= len(angles) - 2
    for challenge in (Challenge.TURN_LEFT, Challenge.TURN_RIGHT, Challenge.BLINK_OR_TURN):
        assert run(challenge, marks).state is Liveness.PENDING


@pytest.mark.parametrize("citizen", ["an", "binh", "chi"])
def test_jittered_still_shows_no_gesture(finder, citizen):
    still = cv2.imread(str(REPLAY / citizen / "still.jpg"))
    rng = np.random.default_rng(3)
    marks = landmarks_of([jitter(still, rng) for _ in range(20)], finder)
    for challenge in Challenge:
        assert run(challenge, marks).state is Liveness.PENDING


def test_time_runs_out(live_marks):
    check = run(Challenge.BLINK, live_marks["an"][:3], timeout=1.0)
    assert check.state is Liveness.PENDING
    assert check.expire(0.5) is Liveness.PENDING
    assert check.expire(1.01) is Liveness.FAILED
    assert "within 1 s" in check.evidence
    # a gesture after the deadline no longer counts
    assert check.update(2.0, live_marks["an"][6]) is Liveness.FAILED


def test_gesture_after_the_time_limit_fails(live_marks):
    check = run(Challenge.BLINK, live_marks["an"], fps=2.0, timeout=1.5)
    assert check.state is Liveness.FAILED


def test_pick_challenge():
    assert pick_challenge("blink") is Challenge.BLINK
    assert pick_challenge("blink_or_turn") is Challenge.BLINK_OR_TURN
    sides = {pick_challenge("turn", random.Random(seed)) for seed in range(20)}
    assert sides == {Challenge.TURN_LEFT, Challenge.TURN_RIGHT}
