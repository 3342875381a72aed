"""What the receptionist console shows, as one snapshot: today's check-ins that got an identity
(masked, newest first; the attempts that never read a card only counted), the items waiting in the
offline queue, whether the terminal is online, each device's status, and the gateway lookups of
the last hour (the account's quota); and why a check-in waits for review, as topics the console
filters by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from offline_cache.outbox import Outbox, OutboxEntry
from offline_cache.schema import DEAD, PENDING
from terminal.checkin.closing import OVER_CAPACITY
from terminal.checkin.errors import queue_errors_as_checkin_errors
from terminal.checkin.staff_actions import StaffActions
from terminal.checkin.records import (
    CheckinState,
    CheckinSummary,
    Device,
    DeviceStatus,
    EligibilityStatus,
    Health,
)
from terminal.eligibility.lookup_cache import LookupCounts


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


class ReviewTopic(Enum):
    """What a receptionist looks at in a review, from the decision's reason codes
    (terminal/checkin/decision.py): the console's reason column and filter."""

    FACE = "face"                      # face_review, face_unavailable, face_reject
    CARD_SIGNATURE = "card_signature"  # authenticity_*, signer_*: the data's signature
    CHIP = "chip"                      # chip_clone, chip_unproven: the chip's genuineness
    INSURANCE = "insurance"            # eligibility_*, not_eligible*
    PRIORITY = "priority"              # a declared priority to confirm
    DEPARTMENT = "department"          # the department chosen does not see the age group
    ROOM_FULL = "room_full"            # department_full: the HIS gave no number, the room is full


_TOPIC_PREFIXES = (("face_", ReviewTopic.FACE), ("authenticity_", ReviewTopic.CARD_SIGNATURE),
                   ("signer_", ReviewTopic.CARD_SIGNATURE), ("chip_", ReviewTopic.CHIP),
                   ("eligibility_", ReviewTopic.INSURANCE), ("not_eligible", ReviewTopic.INSURANCE),
                   ("priority_", ReviewTopic.PRIORITY),
                   ("department_full", ReviewTopic.ROOM_FULL),
                   ("department_", ReviewTopic.DEPARTMENT))
#: Findings that let a check-in through by default (a clinic may configure chip_unproven to
#: review): they name the topic only when nothing else does.
_MILD = ("eligibility_note", "not_eligible_paying", "chip_unproven")


def review_topics(row: CheckinSummary) -> tuple[ReviewTopic, ...]:
    """The topics of a check-in's doubtful findings, each once, in the order found."""
    def topics_of(codes) -> list[ReviewTopic]:
        topics: list[ReviewTopic] = []
        for code in codes:
            topic = next((t for prefix, t in _TOPIC_PREFIXES if code.startswith(prefix)), None)
            if topic is not None and topic not in topics:
                topics.append(topic)
        return topics

    return tuple(topics_of(c for c in row.reasons if c not in _MILD) or topics_of(row.reasons))


class HisNotice(Enum):
    """What the clinic's HIS said about a check-in after it was delivered, for the desk to act
    on: the console's "Clinic system" column and filter (any state)."""

    OVER_CAPACITY = "over_capacity"  # numbered offline past the room's capacity (closing.py)
    RENUMBERED = "renumbered"        # the number on the slip was replaced: reprint it


def his_notices(row: CheckinSummary) -> tuple[HisNotice, ...]:
    """The HIS's notices on a check-in, renumbered first."""
    return ((HisNotice.RENUMBERED,) * bool(row.renumbered_from)
            + (HisNotice.OVER_CAPACITY,) * (OVER_CAPACITY in row.reasons))


def identified(row: CheckinSummary) -> bool:
    """Whether a check-in got as far as an identity (a card read): only those are listed; the
    rest (no QR in time, a typed key the chip refused, cancelled waits) are counted."""
    return bool(row.masked_id or row.masked_name or row.ticket)


@dataclass(frozen=True)
class ConsoleSnapshot:
    checkins: tuple[CheckinSummary, ...] = ()  # identified ones, newest first
    queue: tuple[QueueItem, ...] = ()
    devices: tuple[DeviceStatus, ...] = ()
    #: Card lookups of the last hour (gateway and cache); None when not counted.
    gateway_lookups: LookupCounts | None = None
    #: Today's attempts that never read a card (not in `checkins`).
    unidentified: int = 0

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
    terminal still holds it, e.g. a repeat or a printer fault, or from the day book when the HIS
    renumbered it)."""
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


def console_snapshot(actions: StaffActions, outbox: Outbox,
                     lookup_counts: Callable[[], LookupCounts | None] | None = None
                     ) -> ConsoleSnapshot:
    """Everything the console shows, read now (SQLite: call it off the GUI thread)."""
    checkins = actions.today()
    with queue_errors_as_checkin_errors():  # the console words a queue that cannot be read
        pending = (outbox.entries(PENDING, QUEUE_LIST_LIMIT)
                   + outbox.entries(DEAD, QUEUE_LIST_LIMIT))
    listed, unidentified = listed_checkins(checkins)
    return ConsoleSnapshot(listed, queue_items(pending, checkins),
                           tuple(actions.device_statuses()),
                           lookup_counts() if lookup_counts is not None else None, unidentified)


def listed_checkins(rows: list[CheckinSummary]) -> tuple[tuple[CheckinSummary, ...], int]:
    """The rows the console lists (identified ones, newest first) and how many were left out."""
    listed = sorted((row for row in rows if identified(row)), key=lambda row: row.started_at,
                    reverse=True)
    return tuple(listed), len(rows) - len(listed)
