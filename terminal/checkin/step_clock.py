"""The timed steps of one check-in: when each began, how long it took, told as events as they
go (StepStarted, StepFinished), and every event of the check-in stamped with its time since the
start."""

from __future__ import annotations

import threading
import time

from terminal.checkin.events import CheckinEvent, Listener, StepFinished, StepStarted
from terminal.checkin.records import Step, StepTiming


class StepClock:
    def __init__(self, checkin_id: str, emit: Listener) -> None:
        self._checkin_id = checkin_id
        self._emit = emit
        self._t0 = time.perf_counter()
        self._lock = threading.Lock()
        self._began: dict[Step, float] = {}
        self._ms: dict[Step, float] = {}

    def emit(self, event_type: type[CheckinEvent], *args) -> None:
        """Tell the listener an event of this check-in, stamped with the time since its start."""
        self._emit(event_type(self._checkin_id, (time.perf_counter() - self._t0) * 1000, *args))

    def begin(self, step: Step) -> None:
        with self._lock:
            self._began[step] = time.perf_counter()
        self.emit(StepStarted, step)

    def end(self, step: Step) -> None:
        with self._lock:
            ms = (time.perf_counter() - self._began[step]) * 1000
            self._ms[step] = ms
        self.emit(StepFinished, step, ms)

    def running_s(self, step: Step) -> float:
        """Seconds since `step` began."""
        with self._lock:
            return time.perf_counter() - self._began[step]

    def note_since(self, step: Step, since: float) -> None:
        """Time `step` from `since` (a time.perf_counter() value) to now, without events (the
        total, from the card on the reader to the decision)."""
        with self._lock:
            self._ms[step] = (time.perf_counter() - since) * 1000

    def timings(self) -> tuple[StepTiming, ...]:
        with self._lock:
            return tuple(StepTiming(step, round(ms, 1)) for step, ms in self._ms.items())
