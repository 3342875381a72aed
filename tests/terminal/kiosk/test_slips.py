"""The referral screen's logic, without Qt: shown when the workflow asks, answered freely until
confirmed, confirmed once with both answers, then the check-in's own end replaces it."""

from __future__ import annotations

from datetime import date, datetime

from terminal.checkin.coverage import CareLevel, Coverage, DeskAction, Route, SlipAnswers
from terminal.checkin.events import CheckinFinished, SlipsAsked
from terminal.checkin.records import (
    CheckinRecord,
    CheckinState,
    Decision,
    EligibilityOutcome,
    EligibilityStatus,
    Payer,
    PatientIdentity,
    Ticket,
    Verdict,
)
from terminal.eligibility.codes import CardState
from terminal.kiosk.controller import KioskController
from terminal.kiosk.screens import HiStatus, Language, ResultScreen, SlipQuestion, SlipsScreen


def _asked(controller: KioskController) -> SlipsScreen:
    screen = controller.handle(SlipsAsked("c1", 1.0, 80, 0))
    assert screen == SlipsScreen(80, 0)
    return screen


def test_confirm_needs_both_answers_and_sends_them_once():
    controller = KioskController("x", Language.VIETNAMESE)
    _asked(controller)
    assert controller.confirm_slips()[1] is None
    controller.answer_slip(SlipQuestion.REFERRAL, True)
    assert controller.confirm_slips()[1] is None  # the appointment question is not answered
    controller.answer_slip(SlipQuestion.APPOINTMENT, False)
    controller.answer_slip(SlipQuestion.REFERRAL, False)  # changed before confirming
    screen, answers = controller.confirm_slips()
    assert answers == SlipAnswers(referral=False, appointment=False)
    assert screen.confirmed and controller.checkin_id == "c1"
    assert controller.confirm_slips()[1] is None  # once
    assert controller.answer_slip(SlipQuestion.REFERRAL, True).referral is False  # frozen now


def test_answers_outside_the_screen_change_nothing():
    controller = KioskController("x", Language.VIETNAMESE)
    idle = controller.screen
    assert controller.answer_slip(SlipQuestion.REFERRAL, True) is idle
    assert controller.confirm_slips() == (idle, None)


def test_the_result_replaces_it_with_the_share_the_fund_pays():
    controller = KioskController("x", Language.VIETNAMESE)
    _asked(controller)
    elig = EligibilityOutcome(EligibilityStatus.ELIGIBLE, result_code="000",
                              card_number="DN4797901234567")
    coverage = Coverage(CardState.VALID, DeskAction.INSURED, Route.REFERRAL, CareLevel.BASIC,
                        benefit_pct=80, route_pct=100, fund_pct=80)
    record = CheckinRecord("c1", "A", datetime(2026, 12, 7, 9), CheckinState.DONE,
                           identity=PatientIdentity("001090004521", "Nguyễn Văn An",
                                                    date(1990, 3, 15)),
                           eligibility=elig, decision=Decision(Verdict.ACCEPT, Payer.INSURED),
                           ticket=Ticket("A", date(2026, 12, 7), 1), coverage=coverage,
                           slips=SlipAnswers(True, False))
    screen = controller.handle(CheckinFinished("c1", 2.0, record))
    assert isinstance(screen, ResultScreen)
    assert (screen.hi_status, screen.fund_pct, screen.copay_exempt) == (HiStatus.COVERED, 80,
                                                                        False)
