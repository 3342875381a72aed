"""What the receptionist does at the console, as headless operations: settle a check-in sent to
review (with a reason, kept for audit), retry an eligibility lookup, start a check-in with a typed
key, cancel one, list today's check-ins, see the devices' status."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from datetime import date, datetime

from drivers.idcard.access_key import AccessKey
from terminal.checkin import events as ev
from terminal.checkin.closing import OVER_CAPACITY, Closing
from terminal.checkin.coverage import coverage_of
from terminal.checkin.decision import decide
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.errors import NotAllowedError, UnknownCheckinError
from terminal.checkin.journal import Journal
from terminal.checkin.parts import EligibilityLookup
from terminal.checkin.priority import PriorityStatus
from terminal.checkin.records import (
    AccessKeySource,
    AuditEntry,
    CheckinRecord,
    CheckinState,
    CheckinSummary,
    Decision,
    Device,
    DeviceStatus,
    EligibilityOutcome,
    EligibilityStatus,
    Override,
    Payer,
    Reason,
    Verdict,
)
from terminal.checkin.runner import WorkflowSettings, local_now
from terminal.checkin.workflow import CheckinRun, CheckinWorkflow
from terminal.delivery.checkin_payload import FLAG_UNVERIFIED_AT_DAY_END as UNVERIFIED_AT_DAY_END
from terminal.delivery.checkin_payload import QueueNumberAnswer

_GRACE_S = 2.0


class StaffActions:
    """What staff do at the console, on the parts given here; what they decide is audited."""

    def __init__(self, workflow: CheckinWorkflow, closing: Closing, journal: Journal,
                 board: DeviceBoard, eligibility: EligibilityLookup, settings: WorkflowSettings,
                 listener: ev.Listener = ev.ignore,
                 clock: Callable[[], datetime] = local_now) -> None:
        self._workflow = workflow
        self._closing = closing
        self._journal = journal
        self._board = board
        self._eligibility = eligibility
        self._settings = settings
        self._listener = ev.guarded(listener)
        self._clock = clock
        # Lookups asked again at the console; one that outlives its wait ends here, unwatched.
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="staff")

    def today(self) -> list[CheckinSummary]:
        """Today's check-ins, oldest first, with their state (identities masked)."""
        return self._journal.day(self._clock().date())

    def day(self, day: date) -> list[CheckinSummary]:
        return self._journal.day(day)

    def audit_trail(self, checkin_id: str) -> list[AuditEntry]:
        return self._journal.audit_trail(checkin_id)

    def device_statuses(self) -> list[DeviceStatus]:
        """Reader, camera, gateway, HIS and queue, each with its health and last error."""
        return self._board.statuses()

    def start_typed(self, key: AccessKey, staff: str, department: str = "") -> CheckinRun:
        """Start a check-in with the key the receptionist typed (build it with
        drivers.idcard.access_key.access_key_from_cccd / _from_fields); `department` the code the
        patient chose at the kiosk ("": the default)."""
        run = self._workflow.start(key, AccessKeySource.TYPED, department=department)
        self._audit(run.checkin_id, "typed_key", staff, "access key typed at the console", "")
        return run

    def cancel(self, checkin_id: str, staff: str) -> bool:
        """Cancel a check-in still running; False when it already ended."""
        cancelled = self._workflow.cancel(checkin_id, f"cancelled by {staff}")
        if cancelled:
            self._audit(checkin_id, "cancel", staff, "cancelled at the console", "")
        return cancelled

    def override(self, checkin_id: str, staff: str, reason: str,
                 verdict: Verdict = Verdict.ACCEPT) -> CheckinRecord:
        """Settle a check-in sent to review: accept it (a ticket is issued) or reject it. The reason
        is required and goes to the audit trail and, with the record, to the clinic's HIS."""
        reason, staff = reason.strip(), staff.strip()
        if not reason or not staff:
            raise NotAllowedError("Give your name and the reason for the decision.",
                                  detail="override without staff or reason", code="reason_missing")
        if verdict is Verdict.REVIEW:
            raise NotAllowedError("Choose accept or reject.", detail="override to review",
                                  code="verdict_missing")
        record = self._in_review(checkin_id)
        previous = record.decision
        assert previous is not None  # a check-in in review was decided
        override = Override(staff, reason, verdict, previous.verdict, self._clock())
        payer = previous.payer if previous.payer is not Payer.UNKNOWN else Payer.PAYING
        decision = Decision(verdict, payer, previous.reasons
                            + (Reason("override", f"{verdict.value} by staff: {reason}"),))
        record = replace(record, override=override, decision=decision)
        self._audit(checkin_id, "override", staff, reason, verdict.value)
        return self._settle(record)

    def held(self, checkin_id: str) -> CheckinRecord | None:
        """A check-in held here with its identity (in review, a repeat, a slip not printed…)."""
        return self._closing.held(checkin_id)

    def confirm_priority(self, checkin_id: str, staff: str, confirmed: bool,
                         note: str = "") -> CheckinRecord:
        """Decide a priority the patient declared (Law 15/2023 Art 3(2)): `confirmed` numbers the
        check-in from the priority sequence, else from the counter's own; staff name required,
        kept in the audit trail. A check-in that waited only for this is then checked in; one
        also waiting for another review keeps waiting (the override then issues the number)."""
        staff, note = staff.strip(), note.strip()
        if not staff:
            raise NotAllowedError("Give your name to decide the priority.",
                                  detail="priority decision without staff", code="staff_missing")
        record = self._in_review(checkin_id)
        priority = record.priority
        if priority is None or priority.status is not PriorityStatus.UNCONFIRMED:
            raise NotAllowedError("This check-in has no declared priority to confirm.",
                                  detail=checkin_id, code="no_declared_priority")
        status = PriorityStatus.GRANTED if confirmed else PriorityStatus.REFUSED
        record = replace(record, priority=replace(priority, status=status, staff=staff, note=note))
        self._audit(checkin_id, "priority_confirmed" if confirmed else "priority_refused", staff,
                    note or priority.reason.value, priority.reason.value)
        decision = record.decision
        assert decision is not None
        if "priority_declared" in decision.reason_codes:  # the rules had accepted it
            return self._settle(replace(record, decision=replace(decision,
                                                                 verdict=Verdict.ACCEPT)))
        self._closing.save(record)
        self._listener(ev.CheckinUpdated(record))
        return record

    def second_ticket(self, checkin_id: str, staff: str, reason: str) -> CheckinRecord:
        """Issue a new number on purpose to a check-in that was shown the number its holder
        already had today (one number per person, counter and day): the reason is required and
        goes to the audit trail; the check-in then goes to the HIS like any other."""
        reason, staff = reason.strip(), staff.strip()
        if not reason or not staff:
            raise NotAllowedError("Give your name and the reason for a second number.",
                                  detail="second ticket without staff or reason",
                                  code="reason_missing")
        record = self._closing.held(checkin_id)
        if record is None or record.ticket is None or not record.ticket.repeat_of:
            raise NotAllowedError("A second number is issued only to a check-in that was shown "
                                  "the number the patient already had today.",
                                  detail=f"{checkin_id}: no repeated ticket held",
                                  code="second_not_repeat")
        record = self._closing.second_ticket(record)
        assert record.ticket is not None
        self._audit(checkin_id, "second_ticket", staff, reason, record.ticket.label)
        self._listener(ev.CheckinUpdated(record))
        return record

    def reprint(self, checkin_id: str, staff: str) -> CheckinRecord:
        """Print the slip of a check-in again: one held here (a repeat tap, a printer fault), or
        one of today's the HIS renumbered (its slip shows the old number), from the day book's
        record (masked: the slip carries no identity)."""
        record = self._closing.held(checkin_id)
        held = record is not None
        if record is None:
            row = self._journal.get(checkin_id)
            if row is not None and row.renumbered_from:
                record = self._closing.day_record(checkin_id)
        if record is None or record.ticket is None:
            raise NotAllowedError("This check-in's slip cannot be printed again here: look its "
                                  "number up in today's list.", detail=checkin_id,
                                  code="reprint_not_held")
        record = self._closing.print_slip(record)
        self._audit(checkin_id, "reprint", staff, "slip printed again as " + record.ticket.label,
                    record.print_fault or "printed")
        if held:
            self._closing.save(record)
        self._listener(ev.CheckinUpdated(record))
        return record

    def retry_eligibility(self, checkin_id: str, staff: str) -> CheckinRecord:
        """Ask the gateway again for a check-in in review or accepted with eligibility pending;
        a check-in in review is decided again with the new answer."""
        record = self._closing.held(checkin_id)
        if record is None or record.identity is None:
            raise UnknownCheckinError(
                "This check-in cannot be looked up again here (it ended, or the terminal was "
                "restarted). Look the card up at the desk.", detail=checkin_id,
                code="retry_not_held")
        outcome = self._lookup(record)
        self._audit(checkin_id, "retry_eligibility", staff, "eligibility looked up again",
                    outcome.status.value)
        if record.state is CheckinState.REVIEW:
            record = replace(record, eligibility=outcome)
            assert record.authenticity is not None and record.face is not None
            decision = decide(self._settings.rules, record.authenticity, record.face, outcome)
            record = replace(record, decision=decision)
            if decision.verdict is not Verdict.REVIEW:
                return self._settle(record)
            self._closing.save(record)
        else:
            record = self._closing.take_eligibility(self._decided_again(record, outcome),
                                                    send=True)
        self._listener(ev.CheckinUpdated(record))
        return record

    def eligibility_answered(self, checkin_id: str, outcome: EligibilityOutcome) -> None:
        """The queue's deferred lookup got an answer (the sender sends it to the HIS itself):
        update the check-in held here, if any, and tell the UI."""
        self._board.ok(Device.GATEWAY, "The insurance gateway answers again.")
        record = self._closing.held(checkin_id)
        if record is None or record.state is not CheckinState.DONE:
            return
        self._audit(checkin_id, "deferred_eligibility", "queue", "eligibility looked up later",
                    outcome.status.value)
        record = self._closing.take_eligibility(self._decided_again(record, outcome),
                                                send=False)
        self._listener(ev.CheckinUpdated(record))

    def _decided_again(self, record: CheckinRecord, outcome: EligibilityOutcome) -> CheckinRecord:
        """A newer answer for a check-in already admitted: the desk's decision taken again
        (coverage.py, with the patient's slip answers given at check-in; never asked → the
        counter asks where it matters), and the insurance part of its decision with it: payer
        and reasons. The verdict stands (the patient has a number); the reasons added after the
        rules (a priority, the department, an override) stay."""
        assert record.identity is not None and record.decision is not None
        assert record.authenticity is not None and record.face is not None
        coverage = coverage_of(self._settings.coverage, outcome, record.identity.birth_date,
                               record.started_at.date(), record.slips)
        rules = self._settings.rules
        before = (decide(rules, record.authenticity, record.face, record.eligibility,
                         record.coverage).reasons if record.eligibility is not None else ())
        after = decide(rules, record.authenticity, record.face, outcome, coverage)
        kept = tuple(r for r in record.decision.reasons if r not in before)
        return replace(record, eligibility=outcome, coverage=coverage,
                       decision=replace(record.decision, payer=after.payer,
                                        reasons=after.reasons + kept))

    def eligibility_unverified(self, checkin_id: str) -> None:
        """The check-in reached the end of its day with the card still not verified (the queue
        tells the HIS): flagged on its row of the console and in the audit trail."""
        if self._journal.flag(checkin_id, UNVERIFIED_AT_DAY_END):
            self._audit(checkin_id, UNVERIFIED_AT_DAY_END, "queue",
                        "the card was still not verified at the end of the day", "flagged")

    def his_number(self, checkin_id: str, answer: QueueNumberAnswer) -> None:
        """The HIS keeps a delivered check-in under another number, or flags it over the room's
        capacity (the sender tells): recorded (closing.py) and shown in the console."""
        changed = self._closing.his_number(checkin_id, answer)
        if changed is None:
            return
        before, after, held = changed
        if before != after:
            self._listener(ev.TicketRenumbered(checkin_id, 0.0, before, after))
        if answer.over_capacity:
            self._listener(ev.CheckinFlagged(checkin_id, 0.0, OVER_CAPACITY))
        if held is not None:
            self._listener(ev.CheckinUpdated(held))

    def _lookup(self, record: CheckinRecord) -> EligibilityOutcome:
        seconds = self._settings.eligibility_wait_s
        # Staff asked again: the gateway's answer now, never one kept from minutes ago.
        future = self._pool.submit(self._eligibility.lookup, record.identity, force_fresh=True)
        try:
            return future.result(seconds + _GRACE_S)
        except FutureTimeout:
            return EligibilityOutcome(EligibilityStatus.PENDING,
                                      "The insurance gateway did not answer in time.",
                                      checked_at=self._clock())

    def _in_review(self, checkin_id: str) -> CheckinRecord:
        record = self._closing.held(checkin_id)
        if record is None:
            summary = self._journal.get(checkin_id)
            if summary is None:
                raise UnknownCheckinError("There is no such check-in.", detail=checkin_id,
                                          code="no_such_checkin")
            raise NotAllowedError(f"This check-in is {summary.state.value}, not waiting for review.",
                                  detail=checkin_id, code="not_in_review")
        if record.state is not CheckinState.REVIEW:
            raise NotAllowedError(f"This check-in is {record.state.value}, not waiting for review.",
                                  detail=checkin_id, code="not_in_review")
        return record

    def _settle(self, record: CheckinRecord) -> CheckinRecord:
        """A decision made after the run: closed as the run closes one, then the UI is told."""
        record = self._closing.settle(record)
        self._listener(ev.CheckinUpdated(record))
        return record

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _audit(self, checkin_id: str, action: str, staff: str, reason: str, outcome: str) -> None:
        entry = AuditEntry(checkin_id, action, staff, reason, self._clock(), outcome)
        self._journal.add_audit(entry)
