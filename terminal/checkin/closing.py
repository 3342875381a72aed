"""How a decided check-in ends, the same whether the rules decided it during the run or the
receptionist did later at the console: a ticket when accepted (the number the person already holds
today on a repeat tap), its slip, the final state, the outbox, the day book; and a newer eligibility answer taken into a check-in already accepted. Keeps in memory
the check-ins that still need their identity (sent to review, or accepted with no verdict on the
card yet), for the console, and nothing else."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from terminal.checkin.departments import DepartmentList, department_of
from terminal.delivery.checkin_payload import QueueNumberAnswer, QueueNumberRequest, RoomCount
from terminal.delivery.errors import RoomFull
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.journal import Journal
from terminal.checkin.parts import CheckinSink
from terminal.checkin.records import (
    AuditEntry,
    CheckinRecord,
    CheckinState,
    Decision,
    Device,
    Payer,
    Reason,
    Step,
    Verdict,
)
from terminal.checkin.slip_desk import SlipDesk
from terminal.checkin.tickets import TicketBook
from terminal.errors import TerminalError

log = logging.getLogger(__name__)

#: The reason code (today's list, audit trail) of a check-in the HIS flags as numbered offline
#: past the room's capacity.
OVER_CAPACITY = "over_capacity"
_OVER_CAPACITY_REASON = Reason(OVER_CAPACITY, "numbered offline past the room's capacity (HIS)")

#: Told when a timed step starts or ends (the workflow's run times the ticket and the queue).
StepMark = Callable[[Step], None]

#: The HIS's queue numbers (HisClient.queue_number): raises a TerminalError when it cannot give
#: one now.
QueueNumbers = Callable[[QueueNumberRequest], QueueNumberAnswer]
#: Each room's counts at the HIS (HisClient.room_counts): raises a TerminalError when it cannot
#: say now.
RoomCounts = Callable[[], "dict[str, RoomCount]"]


def _unmarked(_step: Step) -> None:
    """The step mark used when nobody times the steps (a decision made at the console)."""


class Closing:
    def __init__(self, tickets: TicketBook, sink: CheckinSink, journal: Journal,
                 board: DeviceBoard, clock: Callable[[], datetime], *,
                 slips: SlipDesk | None = None, departments: DepartmentList | None = None,
                 priority_sequence: str = "UT", numbers: QueueNumbers | None = None,
                 rooms: RoomCounts | None = None) -> None:
        """`slips` prints each ticket's slip (None: no printer); `departments` give each
        department's counter; `priority_sequence` numbers the check-ins with a priority;
        `numbers` asks the HIS for each new number (None, or the HIS unreachable: the kiosk's
        own); `rooms` asks it for each room's counts (capacity across all kiosks)."""
        self._tickets = tickets
        self._sink = sink
        self._journal = journal
        self._board = board
        self._clock = clock
        self._slips = slips
        self._departments = departments
        self._priority_sequence = priority_sequence
        self._numbers = numbers
        self._rooms = rooms
        self._lock = threading.Lock()
        # A check-in's number saved to the day book vs the HIS renumbering it (sender thread).
        self._numbering = threading.Lock()
        self._held: dict[str, CheckinRecord] = {}

    @property
    def tickets(self) -> TicketBook:
        return self._tickets

    @property
    def slips(self) -> SlipDesk | None:
        return self._slips

    def save(self, record: CheckinRecord) -> None:
        """Write the check-in's state to the day book; hold it with its identity while a person
        or the queue may still need it, drop it when not. Its number is the one the day book
        holds now (the HIS may have renumbered it meanwhile), and the HIS's over-capacity flag
        on it stays."""
        with self._numbering:
            if record.ticket is not None:
                current = self._tickets.ticket_of(record.checkin_id)
                if current is not None and current.number != record.ticket.number:
                    record = replace(record, ticket=replace(record.ticket, number=current.number))
                row = self._journal.get(record.checkin_id)
                if (row is not None and OVER_CAPACITY in row.reasons
                        and record.decision is not None
                        and OVER_CAPACITY not in record.decision.reason_codes):
                    record = replace(record, decision=replace(record.decision, reasons=(
                        record.decision.reasons + (_OVER_CAPACITY_REASON,))))
            self._journal.save(record)
        needs_identity = (record.state is CheckinState.REVIEW
                          or (record.ticket is not None and record.ticket.repeat_of != ""
                              and record.state is CheckinState.DONE)  # staff may issue a second
                          or (record.print_fault != "" and record.state is CheckinState.DONE)
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
        """A check-in decided accept or reject: a ticket and its slip when accepted, then DONE
        or REJECTED, the outbox (when it fails the queue is marked down and the day book still
        keeps the check-in) and the day book. A repeat (the number the person already held) is
        not queued: the HIS has the first check-in with this number already. `begin` and `end`
        time the ticket and queue steps."""
        assert record.decision is not None and record.decision.verdict is not Verdict.REVIEW
        accepted = record.decision.verdict is Verdict.ACCEPT
        if accepted:
            begin(Step.TICKET)
            try:
                record = self.issue_ticket(record)
            except RoomFull as exc:
                record, accepted = self._room_full(record, exc), False
            end(Step.TICKET)
            record = self.print_slip(record)
        record = replace(record, state=CheckinState.DONE if accepted else CheckinState.REJECTED,
                         finished_at=self._clock())
        begin(Step.QUEUE)
        repeat = record.ticket is not None and record.ticket.repeat_of
        if repeat or self._queue(self._sink.deliver, record):
            end(Step.QUEUE)
        self.save(record)
        return record

    def second_ticket(self, record: CheckinRecord) -> CheckinRecord:
        """A fresh number, on purpose, for a check-in shown the number its holder already had
        today: its slip, the outbox (now a visit of its own) and the day book."""
        record = self.print_slip(self.issue_ticket(record, second=True))
        self._queue(self._sink.deliver, record)
        self.save(record)
        return record

    def issue_ticket(self, record: CheckinRecord, *, second: bool = False) -> CheckinRecord:
        """The check-in's ticket, from its department's counter (and the priority sequence when
        a priority is granted); the number the person already holds today when they have one
        (`Ticket.repeat_of`, noted in the audit trail), unless staff ask for a `second`."""
        day = self._clock().date()
        person = (self._tickets.person_tag(record.identity.id_number, day)
                  if record.identity else "")
        granted = record.priority is not None and record.priority.granted
        department = department_of(self._departments, record.counter, record.department)
        sequence = self._priority_sequence if granted else ""
        ask = None
        if self._numbers is not None:
            request = QueueNumberRequest(
                record.checkin_id, department.code, department.counter, sequence,
                record.priority.reason.value if granted and record.priority else "")
            ask = lambda: self._ask_number(request)  # noqa: E731
        ticket = self._tickets.issue(record.checkin_id, department.counter, day, person,
                                     second=second, sequence=sequence, ask=ask, at=self._clock())
        if ticket.repeat_of and (record.ticket is None or not record.ticket.repeat_of):
            self._journal.add_audit(AuditEntry(
                record.checkin_id, "repeat_ticket", "kiosk",
                f"checked in again today: the number of check-in {ticket.repeat_of} shown again",
                self._clock(), ticket.label))
        return replace(record, ticket=ticket)

    def _room_full(self, record: CheckinRecord, exc: RoomFull) -> CheckinRecord:
        """The HIS gave no number: the room is full (across all kiosks). The check-in is refused
        at this room (reason `department_full`; the kiosk offers the next open one) and the audit
        trail says so."""
        assert record.decision is not None
        log.info("check-in %s: no number, %s", record.checkin_id, exc.detail)
        self._journal.add_audit(AuditEntry(record.checkin_id, "department_full", "HIS",
                                           exc.message, self._clock(), ""))
        return replace(record, decision=replace(
            record.decision, verdict=Verdict.REJECT,
            reasons=record.decision.reasons + (Reason("department_full", exc.message),)))

    def room_counts(self) -> dict[str, RoomCount] | None:
        """Each room's numbers today and this session at the HIS (all kiosks'); None when the
        HIS cannot say now or is not asked (the kiosk counts its own)."""
        if self._rooms is None:
            return None
        try:
            return self._rooms()
        except TerminalError as exc:
            log.info("no room counts from the HIS: %s (%s)", exc.message, exc.detail)
            return None

    def _ask_number(self, request: QueueNumberRequest) -> tuple[int, int | None] | None:
        """The HIS's number for the check-in, or None (the kiosk numbers it) when the HIS cannot
        give one now; the sender learns for itself whether the HIS is down. RoomFull when the
        HIS says the room is full."""
        assert self._numbers is not None
        try:
            answer = self._numbers(request)
        except RoomFull:
            raise
        except TerminalError as exc:
            log.info("no queue number from the HIS for %s: %s (%s)", request.checkin_id,
                     exc.message, exc.detail)
            return None
        return answer.number, answer.ahead

    def his_number(self, checkin_id: str, answer: QueueNumberAnswer
                   ) -> tuple[str, str, CheckinRecord | None] | None:
        """The HIS's answer on a delivered check-in: it keeps it under `answer`'s number (the one
        the kiosk gave offline was another kiosk's: the day book, today's list with the number
        the slip showed, the audit trail and the check-in held here take it), and/or flags it
        over the room's capacity (reason `over_capacity` on its row and held record, an audit
        line). Returns the label before, the label now (the same when only flagged) and the
        held record (if any); None when nothing changed."""
        with self._numbering:
            renumbered = self._tickets.renumber(checkin_id, answer.number)
            if renumbered is None:
                return None
            ticket, before = renumbered
            if ticket.label != before:
                self._journal.relabel(checkin_id, ticket.label, before)
            flagged = answer.over_capacity and self._journal.flag(checkin_id, OVER_CAPACITY)
        if ticket.label == before and not flagged:
            return None
        if ticket.label != before:
            log.warning("check-in %s: the HIS keeps number %s as %s", checkin_id, before,
                        ticket.label)
            self._journal.add_audit(AuditEntry(
                checkin_id, "his_number", "HIS",
                f"number {before} given offline was taken at the HIS: the patient is called as "
                f"{ticket.label}", self._clock(), ticket.label))
        if flagged:
            log.warning("check-in %s: the HIS flags %s over the room's capacity", checkin_id,
                        ticket.label)
            self._journal.add_audit(AuditEntry(
                checkin_id, OVER_CAPACITY, "HIS",
                f"number {ticket.label} was given offline past the room's capacity", self._clock(),
                "flagged"))
        with self._lock:
            held = self._held.get(checkin_id)
            if held is not None and held.ticket is not None:
                held = replace(held, ticket=replace(held.ticket, number=ticket.number))
                if flagged and held.decision is not None:
                    held = replace(held, decision=replace(held.decision, reasons=(
                        held.decision.reasons + (_OVER_CAPACITY_REASON,))))
                self._held[checkin_id] = held
        return before, ticket.label, held

    def day_record(self, checkin_id: str) -> CheckinRecord | None:
        """A check-in of today with a number, as the day book keeps it (masked, no identity):
        enough to print its slip again; None when the day book has no such check-in today."""
        row = self._journal.get(checkin_id)
        ticket = self._tickets.ticket_of(checkin_id)
        if (row is None or ticket is None or row.state is not CheckinState.DONE
                or row.started_at.date() != self._clock().date() or row.verdict is None):
            return None
        department = ""
        if self._departments is not None:
            department = next((d.code for d in self._departments.departments
                               if d.counter == ticket.counter), "")
        decision = Decision(row.verdict, row.payer or Payer.UNKNOWN,
                            tuple(Reason(code, "") for code in row.reasons))
        return CheckinRecord(checkin_id, ticket.counter, row.started_at, row.state,
                             decision=decision, ticket=ticket, department=department)

    def print_slip(self, record: CheckinRecord) -> CheckinRecord:
        """Print the slip of a check-in with a ticket; a printer that cannot is noted on the
        record (`print_fault`: the kiosk keeps the number up longer and sends the patient to the
        desk) and on the device board (the console), and never fails the check-in."""
        if self._slips is None or record.ticket is None:
            return record
        try:
            where = self._slips.print_record(record)
        except TerminalError as exc:
            fault = str(getattr(exc, "fault", "failed"))
            log.warning("slip of %s not printed: %s (%s)", record.checkin_id, fault, exc.detail)
            # the fault (paper_out, cover_open, offline) is the error class the fleet alerts on
            self._board.error(Device.PRINTER, exc.message, code=fault)
            return replace(record, slip="", print_fault=fault)
        self._board.ok(Device.PRINTER, "Slip printed.")
        return replace(record, slip=where, print_fault="")

    def take_eligibility(self, record: CheckinRecord, *, send: bool) -> CheckinRecord:
        """A check-in already accepted, decided again on a newer eligibility answer
        (StaffActions): sent to the HIS when `send` (the queue sends the answers it got itself),
        and the day book."""
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
