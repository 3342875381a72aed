"""Damaged card files for the parsers' property tests: truncations and byte flips of a good file."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from drivers.idcard.errors import LdsError

#: Bounded and deadline-free: the whole suite must stay fast on 2 cores.
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def truncated(draw: st.DrawFn, good: bytes) -> bytes:
    """`good` cut short anywhere (never whole)."""
    return good[:draw(st.integers(0, len(good) - 1))]


@st.composite
def garbled(draw: st.DrawFn, good: bytes, within: int | None = None) -> bytes:
    """`good` with one to four bytes overwritten (in its first `within` bytes, if given)."""
    damaged = bytearray(good)
    for _ in range(draw(st.integers(1, 4))):
        damaged[draw(st.integers(0, min(len(good), within or len(good)) - 1))] = draw(
            st.integers(0, 255))
    return bytes(damaged)


def parses_or_lds_error(parser: Callable[[bytes], object], data: bytes) -> None:
    """`parser` returns, or raises LdsError with a plain message; anything else fails the test."""
    try:
        parser(data)
    except LdsError as exc:
        assert exc.message and exc.detail
