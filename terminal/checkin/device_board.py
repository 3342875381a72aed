"""The devices and services of the terminal as the receptionist console shows them: each with its
health and its last error, noted by the workflow as it uses them, merged with what the outbox's
sender reports about the HIS and the queue."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from terminal.checkin.events import DeviceStatusChanged, Listener, ignore
from terminal.checkin.parts import StatusSource
from terminal.checkin.records import Device, DeviceStatus, Health

_NOT_USED = "Not used since the terminal started."


class DeviceBoard:
    def __init__(self, clock: Callable[[], datetime], listener: Listener = ignore,
                 sources: tuple[StatusSource, ...] = ()) -> None:
        self._clock = clock
        self._listener = listener
        self._sources = sources
        self._lock = threading.Lock()
        self._statuses = {d: DeviceStatus(d, Health.UNKNOWN, _NOT_USED) for d in Device}

    def ok(self, device: Device, summary: str) -> None:
        """The device just worked: healthy, the last error is kept for the console."""
        self._set(device, lambda s: replace(s, health=Health.OK, summary=summary,
                                            checked_at=self._clock()))

    def error(self, device: Device, message: str, health: Health = Health.DOWN,
              code: str = "error") -> None:
        """The device failed: `message` for the console, `code` (the error's class) for the
        fleet's metrics."""
        now = self._clock()
        self._set(device, lambda s: replace(s, health=health, summary=message, last_error=message,
                                            last_error_code=code, last_error_at=now,
                                            checked_at=now))

    def statuses(self) -> list[DeviceStatus]:
        """Every device, in a fixed order; what the sources report wins over what was noted,
        keeping the noted last error when the source has none."""
        with self._lock:
            merged = dict(self._statuses)
        for source in self._sources:
            for status in source.statuses():
                noted = merged[status.device]
                if not status.last_error and noted.last_error:
                    status = replace(status, last_error=noted.last_error,
                                     last_error_code=noted.last_error_code,
                                     last_error_at=noted.last_error_at)
                merged[status.device] = status
        return [merged[d] for d in Device]

    def _set(self, device: Device, change: Callable[[DeviceStatus], DeviceStatus]) -> None:
        with self._lock:
            before = self._statuses[device]
            after = change(before)
            self._statuses[device] = after
        if (before.health, before.summary) != (after.health, after.summary):
            self._listener(DeviceStatusChanged(after))
