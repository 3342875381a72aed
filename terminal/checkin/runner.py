"""One check-in as a state machine: waiting → access key → reading card → (eligibility ∥ face) →
decision → ticket → queue, composed from the seams in parts.py; the end is closing.py's.

Each check-in runs in a worker thread of the workflow (workflow.py); card reading, the lookup and
the face check run in workers of their own: the face check (quality gate, liveness) starts as soon
as the access key is known, while the card is placed and read, and the eligibility lookup the
moment DG1 + DG13 are read, so that once the chip photo is there only the match remains. Every
wait has a deadline from the config and watches for cancellation. Progress goes out as events
(events.py) through one listener.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from datetime import date, datetime

from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import CardRemovedError, ChipError, ReaderError
from terminal.checkin import events as ev
from terminal.checkin.closing import Closing
from terminal.checkin.coverage import CoverageRules, SlipAnswers, coverage_of, needs_slips
from terminal.checkin.decision import CheckinRules, decide
from terminal.checkin.departments import (DepartmentList, PayerFit, department_of,
                                          load_departments, payer_fit)
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.eligibility_lookup import lookup_ended
from terminal.checkin.errors import CheckinCancelled, StepTimeout, failure_of
from terminal.checkin.face_check import face_check_ended
from terminal.checkin.priority import Priority, PriorityReason, PriorityStatus, age_on, priority_of
from terminal.checkin.parts import (
    CardCallbacks,
    CardContents,
    CardReader,
    EligibilityLookup,
    FaceCheck,
    KeyScanner,
)
from terminal.checkin.records import (
    AccessKeySource,
    AuditEntry,
    Authenticity,
    CheckinRecord,
    CheckinState,
    Decision,
    Device,
    EligibilityOutcome,
    FaceArea,
    FaceOutcome,
    PatientIdentity,
    Payer,
    Reason,
    Step,
    Verdict,
)
from terminal.checkin.step_clock import StepClock
from terminal.config import Config
from terminal.errors import TerminalError

log = logging.getLogger(__name__)

#: How often a wait wakes to look for cancellation; results are taken the moment they arrive.
_SLICE_S = 0.05
#: Extra time given to a part that has its own timeout before the workflow stops waiting for it.
_GRACE_S = 2.0


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class WorkflowSettings:
    counter: str = "A"
    rules: CheckinRules = CheckinRules()
    access_key_timeout_s: float = 60.0
    card_timeout_s: float = 30.0
    read_timeout_s: float = 20.0
    eligibility_wait_s: float = 8.0
    face_timeout_s: float = 25.0
    age_priority: bool = True
    declared_priority: str = "staff"  # "staff" | "accept" | "off" (config checkin.declared_priority)
    priority_sequence: str = "UT"
    #: The clinic's departments (None: the counter alone, no choice).
    departments: DepartmentList | None = None
    #: False runs the same steps one after another (the benchmark's baseline).
    parallel: bool = True
    #: The desk's insurance decision (coverage.py) and how long the slip questions wait.
    coverage: CoverageRules = CoverageRules()
    slip_answer_s: float = 45.0
    #: The face check starts with the access key (True), or once DG1 + DG13 are read (False: the
    #: order before issue 13, the benchmark's baseline). Parallel runs only.
    early_face: bool = True

    @classmethod
    def from_config(cls, config: Config, parallel: bool = True,
                    early_face: bool = True) -> WorkflowSettings:
        c = config.checkin
        return cls(counter=config.terminal.counter, rules=CheckinRules.from_config(config),
                   access_key_timeout_s=c.access_key_timeout_s, card_timeout_s=config.reader.timeout_s,
                   read_timeout_s=c.read_timeout_s, eligibility_wait_s=c.eligibility_wait_s,
                   face_timeout_s=c.face_timeout_s, age_priority=c.age_priority,
                   declared_priority=c.declared_priority, priority_sequence=c.priority_sequence,
                   departments=load_departments(config), parallel=parallel,
                   coverage=CoverageRules.from_config(config), slip_answer_s=c.slip_answer_s,
                   early_face=early_face)

    @property
    def longest_run_s(self) -> float:
        """The most a run can take: every step's limit, and the grace each part is given."""
        return (self.access_key_timeout_s + self.card_timeout_s + self.read_timeout_s
                + self.eligibility_wait_s + self.face_timeout_s + self.slip_answer_s
                + 4 * _GRACE_S)


