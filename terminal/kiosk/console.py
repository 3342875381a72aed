"""What the receptionist console shows, as one snapshot: today's check-ins (masked), the items
waiting in the offline queue, whether the terminal is online, and each device's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from offline_cache.outbox import Outbox, OutboxEntry
from offline_cache.schema import DEAD, PENDING
from terminal.checkin.staff_actions import StaffActions
from terminal.checkin.records import (
    CheckinState,
    CheckinSummary,
    Device,
    DeviceStatus,
    EligibilityStatus,
    Health,
)


class QueueKind(Enum):
    """What an outbox item carries (terminal/delivery/checkin_payload.py's kinds)."""

    CHECKIN = "checkin"                        # the check-in, for the clinic's HIS
    ELIGIBILITY_LOOKUP = "eligibility_lookup"  # the gateway, asked again later
    ELIGIBILITY_UPDATE = "checkin_eligibility" # the late answer, for the HIS
    OTHER = "other"


_KINDS = {kind.value: kind for kind in QueueKind}


@dataclass(frozen=True)
class QueueItem:
    """One item waiting in the outbox to be delivered (identity masked, from today's list)."""

    ticket: str
    masked_name: str
    enqueued_at: datetime
    attempts: int
    next_attempt_at: datetime | None = None
    last_error: str = ""
    kind: QueueKind = QueueKind.CHECKIN
    given_up: bool = False  # out of tries: staff retry it with `checkin queue`


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


def can_retry_eligibility(row: CheckinSummary) -> bool:
    """A lookup that got no verdict yet (gateway down or failing, account refused) may be tried
    again; so may one answered with a code nobody knows (it may be the gateway's slip)."""
    status = row.eligibility
    return (status is not None and (status.awaits_verdict or status is EligibilityStatus.UNKNOWN)
            and row.state in (CheckinState.DONE, CheckinState.REVIEW))


def can_issue_second(row: CheckinSummary) -> bool:
    """A second number is issued on purpose only to a check-in shown the number its patient
    already held today (StaffActions.second_ticket)."""
    return row.state is CheckinState.DONE and row.repeated


def can_reprint(row: CheckinSummary) -> bool:
    """A slip can be printed again for a check-in with a number (StaffActions.reprint: while the
    terminal still holds it, e.g. a repeat or a printer fault)."""
    return row.state is CheckinState.DONE and row.ticket != ""


def queue_items(entries: list[OutboxEntry], checkins: list[CheckinSummary]) -> tuple[QueueItem, ...]:
    """The outbox's undelivered items as console rows, named by the check-in they belong to
    (an item's idempotency key is its check-in id, or the id and a ':' suffix)."""
    rows = {row.checkin_id: row for row in checkins}
    items = []
    for entry in entries:
        if entry.status not in (PENDING, DEAD):
            continue
        row = rows.get(entry.idempotency_key.split(":", 1)[0])
        items.append(QueueItem(
            row.ticket if row else "", row.masked_name if row else "",
            datetime.fromtimestamp(entry.created_at), entry.attempts,
            datetime.fromtimestamp(entry.available_at) if entry.status == PENDING else None,
            entry.last_error or "", _KINDS.get(entry.kind, QueueKind.OTHER), entry.status == DEAD))
    return tuple(items)


#: The most outbox items the console lists (the oldest first; the count says if there are more).
QUEUE_LIST_LIMIT = 200


def console_snapshot(actions: StaffActions, outbox: Outbox) -> ConsoleSnapshot:
    """Everything the console shows, read now (SQLite: call it off the GUI thread)."""
    checkins = actions.today()
    pending = outbox.entries(PENDING, QUEUE_LIST_LIMIT) + outbox.entries(DEAD, QUEUE_LIST_LIMIT)
    return ConsoleSnapshot(tuple(checkins), queue_items(pending, checkins),
                           tuple(actions.device_statuses()))
