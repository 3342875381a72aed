"""The distance rule: thresholds from config give accept / review / reject with reasons."""

from __future__ import annotations

import pytest

from terminal.face.matcher import Thresholds, Verdict, combine, judge_distance

T = Thresholds(0.45, 0.6)


@pytest.mark.parametrize("distance,verdict", [
    (0.0, Verdict.ACCEPT), (0.45, Verdict.ACCEPT), (0.4501, Verdict.REVIEW),
    (0.6, Verdict.REVIEW), (0.6001, Verdict.REJECT), (1.3, Verdict.REJECT),
])
def test_thresholds(distance, verdict):
    got, why = judge_distance(distance, T)
    assert got is verdict
    assert f"{distance:.3f}" in why


def test_thresholds_must_be_ordered():
    with pytest.raises(ValueError):
        Thresholds(0.7, 0.6)


def test_the_most_cautious_verdict_wins():
    assert combine([Verdict.ACCEPT, Verdict.REVIEW]) is Verdict.REVIEW
    assert combine([Verdict.REVIEW, Verdict.REJECT]) is Verdict.REJECT
    assert combine([Verdict.ACCEPT]) is Verdict.ACCEPT
