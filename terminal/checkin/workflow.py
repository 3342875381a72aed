"""One check-in as a state machine: waiting → access key → reading card → (eligibility ∥ face) →
decision → ticket → queue, composed from the seams in parts.py.

Each check-in runs in a worker thread; card reading, the lookup and the face check run in workers
of their own, so the eligibility lookup starts the moment DG1 + DG13 are read and face capture
runs while DG2 is still being read. Every wait has a deadline from the config and watches for
cancellation. Progress goes out as events (events.py) through one listener.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime

from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import CardRemovedError, ChipError, ReaderError
from terminal.checkin import events as ev
from terminal.checkin.decision import CheckinRules, decide
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.errors import CheckinCancelled, NotAllowedError, StepTimeout, failure_of
from terminal.checkin.journal import Journal
from terminal.checkin.departments import Department, DepartmentList, load_departments
from terminal.checkin.priority import (Priority, PriorityReason, PriorityStatus, age_on,
                                      priority_of)
from terminal.checkin.parts import (
    CardCallbacks,
    CardContents,
    CardReader,
    CheckinSink,
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
    EligibilityStatus,
    FaceArea,
    FaceOutcome,
    FaceVerdict,
    Health,
    PatientIdentity,
    Reason,
    Step,
    StepTiming,
    Verdict,
)
from terminal.checkin.slip_desk import SlipDesk
from terminal.checkin.tickets import TicketBook
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

    @classmethod
    def from_config(cls, config: Config, parallel: bool = True) -> WorkflowSettings:
        c = config.checkin
        return cls(counter=config.terminal.counter, rules=CheckinRules.from_config(config),
                   access_key_timeout_s=c.access_key_timeout_s, card_timeout_s=config.reader.timeout_s,
                   read_timeout_s=c.read_timeout_s, eligibility_wait_s=c.eligibility_wait_s,
                   face_timeout_s=c.face_timeout_s, age_priority=c.age_priority,
                   declared_priority=c.declared_priority, priority_sequence=c.priority_sequence,
                   departments=load_departments(config), parallel=parallel)


@dataclass(frozen=True)
class Parts:
    """The seams a workflow composes (built by assembly.py)."""

    reader: CardReader
    face: FaceCheck
    eligibility: EligibilityLookup
    sink: CheckinSink
    tickets: TicketBook
    journal: Journal
    board: DeviceBoard
    scanner: KeyScanner | None = None
    slips: SlipDesk | None = None


class CheckinRun:
    """A check-in in progress: cancel it, or wait for its record."""

    def __init__(self, checkin_id: str, future: Future[CheckinRecord],
                 cancel: Callable[[str], None]) -> None:
        self.checkin_id = checkin_id
        self._future = future
        self._cancel = cancel

    def cancel(self, why: str = "cancelled by staff") -> None:
        self._cancel(why)

    def done(self) -> bool:
        return self._future.done()

    def result(self, timeout_s: float | None = None) -> CheckinRecord:
        """The record once the run ends (TimeoutError if it has not ended within `timeout_s`)."""
        return self._future.result(timeout_s)


class CheckinWorkflow:
    """Runs check-ins; keeps those that still need their identity (sent to review, eligibility
    pending) in memory for the receptionist console, and nothing else."""

    def __init__(self, parts: Parts, settings: WorkflowSettings, listener: ev.Listener = ev.ignore,
                 clock: Callable[[], datetime] = local_now) -> None:
        self.parts = parts
        self.settings = settings
        self.clock = clock
        self._listener = listener
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="checkin")
        self._lock = threading.Lock()
        self._held: dict[str, CheckinRecord] = {}
        self._runs: dict[str, _Run] = {}

    # running ---------------------------------------------------------------------------------

    def start(self, key: AccessKey | None = None,
              source: AccessKeySource = AccessKeySource.TYPED,
              declared: PriorityReason | None = None, department: str = "") -> CheckinRun:
        """Start a check-in: with a typed `key`, or (None) scanning the card's QR code;
        `declared`: a priority the patient declared (also later: `declare_priority`);
        `department`: the code chosen (also later: `choose_department`; "" = the default)."""
        run = _Run(self, uuid.uuid4().hex, key, source)
        if declared is not None:
            run.declare(declared)
        if department:
            run.choose(self.department(department).code)
        with self._lock:
            self._runs[run.checkin_id] = run
        future = self._pool.submit(run.execute)
        return CheckinRun(run.checkin_id, future, run.cancel)

    def run(self, key: AccessKey | None = None,
            source: AccessKeySource = AccessKeySource.TYPED,
            declared: PriorityReason | None = None, department: str = "") -> CheckinRecord:
        """Start a check-in and wait for its end (bounded by the step timeouts)."""
        s = self.settings
        limit = (s.access_key_timeout_s + s.card_timeout_s + s.read_timeout_s
                 + s.eligibility_wait_s + s.face_timeout_s + 4 * _GRACE_S)
        return self.start(key, source, declared, department).result(limit)

    def department(self, code: str = "") -> Department:
        """The department of `code` ("": the default, or the first); NotAllowedError when the
        clinic has no such department."""
        departments = self.settings.departments
        if departments is None:
            return Department(self.settings.counter, "", "", self.settings.counter)
        found = departments.get(code or departments.default or departments.departments[0].code)
        if found is None:
            raise NotAllowedError("There is no such department here.", detail=code)
        return found

    def choose_department(self, checkin_id: str, code: str) -> bool:
        """The patient chose a department at the kiosk while the check-in runs; False when it
        is not running or already decided."""
        department = self.department(code)
        with self._lock:
            run = self._runs.get(checkin_id)
        return run is not None and run.choose(department.code)

    def declare_priority(self, checkin_id: str, reason: PriorityReason | None) -> bool:
        """The patient declared (None: withdrew) a priority at the kiosk while the check-in
        runs; False when it is not running or the clinic does not take declarations."""
        if self.settings.declared_priority == "off":
            return False
        with self._lock:
            run = self._runs.get(checkin_id)
        if run is None:
            return False
        return run.declare(reason)

    def cancel(self, checkin_id: str, why: str = "cancelled by staff") -> bool:
        """Cancel a running check-in; False when it is not running (any more)."""
        with self._lock:
            run = self._runs.get(checkin_id)
        if run is None:
            return False
        run.cancel(why)
        return True

    def ended(self, checkin_id: str) -> None:
        with self._lock:
            self._runs.pop(checkin_id, None)

    def submit(self, work: Callable, *args) -> Future:
        return self._pool.submit(work, *args)

    def emit(self, event: ev.Event) -> None:
        """Hand an event to the listener; a listener's failure never breaks a check-in."""
        try:
            self._listener(event)
        except Exception:  # noqa: BLE001 - the listener is outside code; log and go on
            log.exception("check-in listener failed on %s", type(event).__name__)

    # what the console works on ---------------------------------------------------------------

    def hold(self, record: CheckinRecord) -> None:
        """Keep a record with its identity while a person or the queue may still need it."""
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

    def held(self, checkin_id: str) -> CheckinRecord | None:
        with self._lock:
            return self._held.get(checkin_id)

    def save(self, record: CheckinRecord) -> None:
        self.parts.journal.save(record)
        self.hold(record)

    def issue_ticket(self, record: CheckinRecord, *, second: bool = False) -> CheckinRecord:
        """The check-in's ticket; the number the person already holds today when they have one
        (`Ticket.repeat_of`, noted in the audit trail), unless staff ask for a `second`."""
        day = self.clock().date()
        tickets = self.parts.tickets
        person = tickets.person_tag(record.identity.id_number, day) if record.identity else ""
        granted = record.priority is not None and record.priority.granted
        counter = self.department(record.department).counter
        ticket = tickets.issue(record.checkin_id, counter, day, person,
                               second=second,
                               sequence=self.settings.priority_sequence if granted else "")
        if ticket.repeat_of and (record.ticket is None or not record.ticket.repeat_of):
            self.parts.journal.add_audit(AuditEntry(
                record.checkin_id, "repeat_ticket", "kiosk",
                f"checked in again today: the number of check-in {ticket.repeat_of} shown again",
                self.clock(), ticket.label))
        return replace(record, ticket=ticket)

    def print_slip(self, record: CheckinRecord) -> CheckinRecord:
        """Print the slip of a check-in with a ticket; a printer that cannot is noted on the
        record (`print_fault`: the kiosk keeps the number up longer and sends the patient to the
        desk) and on the device board (the console), and never fails the check-in."""
        desk = self.parts.slips
        if desk is None or record.ticket is None:
            return record
        try:
            where = desk.print_record(record)
        except TerminalError as exc:
            fault = str(getattr(exc, "fault", "failed"))
            log.warning("slip of %s not printed: %s (%s)", record.checkin_id, fault, exc.detail)
            self.parts.board.error(Device.PRINTER, exc.message)
            return replace(record, slip="", print_fault=fault)
        self.parts.board.ok(Device.PRINTER, "Slip printed.")
        return replace(record, slip=where, print_fault="")

    def deliver(self, record: CheckinRecord) -> bool:
        """Make the record durable in the outbox; False (and the queue marked down) if it cannot."""
        return self._queue(self.parts.sink.deliver, record)

    def deliver_eligibility(self, record: CheckinRecord) -> bool:
        return self._queue(self.parts.sink.deliver_eligibility, record)

    def _queue(self, put: Callable[[CheckinRecord], None], record: CheckinRecord) -> bool:
        try:
            put(record)
        except TerminalError as exc:
            log.error("check-in %s not queued: %s (%s)", record.checkin_id, exc.message, exc.detail)
            self.parts.board.error(Device.QUEUE, exc.message)
            return False
        return True

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class _Run:
    """The state of one check-in while it runs (one per `start`)."""

    def __init__(self, workflow: CheckinWorkflow, checkin_id: str, key: AccessKey | None,
                 source: AccessKeySource) -> None:
        self.wf = workflow
        self.parts = workflow.parts
        self.settings = workflow.settings
        self.checkin_id = checkin_id
        self.key = key
        self.source = source if key is not None else AccessKeySource.QR
        self._t0 = time.perf_counter()
        self._cancel_why = ""
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._started: dict[Step, float] = {}
        self._timings: dict[Step, float] = {}
        self._card_at: float | None = None
        self._read_deadline = self._t0  # moved when the card arrives
        self._photo: bytes | None = None
        self._photo_ready = threading.Event()
        self._elig: Future[EligibilityOutcome] | None = None
        self._face: Future[FaceOutcome] | None = None
        self.step = Step.ACCESS_KEY
        self.record = CheckinRecord(checkin_id=checkin_id, counter=self.settings.counter,
                                    started_at=workflow.clock(), state=CheckinState.WAITING)

    # plumbing --------------------------------------------------------------------------------

    def declare(self, reason: PriorityReason | None) -> bool:
        """A declared priority counts until the decision is made."""
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

    def cancel(self, why: str) -> None:
        self._cancel_why = why
        self._cancelled.set()
        self._photo_ready.set()  # wakes a face check waiting for the photo

    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _ms(self) -> float:
        return (time.perf_counter() - self._t0) * 1000

    def _emit(self, event_type: type[ev.CheckinEvent], *args) -> None:
        self.wf.emit(event_type(self.checkin_id, self._ms(), *args))

    def _update(self, **changes) -> CheckinRecord:
        with self._lock:
            self.record = replace(self.record, **changes)
            return self.record

    def _state(self, state: CheckinState, **changes) -> None:
        previous = self.record.state
        record = self._update(state=state, **changes)
        self.wf.save(record)
        self._emit(ev.StateChanged, previous, state)

    def _begin(self, step: Step) -> None:
        with self._lock:
            self._started[step] = time.perf_counter()
        if step in (Step.ACCESS_KEY, Step.WAIT_CARD, Step.READ_IDENTITY, Step.READ_PHOTO):
            self.step = step
        self._emit(ev.StepStarted, step)

    def _end(self, step: Step) -> None:
        with self._lock:
            ms = (time.perf_counter() - self._started[step]) * 1000
            self._timings[step] = ms
        self._emit(ev.StepFinished, step, ms)

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
            key = self._wait(self.wf.submit(scanner.scan, seconds, self.cancelled),
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
            contents = self._wait(self.wf.submit(self.parts.reader.read, key, callbacks),
                                  lambda: self._read_deadline,
                                  lambda: s.read_timeout_s if self._card_at else s.card_timeout_s)
        except ReaderError as exc:
            self.parts.board.error(Device.READER, exc.message)
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
        self.parts.journal.add_audit(AuditEntry(self.record.checkin_id, "card_checked", "kiosk",
                                                details[:500], self.wf.clock(), auth.codes))

    def _on_card(self) -> None:
        self._card_at = time.perf_counter()
        self._read_deadline = self._card_at + self.settings.read_timeout_s
        self._end(Step.WAIT_CARD)
        self._begin(Step.READ_IDENTITY)

    def _on_identity(self, identity: PatientIdentity) -> None:
        self._update(identity=identity)
        self._end(Step.READ_IDENTITY)
        self._emit(ev.PatientIdentified, identity)
        self._begin(Step.READ_PHOTO)
        if self.settings.parallel:
            self._start_eligibility(identity)
            self._start_face()

    def _on_progress(self, file: str, done: int, total: int) -> None:
        self._emit(ev.CardProgress, file, done, total)

    def _start_eligibility(self, identity: PatientIdentity) -> None:
        self._begin(Step.ELIGIBILITY)
        self._elig = self.wf.submit(self.parts.eligibility.lookup, identity)

    def _start_face(self) -> None:
        self._begin(Step.FACE)
        self._face = self.wf.submit(self.parts.face.check, self._wait_photo, self._on_guidance,
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
            if not self.parts.reader.card_present():
                # the patient took the card and left before the decision: no ticket for nobody
                raise CardRemovedError("The card was taken away before the check-in finished. "
                                       "Place it on the reader again.",
                                       detail="card left the reader before the decision")
            done, _ = wait(waiting, timeout=_SLICE_S, return_when=FIRST_COMPLETED)
            for future in waiting.copy():
                step, seconds = limits[future]
                late = time.perf_counter() - self._started[step] > seconds
                if future in done or late:
                    waiting.discard(future)
                    self._take(step, future if future in done else None)
        return self.record.eligibility, self.record.face

    def _has_result(self, step: Step) -> bool:
        return (self.record.eligibility if step is Step.ELIGIBILITY else self.record.face) is not None

    def _take(self, step: Step, future: Future | None) -> None:
        self._end(step)
        if step is Step.ELIGIBILITY:
            outcome = self._eligibility_of(future)
            self._update(eligibility=outcome)
            self._emit(ev.EligibilityChecked, outcome)
        else:
            outcome = self._face_of(future)
            self._update(face=outcome)
            self._emit(ev.FaceChecked, outcome)

    def _eligibility_of(self, future: Future | None) -> EligibilityOutcome:
        board = self.parts.board
        if future is None:
            message = "The insurance gateway did not answer in time: the card is looked up later."
            board.error(Device.GATEWAY, message, Health.DEGRADED)
            return EligibilityOutcome(EligibilityStatus.PENDING, message, checked_at=self.wf.clock())
        try:
            outcome = future.result()
        except Exception as exc:  # noqa: BLE001 - a lookup that broke is a lookup to do later
            log.error("eligibility lookup failed: %s", failure_of(Step.ELIGIBILITY, exc)[1].detail)
            outcome = EligibilityOutcome(EligibilityStatus.PENDING,
                                         "The insurance lookup failed: it is tried again later.",
                                         checked_at=self.wf.clock())
        if outcome.status.awaits_verdict:
            board.error(Device.GATEWAY, outcome.message or outcome.status.value)
        else:
            board.ok(Device.GATEWAY, "Gateway answered.")
        return outcome

    def _face_of(self, future: Future | None) -> FaceOutcome:
        board = self.parts.board
        if future is None:
            board.error(Device.CAMERA, "The face check took too long.", Health.DEGRADED)
            return FaceOutcome(FaceVerdict.UNAVAILABLE, reasons=("The face check took too long.",))
        try:
            outcome = future.result()
        except CheckinCancelled:
            raise
        except TerminalError as exc:
            board.error(Device.CAMERA, exc.message)
            return FaceOutcome(FaceVerdict.UNAVAILABLE, reasons=(exc.message,))
        board.ok(Device.CAMERA, "Face checked.")
        return outcome

    def _decide(self, contents: CardContents, face: FaceOutcome,
                eligibility: EligibilityOutcome) -> Decision:
        self._begin(Step.DECISION)
        decision = decide(self.settings.rules, contents.authenticity, face, eligibility)
        with self._lock:  # the decision closes the declaration (see declare)
            priority = self._priority(contents.identity)
            if (priority is not None and priority.status is PriorityStatus.UNCONFIRMED
                    and decision.verdict is Verdict.ACCEPT):
                # the rules accept; a receptionist confirms the declared priority first
                decision = replace(decision, verdict=Verdict.REVIEW, reasons=decision.reasons
                                   + (Reason("priority_declared",
                                             f"priority declared: {priority.reason.value}"),))
            department = self.wf.department(self.record.department)
            age = age_on(contents.identity.birth_date, self.wf.clock().date())
            if decision.verdict is Verdict.ACCEPT and not department.takes_age(age):
                # e.g. an adult at the paediatrics room: a receptionist sends them on
                decision = replace(decision, verdict=Verdict.REVIEW, reasons=decision.reasons
                                   + (Reason("department_age",
                                             f"age {age} outside {department.code}'s limits"),))
            self.record = replace(self.record, decision=decision, priority=priority,
                                  department=department.code)
        self._end(Step.DECISION)
        if self._card_at is not None:
            with self._lock:
                self._timings[Step.TOTAL] = (time.perf_counter() - self._card_at) * 1000
        self._emit(ev.Decided, decision)
        return decision

    def _priority(self, identity: PatientIdentity) -> Priority | None:
        s = self.settings
        declared = self.record.declared_priority if s.declared_priority != "off" else None
        today = self.wf.clock().date()
        return priority_of(identity.birth_date, today, declared,
                           accept_declared=s.declared_priority == "accept", by_age=s.age_priority)

    def _conclude(self, decision: Decision) -> None:
        if decision.verdict is Verdict.REVIEW:
            self._state(CheckinState.REVIEW)
            return
        if decision.verdict is Verdict.ACCEPT:
            self._begin(Step.TICKET)
            record = self.wf.issue_ticket(self.record)
            self._update(ticket=record.ticket)
            self._end(Step.TICKET)
            self._emit(ev.TicketIssued, record.ticket)
            printed = self.wf.print_slip(self.record)
            self._update(slip=printed.slip, print_fault=printed.print_fault)
        final = CheckinState.DONE if decision.verdict is Verdict.ACCEPT else CheckinState.REJECTED
        previous = self.record.state
        self._update(state=final, finished_at=self.wf.clock())
        self._begin(Step.QUEUE)
        repeat = self.record.ticket is not None and self.record.ticket.repeat_of
        # A repeat is not a new visit: the HIS has the first check-in with this number already.
        if repeat or self.wf.deliver(self._with_timings()):
            self._end(Step.QUEUE)
        self.wf.save(self.record)
        self._emit(ev.StateChanged, previous, final)

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

    def _with_timings(self) -> CheckinRecord:
        with self._lock:
            timings = tuple(StepTiming(step, round(ms, 1)) for step, ms in self._timings.items())
        return self._update(timings=timings)

    def _finish(self) -> CheckinRecord:
        record = self._with_timings()
        if record.finished_at is None and record.state is not CheckinState.REVIEW:
            record = self._update(finished_at=self.wf.clock())
        self.wf.save(record)
        self.wf.ended(self.checkin_id)
        self._emit(ev.CheckinFinished, record)
        return record
