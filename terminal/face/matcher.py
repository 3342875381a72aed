"""The match rule: the distance between the chip photo's encoding and the live face's, against
the configured thresholds, gives accept / review / reject with the reasons in words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class MatchVerdict(str, Enum):
    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


@dataclass(frozen=True)
class Thresholds:
    """Accept at or below `accept`; review up to `review`; reject above."""

    accept: float
    review: float

    def __post_init__(self) -> None:
        if not 0 <= self.accept <= self.review:
            raise ValueError("thresholds must satisfy 0 <= accept <= review")


def judge_distance(distance: float, thresholds: Thresholds) -> tuple[MatchVerdict, str]:
    """The verdict of the distance alone, and why."""
    if distance <= thresholds.accept:
        return MatchVerdict.ACCEPT, (f"face matches the chip photo (distance {distance:.3f} "
                                     f"≤ {thresholds.accept:g})")
    if distance <= thresholds.review:
        return MatchVerdict.REVIEW, (f"face resembles the chip photo but not closely enough "
                                     f"(distance {distance:.3f} between {thresholds.accept:g} and "
                                     f"{thresholds.review:g})")
    return MatchVerdict.REJECT, (f"face does not match the chip photo (distance {distance:.3f} "
                                 f"> {thresholds.review:g})")


def combine(verdicts: list[MatchVerdict]) -> MatchVerdict:
    """The most cautious verdict wins: one review makes the whole a review at best."""
    order = [MatchVerdict.REJECT, MatchVerdict.REVIEW, MatchVerdict.ACCEPT]
    return min(verdicts, key=order.index)
