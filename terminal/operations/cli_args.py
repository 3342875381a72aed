"""Argument types for the command line: whole numbers and seconds within bounds, ports. A bad
value ends in argparse's one line naming the argument (exit 2), never in a traceback later."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

MAX_PORT = 65535


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """A whole number from `low` to `high`."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number, not {text[:40]!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, "
                                             f"not {text[:40]}")
        return value
    parse.__name__ = what  # argparse names the type in some of its messages
    return parse


def seconds(low: float, high: float, what: str = "seconds") -> Callable[[str], float]:
    """A finite number of seconds from `low` to `high` (nan and inf are not)."""
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number, not {text[:40]!r}") \
                from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low:g} to {high:g}, "
                                             f"not {text[:40]}")
        return value
    parse.__name__ = what
    return parse


def port(what: str = "port") -> Callable[[str], int]:
    """A TCP port, 0 (any free one) to 65535."""
    return whole_number(0, MAX_PORT, what)
