"""What the receptionist console shows, as one snapshot: today's check-ins (masked), the items
waiting in the offline queue, whether the terminal is online, and each device's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from terminal.checkin.records import (
    CheckinState,
    CheckinSummary,
    Device,
    DeviceStatus,
    EligibilityStatus,
    Health,
)


@dataclass(frozen=True)
class QueueItem:
    """One check-in waiting in the outbox to be delivered (identity masked)."""

    ticket: str
    masked_name: str
    enqueued_at: datetime
    attempts: int
    next_attempt_at: datetime | None = None
    last_error: str = ""


@dataclass(frozen=True)
class ConsoleSnapshot:
    checkins: tuple[CheckinSummary, ...] = ()
    queue: tuple[QueueItem, ...] = ()
    devices: tuple[DeviceStatus, ...] = ()

    @property
    def online(self) -> bool:
        """Online when neither the gateway nor the HIS is known to be down."""
        return not any(d.device in (Device.GATEWAY, Device.HIS) and d.health is Health.DOWN
                       for d in self.devices)


def can_override(row: CheckinSummary) -> bool:
    """A receptionist may decide only a check-in that waits for review."""
    return row.state is CheckinState.REVIEW


_RETRYABLE = {EligibilityStatus.PENDING, EligibilityStatus.GATEWAY_ERROR,
              EligibilityStatus.AUTH_ERROR, EligibilityStatus.UNKNOWN}


def can_retry_eligibility(row: CheckinSummary) -> bool:
    """A lookup that got no usable answer (gateway down or failing) may be tried again."""
    return row.eligibility in _RETRYABLE and row.state in (CheckinState.DONE, CheckinState.REVIEW)