@dataclass(frozen=True)
class Parts:
    """The seams a run composes (built by assembly.py), and how a decided check-in ends."""

    reader: CardReader
    face: FaceCheck
    eligibility: EligibilityLookup
    closing: Closing
    board: DeviceBoard
    scanner: KeyScanner | None = None


#: Runs a blocking call in a worker thread (the workflow's pool).
Submit = Callable[..., Future]


class CheckinRunner:
    """One check-in while it runs (one per CheckinWorkflow.start), in a worker of the workflow."""

    def __init__(self, checkin_id: str, key: AccessKey | None, source: AccessKeySource,
                 parts: Parts, settings: WorkflowSettings, clock: Callable[[], datetime],
                 emit: ev.Listener, submit: Submit, on_end: Callable[[str], None]) -> None:
        self.parts = parts
        self.settings = settings
        self.clock = clock
        self._steps = StepClock(checkin_id, emit)
        self._submit = submit
        self._on_end = on_end
        self.checkin_id = checkin_id
        self.key = key
        self.source = source if key is not None else AccessKeySource.QR
        self._cancel_why = ""
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._card_at: float | None = None
        self._identity_at: float | None = None
        self._read_deadline = time.perf_counter()  # moved when the card arrives
        self._photo: bytes | None = None
        self._photo_ready = threading.Event()
        self._elig: Future[EligibilityOutcome] | None = None
        self._face: Future[FaceOutcome] | None = None
        self._slips: SlipAnswers | None = None
        self._slips_given = threading.Event()
        self.step = Step.ACCESS_KEY
        self.record = CheckinRecord(checkin_id=checkin_id, counter=self.settings.counter,
                                    started_at=clock(), state=CheckinState.WAITING)

    # plumbing --------------------------------------------------------------------------------

    def declare(self, reason: PriorityReason | None) -> bool:
        """A declared priority (None: withdrawn) counts until the decision is made."""
        with self._lock:
            if self.record.decision is not None:
                return False
            self.record = replace(self.record, declared_priority=reason)
            return True

    def choose(self, department: str) -> bool:
        """The department chosen counts until the decision is made."""
        with self._lock:
            if self.record.decision is not None:
                return False
            self.record = replace(self.record, department=department)
            return True

    def answer_slips(self, answers: SlipAnswers) -> bool:
        """The patient's answers to the referral and appointment questions; they count until
        the decision is made."""
        with self._lock:
            if self.record.decision is not None:
                return False
            self._slips = answers
        self._slips_given.set()
        return True

    def _ask_slips(self, eligibility: EligibilityOutcome,
                   birth_date: date | int) -> SlipAnswers | None:
        """Ask the patient about their slips (the kiosk's referral screen) when the card is
        registered elsewhere, showing what the fund pays with a slip and without, and wait for
        the answers; None when not asked or not answered in time."""
        rules = self.settings.coverage
        if not needs_slips(rules, eligibility) or self._slips_given.is_set():
            return self._slips
        today = self.clock().date()
        with_slip, without = (coverage_of(rules, eligibility, birth_date, today,
                                          SlipAnswers(referral=slip, appointment=False))
                              for slip in (True, False))
        self._emit(ev.SlipsAsked, with_slip.fund_pct, without.fund_pct)
        until = time.perf_counter() + self.settings.slip_answer_s
        while not self._slips_given.wait(_SLICE_S):
            if self.cancelled():
                raise CheckinCancelled(self._cancel_why)
            if time.perf_counter() >= until:
                break
        return self._slips

    def cancel(self, why: str) -> None:
        self._cancel_why = why
        self._cancelled.set()
        self._photo_ready.set()  # wakes a face check waiting for the photo

    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _emit(self, event_type: type[ev.CheckinEvent], *args) -> None:
        self._steps.emit(event_type, *args)

    def _update(self, **changes) -> CheckinRecord:
        with self._lock:
            self.record = replace(self.record, **changes)
            return self.record

    def _state(self, state: CheckinState, **changes) -> None:
        previous = self.record.state
        record = self._update(state=state, **changes)
        self.parts.closing.save(record)
        self._emit(ev.StateChanged, previous, state)

    def _begin(self, step: Step) -> None:
        if step in (Step.ACCESS_KEY, Step.WAIT_CARD, Step.READ_IDENTITY, Step.READ_PHOTO):
            self.step = step  # the step a timeout or failure is charged to
        self._steps.begin(step)

    def _end(self, step: Step) -> None:
        self._steps.end(step)

    def _wait(self, future: Future, deadline: Callable[[], float], seconds: Callable[[], float]):
        """The future's result, unless the check-in is cancelled or the deadline passes first
        (then StepTimeout for the step under way)."""
        while True:
            if self.cancelled():
                raise CheckinCancelled(self._cancel_why)
            left = deadline() - time.perf_counter()
            if left <= 0:
                raise StepTimeout(self.step, seconds())
            done, _ = wait([future], timeout=min(_SLICE_S, left))
            if done:
                return future.result()

    # the steps -------------------------------------------------------------------------------

    def execute(self) -> CheckinRecord:
        try:
            key = self._access_key()
            if self.settings.parallel and self.settings.early_face:
                self._start_face()  # liveness while the card is placed and read
            contents = self._read_card(key)
            self._state(CheckinState.CHECKING)
            eligibility, face = self._checks(contents)
            decision = self._decide(contents, face, eligibility)
            self._conclude(decision)
        except BaseException as exc:  # noqa: BLE001 - every end becomes a record
            self._fail(exc)
        return self._finish()

    def _access_key(self) -> AccessKey:
        self._state(CheckinState.ACCESS_KEY)
        self._update(access_key_source=self.source)
        self._begin(Step.ACCESS_KEY)
        key = self.key
        if key is None:
            scanner = self.parts.scanner
            if scanner is None:
                raise CheckinCancelled("no key given and no QR scanner configured")
            seconds = self.settings.access_key_timeout_s
            until = time.perf_counter() + seconds + _GRACE_S
            key = self._wait(self._submit(scanner.scan, seconds, self.cancelled),
                             lambda: until, lambda: seconds)
        self._end(Step.ACCESS_KEY)
        return key

    def _read_card(self, key: AccessKey) -> CardContents:
        self._state(CheckinState.READING_CARD)
        self._begin(Step.WAIT_CARD)
        s = self.settings
        self._read_deadline = time.perf_counter() + s.card_timeout_s + _GRACE_S
        callbacks = CardCallbacks(self._on_card, self._on_identity, self._on_progress,
                                  self.cancelled)
        try:
            contents = self._wait(self._submit(self.parts.reader.read, key, callbacks),
                                  lambda: self._read_deadline,
                                  lambda: s.read_timeout_s if self._card_at else s.card_timeout_s)
        except ReaderError as exc:
            self.parts.board.error(Device.READER, exc.message, code=type(exc).__name__)
            raise
        self.parts.board.ok(Device.READER, "Card read.")
        if self._card_at is None:  # a reader that reports nothing while it reads
            self._on_card()
        if self.record.identity is None:
            self._on_identity(contents.identity)
        self._end(Step.READ_PHOTO)
        self._update(authenticity=contents.authenticity)
        self._audit_card(contents.authenticity)
        self._photo = contents.photo
        self._photo_ready.set()
        self._emit(ev.PhotoRead, contents.photo, contents.image_format, contents.authenticity)
        return contents

    def _audit_card(self, auth: Authenticity) -> None:
        """The chip checks go to the audit trail as codes with their plain details (no identity):
        what a later look at a disputed check-in needs."""
        details = "; ".join(d for d in (auth.detail, auth.signer_detail, auth.chip_detail) if d)
        self.parts.closing.audit(AuditEntry(self.record.checkin_id, "card_checked", "kiosk",
                                            details[:500], self.clock(), auth.codes))

    def _on_card(self) -> None:
        self._card_at = time.perf_counter()
        self._read_deadline = self._card_at + self.settings.read_timeout_s
        self._end(Step.WAIT_CARD)
        self._begin(Step.READ_IDENTITY)

    def _on_identity(self, identity: PatientIdentity) -> None:
        self._identity_at = time.perf_counter()
        self._update(identity=identity)
        self._end(Step.READ_IDENTITY)
        self._emit(ev.PatientIdentified, identity)
        self._begin(Step.READ_PHOTO)
        if self.settings.parallel:
            self._start_eligibility(identity)
            if self._face is None:
                self._start_face()

    def _on_progress(self, file: str, done: int, total: int) -> None:
        self._emit(ev.CardProgress, file, done, total)

    def _start_eligibility(self, identity: PatientIdentity) -> None:
        self._begin(Step.ELIGIBILITY)
        self._elig = self._submit(self.parts.eligibility.lookup, identity)

    def _start_face(self) -> None:
        self._begin(Step.FACE)
        self._face = self._submit(self.parts.face.check, self._wait_photo, self._on_guidance,
                                    self.cancelled, self.settings.face_timeout_s)

    def _wait_photo(self, timeout_s: float) -> bytes:
        if not self._photo_ready.wait(timeout_s):
            raise TimeoutError(f"chip photo not read within {timeout_s:g} s")
        if self._photo is None:
            raise CheckinCancelled(self._cancel_why or "the card was not read")
        return self._photo

    def _on_guidance(self, code: str, message: str, message_vi: str,
                     face_area: FaceArea | None) -> None:
        self._emit(ev.FaceGuidance, code, message, message_vi, face_area)

    def _checks(self, contents: CardContents) -> tuple[EligibilityOutcome, FaceOutcome]:
        if self.settings.parallel:
            return self._await_checks()
        self._start_eligibility(contents.identity)
        self._await_checks()
        self._start_face()
        return self._await_checks()

    def _await_checks(self) -> tuple[EligibilityOutcome | None, FaceOutcome | None]:
        """Wait for the lookup and the face check started so far, each to its own deadline; a
        late lookup counts as pending and a late face check as unavailable (never a failure)."""
        s = self.settings
        limits = {self._elig: (Step.ELIGIBILITY, s.eligibility_wait_s),
                  self._face: (Step.FACE, s.face_timeout_s + _GRACE_S)}
        waiting = {f for f in limits if f is not None and not self._has_result(limits[f][0])}
        while waiting:
            if self.cancelled():
                raise CheckinCancelled(self._cancel_why)
            self._card_still_there()
            done, _ = wait(waiting, timeout=_SLICE_S, return_when=FIRST_COMPLETED)
            for future in waiting.copy():
                step, seconds = limits[future]
                if future in done or self._running_s(step) > seconds:
                    waiting.discard(future)
                    self._take(step, future if future in done else None)
        self._card_still_there()  # both may have ended within the last slice
        return self.record.eligibility, self.record.face

    def _card_still_there(self) -> None:
        if not self.parts.reader.card_present():
            # the patient took the card and left before the decision: no ticket for nobody
            raise CardRemovedError("The card was taken away before the check-in finished. "
                                   "Place it on the reader again.",
                                   detail="card left the reader before the decision")

    def _running_s(self, step: Step) -> float:
        """How long a check has run against its limit: a face check started with the key counts
        from the identity read (waiting for the card is not its time)."""
        running = self._steps.running_s(step)
        if step is Step.FACE and self._identity_at is not None:
            return min(running, time.perf_counter() - self._identity_at)
        return running

    def _has_result(self, step: Step) -> bool:
        return (self.record.eligibility if step is Step.ELIGIBILITY else self.record.face) is not None

    def _take(self, step: Step, future: Future | None) -> None:
        """A check that ended (`future`) or is late (None): its outcome, noted and told."""
        self._end(step)
        if step is Step.ELIGIBILITY:
            outcome = lookup_ended(future, self.parts.board, self.clock)
            self._update(eligibility=outcome)
            self._emit(ev.EligibilityChecked, outcome)
        else:
            outcome = face_check_ended(future, self.parts.board)
            self._update(face=outcome)
            self._emit(ev.FaceChecked, outcome)

    def _decide(self, contents: CardContents, face: FaceOutcome,
                eligibility: EligibilityOutcome) -> Decision:
        slips = self._ask_slips(eligibility, contents.identity.birth_date)
        self._begin(Step.DECISION)
        coverage = coverage_of(self.settings.coverage, eligibility, contents.identity.birth_date,
                               self.clock().date(), slips)
        self._update(slips=slips, coverage=coverage)
        decision = decide(self.settings.rules, contents.authenticity, face, eligibility, coverage)
        with self._lock:  # the decision closes the declaration (see declare)
            priority = self._priority(contents.identity)
            if (priority is not None and priority.status is PriorityStatus.UNCONFIRMED
                    and decision.verdict is Verdict.ACCEPT):
                # the rules accept; a receptionist confirms the declared priority first
                decision = replace(decision, verdict=Verdict.REVIEW, reasons=decision.reasons
                                   + (Reason("priority_declared",
                                             f"priority declared: {priority.reason.value}"),))
            department = department_of(self.settings.departments, self.settings.counter,
                                       self.record.department)
            age = age_on(contents.identity.birth_date, self.clock().date())
            if decision.verdict is Verdict.ACCEPT and not department.takes_age(age):
                # e.g. an adult at the paediatrics room: a receptionist sends them on
                decision = replace(decision, verdict=Verdict.REVIEW, reasons=decision.reasons
                                   + (Reason("department_age",
                                             f"age {age} outside {department.code}'s limits"),))
            decision = _fit_payers(decision, department.code,
                                   payer_fit(department, decision.payer is Payer.PAYING))
            self.record = replace(self.record, decision=decision, priority=priority,
                                  department=department.code)
        self._end(Step.DECISION)
        if self._card_at is not None:
            self._steps.note_since(Step.TOTAL, self._card_at)
        self._emit(ev.Decided, decision)
        return decision

    def _priority(self, identity: PatientIdentity) -> Priority | None:
        s = self.settings
        declared = self.record.declared_priority if s.declared_priority != "off" else None
        return priority_of(identity.birth_date, self.clock().date(), declared,
                           accept_declared=s.declared_priority == "accept", by_age=s.age_priority)

    def _conclude(self, decision: Decision) -> None:
        if decision.verdict is Verdict.REVIEW:
            self._state(CheckinState.REVIEW)
            return
        previous = self.record.state
        settled = self.parts.closing.settle(self.record, self._begin, self._end)
        # the decision too: a room the HIS says is full refuses the check-in there (closing.py)
        self._update(ticket=settled.ticket, slip=settled.slip, print_fault=settled.print_fault,
                     state=settled.state, finished_at=settled.finished_at,
                     decision=settled.decision)
        if settled.ticket is not None:
            self._emit(ev.TicketIssued, settled.ticket)
        self._emit(ev.StateChanged, previous, settled.state)

    def _fail(self, exc: BaseException) -> None:
        self._cancelled.set()
        self._photo_ready.set()
        state, failure = failure_of(self.step, exc)
        if isinstance(exc, ChipError | TerminalError) or state is CheckinState.CANCELLED:
            log.info("check-in %s ended at %s: %s (%s)", self.checkin_id, self.step.value,
                     failure.code, failure.detail)
        else:
            log.error("check-in %s broke at %s", self.checkin_id, self.step.value, exc_info=exc)
        # a failed check-in keeps no identity: nothing will be delivered for it
        self._emit(ev.StepFailed, failure)
        self._state(state, failure=failure, identity=None)

    def _finish(self) -> CheckinRecord:
        record = self._update(timings=self._steps.timings())
        if record.finished_at is None and record.state is not CheckinState.REVIEW:
            record = self._update(finished_at=self.clock())
        self.parts.closing.save(record)
        self._on_end(self.checkin_id)
        self._emit(ev.CheckinFinished, record)
        return record


def _fit_payers(decision: Decision, code: str, fit: PayerFit) -> Decision:
    """An accepted check-in at a department that does not see its kind of payer: a self-pay
    room makes the visit the patient's to pay; an insured-only room sends a patient who pays
    to a receptionist."""
    if decision.verdict is not Verdict.ACCEPT or fit is PayerFit.FITS:
        return decision
    if fit is PayerFit.REVIEW:
        return replace(decision, verdict=Verdict.REVIEW, reasons=decision.reasons + (
            Reason("department_payer", f"{code} sees insured patients only"),))
    if decision.payer is Payer.PAYING:
        return decision
    return replace(decision, payer=Payer.PAYING, reasons=decision.reasons + (
        Reason("department_self_pay", f"{code} is a self-pay room: the patient pays"),))
