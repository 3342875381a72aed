"""Active liveness: the screen asks for a blink or a head turn, and the face's landmarks must show
it within a time limit. Refuses a still printed photo or a still image on a phone; see docs/face.md
for what it does not stop (a replayed video of the person doing the gesture)."""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field
from enum import Enum

from terminal.face.landmarks import FaceLandmarks

#: A blink: the eye opening falls to this fraction of the open level, then comes back above
#: REOPEN_FRACTION of it. A still photo's eye opening moves by a few percent only.
CLOSED_FRACTION = 0.75
REOPEN_FRACTION = 0.9
#: A head turn: the estimated yaw moves this many degrees from where it started.
TURN_DEGREES = 10.0
#: Frames needed to know the open-eye level or the starting yaw.
BASELINE_FRAMES = 3


class Challenge(str, Enum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    BLINK_OR_TURN = "blink_or_turn"


class Liveness(str, Enum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    NOT_CHECKED = "not_checked"


PROMPTS: dict[Challenge, tuple[str, str]] = {
    Challenge.BLINK: ("Hãy chớp mắt.", "Please blink."),
    Challenge.TURN_LEFT: ("Hãy quay đầu sang trái.", "Please turn your head to your left."),
    Challenge.TURN_RIGHT: ("Hãy quay đầu sang phải.", "Please turn your head to your right."),
    Challenge.BLINK_OR_TURN: ("Hãy chớp mắt hoặc quay đầu.", "Please blink or turn your head."),
}


def pick_challenge(mode: str, rng: random.Random | None = None) -> Challenge:
    """The challenge for config `face.liveness`: `turn` picks a side at random, so a recording of
    one turn does not answer every request."""
    if mode == "blink":
        return Challenge.BLINK
    if mode == "turn":
        return (rng or random.SystemRandom()).choice((Challenge.TURN_LEFT, Challenge.TURN_RIGHT))
    return Challenge.BLINK_OR_TURN


@dataclass
class LivenessCheck:
    """Feeds on the landmarks of successive frames; passes when the asked gesture is seen."""

    challenge: Challenge
    timeout_s: float
    started_at: float
    state: Liveness = Liveness.PENDING
    evidence: str = ""
    passed_at: float | None = None
    _ears: list[float] = field(default_factory=list)
    _yaws: list[float] = field(default_factory=list)
    _closed_ear: float | None = None

    def update(self, timestamp: float, landmarks: FaceLandmarks) -> Liveness:
        if self.state is not Liveness.PENDING:
            return self.state
        if timestamp - self.started_at > self.timeout_s:
            return self.expire(timestamp)
        wants_blink = self.challenge in (Challenge.BLINK, Challenge.BLINK_OR_TURN)
        wants_turn = self.challenge is not Challenge.BLINK
        if (wants_blink and self._saw_blink(landmarks.eye_aspect_ratio())) or \
           (wants_turn and self._saw_turn(landmarks.yaw_degrees())):
            self.state, self.passed_at = Liveness.PASSED, timestamp
        return self.state

    def expire(self, timestamp: float) -> Liveness:
        """Called when time runs out (also with no face in view): pending becomes failed."""
        if self.state is Liveness.PENDING and timestamp - self.started_at > self.timeout_s:
            self.state = Liveness.FAILED
            self.evidence = (f"no {self.challenge.value.replace('_', ' ')} seen within "
                             f"{self.timeout_s:g} s")
        return self.state

    def _saw_blink(self, ear: float) -> bool:
        self._ears.append(ear)
        if len(self._ears) < BASELINE_FRAMES:
            return False
        # The open level is a high quantile of what was seen: robust to the blink frames.
        open_level = statistics.quantiles(self._ears, n=5)[-1] if len(self._ears) > 3 \
            else max(self._ears)
        if ear <= CLOSED_FRACTION * open_level:
            self._closed_ear = ear if self._closed_ear is None else min(self._closed_ear, ear)
        elif self._closed_ear is not None and ear >= REOPEN_FRACTION * open_level:
            self.evidence = (f"blink: eye opening {open_level:.3f} → {self._closed_ear:.3f} → "
                             f"{ear:.3f}")
            return True
        return False

    def _saw_turn(self, yaw: float) -> bool:
        self._yaws.append(yaw)
        if len(self._yaws) <= BASELINE_FRAMES:
            return False
        start = statistics.median(self._yaws[:BASELINE_FRAMES])
        moved = yaw - start
        wanted = {Challenge.TURN_LEFT: moved >= TURN_DEGREES,
                  Challenge.TURN_RIGHT: moved <= -TURN_DEGREES,
                  Challenge.BLINK_OR_TURN: abs(moved) >= TURN_DEGREES}[self.challenge]
        if wanted:
            self.evidence = f"head turn: yaw {start:+.1f}° → {yaw:+.1f}°"
        return wanted

    def prompt(self, language: str = "vi") -> str:
        vi, en = PROMPTS[self.challenge]
        return vi if language == "vi" else en
