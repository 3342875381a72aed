"""A room that filled up (across all kiosks) while the patient checked in: the HIS gave no number
(reason `department_full`), so the kiosk shows the department choice again, the room full and
the next open one named, saying why; with no other room open, the error screen. The console
files it under its own topic."""

from __future__ import annotations

from datetime import datetime

from terminal.checkin.departments import (Department, DepartmentList, DepartmentState,
                                          statuses)
from terminal.checkin.events import CheckinFinished
from terminal.checkin.records import (CheckinRecord, CheckinState, Decision, Payer, Reason,
                                      Verdict)
from terminal.checkin.records import CheckinSummary
from terminal.kiosk.console import ReviewTopic, review_topics
from terminal.kiosk.controller import KioskController, ScreenTimes
from terminal.kiosk.screens import DepartmentScreen, ErrorScreen, KioskError, Language

NOW = datetime(2026, 5, 4, 9, 0)
ROOMS = DepartmentList((Department("NOI", "Khám Nội", "Internal medicine", "A", capacity=3),
                        Department("NHI", "Khám Nhi", "Paediatrics", "B", capacity=3)))


def _kiosk(issued: dict[str, int]) -> KioskController:
    # the counts as the HIS gives them (workflow.department_choice), through the one decision
    return KioskController(
        "Phòng khám", Language.VIETNAMESE, ScreenTimes(card_s=30, liveness_s=8, review_name_s=5),
        lambda: 0.0, departments=lambda: statuses(ROOMS, NOW, lambda d: issued[d.code]))


def _refused() -> CheckinRecord:
    decision = Decision(Verdict.REJECT, Payer.INSURED,
                        (Reason("department_full", "Room NOI is full today."),))
    return CheckinRecord("c1", "A", NOW, CheckinState.REJECTED, decision=decision,
                         department="NOI")


def test_the_choice_comes_back_with_the_room_full_and_the_next_one_named():
    issued = {"NOI": 0, "NHI": 0}
    kiosk = _kiosk(issued)
    assert isinstance(kiosk.back_to_idle(), DepartmentScreen)
    kiosk.choose_department("NOI")
    issued["NOI"] = 3  # the other kiosks took the last places meanwhile
    screen = kiosk.handle(CheckinFinished("c1", 9, _refused()))
    assert isinstance(screen, DepartmentScreen) and screen.refused == "NOI"
    assert [(o.code, o.state, o.next_code) for o in screen.options] == [
        ("NOI", DepartmentState.FULL, "NHI"), ("NHI", DepartmentState.OPEN, "")]
    assert kiosk.department == ""  # the next check-in waits for a new choice
    assert kiosk.hold_seconds() is None  # and starts now: the choice waits for a touch
    kiosk.choose_department("NHI")
    assert kiosk.department == "NHI"


def test_with_no_other_room_open_the_patient_is_sent_to_the_desk():
    kiosk = _kiosk({"NOI": 3, "NHI": 3})
    assert kiosk.handle(CheckinFinished("c1", 9, _refused())) == ErrorScreen(
        KioskError.DEPARTMENT_FULL)


def test_the_console_files_it_as_a_full_room_not_an_age_limit():
    row = CheckinSummary(checkin_id="c1", started_at=NOW, state=CheckinState.REJECTED,
                         reasons=("department_full",))
    assert review_topics(row) == (ReviewTopic.ROOM_FULL,)
