"""Every shipped citizen's live replay against the photo on their own simulated chip (accepted)
and on another person's chip (rejected), through the real verifier and models."""

from __future__ import annotations

import pytest

from drivers.camera.replay_camera import ReplayCamera
from drivers.idcard.sim.profile import list_profiles, load_profile
from terminal.face.liveness import Liveness
from terminal.face.matcher import MatchVerdict
from tests.support.face_media import REPLAY, make_verifier

CITIZENS = list_profiles()


def someone_else(name: str) -> str:
    """The next citizen (cyclically) whose chip photo is another person's source photo."""
    own = load_profile(name).photo
    start = CITIZENS.index(name)
    rotated = CITIZENS[start + 1:] + CITIZENS[:start]
    return next(other for other in rotated if load_profile(other).photo != own)


def live(name: str) -> ReplayCamera:
    return ReplayCamera(REPLAY / name / "live.mp4", fps=15)


@pytest.mark.parametrize("name", CITIZENS)
def test_live_replay_matches_the_citizens_own_chip_photo(chip_references, name):
    decision = make_verifier().verify(chip_references[name], live(name))
    assert decision.decision is MatchVerdict.ACCEPT, decision.reasons
    assert decision.liveness is Liveness.PASSED
    assert decision.distance <= decision.thresholds.accept


@pytest.mark.parametrize("name", CITIZENS)
def test_live_replay_does_not_match_another_citizens_chip_photo(chip_references, name):
    decision = make_verifier().verify(chip_references[someone_else(name)], live(name))
    assert decision.decision is MatchVerdict.REJECT
    assert decision.distance > decision.thresholds.review
