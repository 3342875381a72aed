"""How a decided check-in ends, the same whether the rules decided it during the run or the
receptionist did later at the console: a ticket when accepted, the final state, the outbox, the
day book; and a newer eligibility answer taken into a check-in already accepted. Keeps in memory
the check-ins that still need their identity (sent to review, or accepted with no verdict on the
card yet), for the console, and nothing else."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.journal import Journal
from terminal.checkin.parts import CheckinSink
from terminal.checkin.records import (
    AuditEntry,
    CheckinRecord,
    CheckinState,
    Device,
    EligibilityOutcome,
    Payer,
    Step,
    Verdict,
)
from terminal.checkin.tickets import TicketBook
from terminal.errors import TerminalError

log = logging.getLogger(__name__)

#: Told when a timed step starts or ends (the workflow's run times the ticket and the queue).
StepMark = Callable[[Step], None]


def _unmarked(_step: Step) -> None:
    """The step mark used when nobody times the steps (a decision made at the console)."""


class Closing:
    def __init__(self, tickets: TicketBook, sink: CheckinSink, journal: Journal,
                 board: DeviceBoard, clock: Callable[[], datetime]) -> None:
        self._tickets = tickets
        self._sink = sink
        self._journal = journal
        self._board = board
        self._clock = clock
        self._lock = threading.Lock()
        self._held: dict[str, CheckinRecord] = {}

    def save(self, record: CheckinRecord) -> None:
        """Write the check-in's state to the day book; hold it with its identity while a person
        or the queue may still need it, drop it when not."""
        self._journal.save(record)
        needs_identity = (record.state is CheckinState.REVIEW
                          or (record.eligibility is not None
                              and not record.eligibility.status.is_usable
                              and record.state is CheckinState.DONE))
        with self._lock:
            if needs_identity:
                self._held[record.checkin_id] = record
            else:
                self._held.pop(record.checkin_id, None)

    def audit(self, entry: AuditEntry) -> None:
        """A line in the audit trail the closing also writes to (e.g. the chip checks)."""
        self._journal.add_audit(entry)

    def held(self, checkin_id: str) -> CheckinRecord | None:
        with self._lock:
            return self._held.get(checkin_id)

    def settle(self, record: CheckinRecord, begin: StepMark = _unmarked,
               end: StepMark = _unmarked) -> CheckinRecord:
        """A check-in decided accept or reject: a ticket when accepted, then DONE or REJECTED,
        the outbox (when it fails the queue is marked down and the day book still keeps the
        check-in) and the day book. `begin` and `end` time the ticket and queue steps."""
        assert record.decision is not None and record.decision.verdict is not Verdict.REVIEW
        accepted = record.decision.verdict is Verdict.ACCEPT
        if accepted:
            begin(Step.TICKET)
            ticket = self._tickets.issue(record.checkin_id, record.counter, self._clock().date())
            record = replace(record, ticket=ticket)
            end(Step.TICKET)
        record = replace(record, state=CheckinState.DONE if accepted else CheckinState.REJECTED,
                         finished_at=self._clock())
        begin(Step.QUEUE)
        if self._queue(self._sink.deliver, record):
            end(Step.QUEUE)
        self.save(record)
        return record

    def take_eligibility(self, record: CheckinRecord, outcome: EligibilityOutcome, *,
                         send: bool) -> CheckinRecord:
        """A newer eligibility answer for a check-in already accepted: the payer it gives (the
        card pays once it is usable), sent to the HIS when `send` (the queue sends the answers it
        got itself), and the day book."""
        assert record.decision is not None
        payer = Payer.INSURED if outcome.status.is_usable else record.decision.payer
        record = replace(record, eligibility=outcome,
                         decision=replace(record.decision, payer=payer))
        if send:
            self._queue(self._sink.deliver_eligibility, record)
        self.save(record)
        return record

    def _queue(self, put: Callable[[CheckinRecord], None], record: CheckinRecord) -> bool:
        """Make the record durable in the outbox; False (and the queue marked down) if it cannot."""
        try:
            put(record)
        except TerminalError as exc:
            log.error("check-in %s not queued: %s (%s)", record.checkin_id, exc.message, exc.detail)
            self._board.error(Device.QUEUE, exc.message, code=type(exc).__name__)
            return False
        return True
