"""The distance rule: thresholds from config give accept / review / reject with reasons."""

from __future__ import annotations

import pytest

from terminal.face.matcher import Thresholds, MatchVerdict, combine, judge_distance

T = Thresholds(0.45, 0.6)


@pytest.mark.parametrize("distance,verdict", [
    (0.0, MatchVerdict.ACCEPT), (0.45, MatchVerdict.ACCEPT), (0.4501, MatchVerdict.REVIEW),
    (0.6, MatchVerdict.REVIEW), (0.6001, MatchVerdict.REJECT), (1.3, MatchVerdict.REJECT),
])
def test_thresholds(distance, verdict):
    got, why = judge_distance(distance, T)
    assert got is verdict
    assert f"{distance:.3f}" in why


def test_thresholds_must_be_ordered():
    with pytest.raises(ValueError):
        Thresholds(0.7, 0.6)


def test_the_most_cautious_verdict_wins():
    assert combine([MatchVerdict.ACCEPT, MatchVerdict.REVIEW]) is MatchVerdict.REVIEW
    assert combine([MatchVerdict.REVIEW, MatchVerdict.REJECT]) is MatchVerdict.REJECT
    assert combine([MatchVerdict.ACCEPT]) is MatchVerdict.ACCEPT
