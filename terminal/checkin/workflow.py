"""Runs check-ins, and nothing else: start one (with a typed key, or waiting for the card's QR
code), cancel it, wait for its record. Each runs in a worker thread (runner.py); the parts it
composes and how it ends (closing.py) are given by assembly.py."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from drivers.idcard.access_key import AccessKey
from terminal.checkin import events as ev
from terminal.checkin.coverage import SlipAnswers
from terminal.checkin.departments import (Department, DepartmentState, DepartmentStatus,
                                          department_of, statuses)
from terminal.checkin.errors import WorkflowClosed
from terminal.checkin.priority import PriorityReason
from terminal.checkin.records import AccessKeySource, CheckinRecord
from terminal.checkin.runner import CheckinRunner, Parts, WorkflowSettings, local_now
from terminal.delivery.checkin_payload import RoomCount


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
    def __init__(self, parts: Parts, settings: WorkflowSettings, listener: ev.Listener = ev.ignore,
                 clock: Callable[[], datetime] = local_now) -> None:
        self._parts = parts
        self._settings = settings
        self._clock = clock
        self._listener = ev.guarded(listener)
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="checkin")
        self._lock = threading.Lock()
        self._runs: dict[str, CheckinRunner] = {}
        self._closed = False

    def start(self, key: AccessKey | None = None,
              source: AccessKeySource = AccessKeySource.TYPED,
              declared: PriorityReason | None = None, department: str = "") -> CheckinRun:
        """Start a check-in: with a typed `key`, or (None) scanning the card's QR code;
        `declared`: a priority the patient declared (also later: `declare_priority`);
        `department`: the code chosen (also later: `choose_department`; "": the default, or
        the first open department when the clinic has a choice to make).
        WorkflowClosed once `close` was called (an event still queued when the app quits)."""
        runner = CheckinRunner(uuid.uuid4().hex, key, source, self._parts, self._settings,
                               self._clock, self._listener, self._pool.submit, self._ended)
        if declared is not None and self._settings.declared_priority != "off":
            runner.declare(declared)
        code = department or self._first_open()
        if code:
            runner.choose(self.department(code).code)
        with self._lock:  # close() between the check and the submit would refuse the submit
            if self._closed:
                raise WorkflowClosed()
            self._runs[runner.checkin_id] = runner
            future = self._pool.submit(runner.execute)
        return CheckinRun(runner.checkin_id, future, runner.cancel)

    def run(self, key: AccessKey | None = None,
            source: AccessKeySource = AccessKeySource.TYPED,
            declared: PriorityReason | None = None, department: str = "") -> CheckinRecord:
        """Start a check-in and wait for its end (bounded by the step timeouts)."""
        return self.start(key, source, declared, department).result(self._settings.longest_run_s)

    def department(self, code: str = "") -> Department:
        """The department of `code` ("": the default, or the first); NotAllowedError when the
        clinic has no such department."""
        return department_of(self._settings.departments, self._settings.counter, code)

    def department_choice(self) -> list[DepartmentStatus] | None:
        """The departments as the kiosk's choice shows them now (open, full or closed, from the
        HIS's counts of all kiosks' numbers today and this session when it answers, else this
        kiosk's own); None when the clinic skips the choice (no departments file, one
        department, or a default)."""
        departments = self._settings.departments
        if departments is None or departments.skips_choice:
            return None
        now = self._clock()
        his = self._parts.closing.room_counts()
        if his is not None:
            none = RoomCount(0, 0)
            return statuses(departments, now, lambda d: his.get(d.code, none).issued,
                            lambda d, _since: his.get(d.code, none).issued_session)
        tickets = self._parts.closing.tickets
        return statuses(departments, now, lambda d: tickets.issued(d.counter, now.date()),
                        lambda d, since: tickets.issued(d.counter, now.date(), since=since))

    def _first_open(self) -> str:
        """The department a check-in with no choice goes to when the clinic has a choice to
        make (a card placed on the choice screen): the first open one ("" when none is, or
        when the choice is skipped: the default then)."""
        rows = self.department_choice()
        return next((r.department.code for r in rows or () if r.state is DepartmentState.OPEN),
                    "")

    def choose_department(self, checkin_id: str, code: str) -> bool:
        """The patient chose a department at the kiosk while the check-in runs; False when it
        is not running or already decided."""
        department = self.department(code)
        with self._lock:
            runner = self._runs.get(checkin_id)
        return runner is not None and runner.choose(department.code)

    def declare_priority(self, checkin_id: str, reason: PriorityReason | None) -> bool:
        """The patient declared (None: withdrew) a priority at the kiosk while the check-in
        runs; False when it is not running or the clinic does not take declarations."""
        if self._settings.declared_priority == "off":
            return False
        with self._lock:
            runner = self._runs.get(checkin_id)
        return runner is not None and runner.declare(reason)

    def answer_slips(self, checkin_id: str, answers: SlipAnswers) -> bool:
        """The patient answered the referral and appointment questions at the kiosk; False when
        the check-in is not running or already decided."""
        with self._lock:
            runner = self._runs.get(checkin_id)
        return runner is not None and runner.answer_slips(answers)

    def cancel(self, checkin_id: str, why: str = "cancelled by staff") -> bool:
        """Cancel a running check-in; False when it is not running (any more)."""
        with self._lock:
            runner = self._runs.get(checkin_id)
        if runner is None:
            return False
        runner.cancel(why)
        return True

    def _ended(self, checkin_id: str) -> None:
        with self._lock:
            self._runs.pop(checkin_id, None)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
