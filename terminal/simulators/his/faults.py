"""What can go wrong at the simulated HIS, switched on by the tester: the next N check-in requests
meet an error status, a dropped connection, a reply lost after storing, or a slow reply. While any
is armed, queue-number requests meet the next one too, without using it up (a HIS that is down
numbers nobody; the count stays the check-ins')."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

FAULT_MODES = ("error", "disconnect", "lost_reply", "slow")


@dataclass(frozen=True)
class Fault:
    mode: str = "error"
    status: int = 503
    delay_s: float = 2.0

    @classmethod
    def from_dict(cls, data: Any) -> tuple[Fault, int]:
        """A fault and how many requests it hits, from the tester's JSON; ValueError if malformed."""
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        count, mode = data.get("count", 1), data.get("mode", "error")
        status, delay_s = data.get("status", 503), data.get("delay_s", 2.0)
        if not isinstance(count, int) or not 0 <= count <= 10_000:
            raise ValueError("count must be a whole number from 0 to 10000")
        if mode not in FAULT_MODES:
            raise ValueError(f"mode must be one of {', '.join(FAULT_MODES)}")
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if not isinstance(delay_s, (int, float)) or not 0 <= delay_s <= 300:
            raise ValueError("delay_s must be a number of seconds from 0 to 300")
        return cls(mode, status, float(delay_s)), count


class FaultQueue:
    """The faults armed for the requests to come, one per request, in order."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def arm(self, fault: Fault, count: int) -> None:
        with self._lock:
            self._faults.extend([fault] * count)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self) -> Fault | None:
        """The fault the request now arriving meets, if any are armed."""
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def peek(self) -> Fault | None:
        """The fault the next check-in request will meet, left armed."""
        with self._lock:
            return self._faults[0] if self._faults else None
