"""The kiosk's screen follows the workflow's events: reading, camera, result, review, errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from terminal.checkin.events import (
    CardProgress,
    CheckinFinished,
    CheckinUpdated,
    FaceGuidance,
    PatientIdentified,
    StateChanged,
    StepStarted,
)
from terminal.checkin.records import (
    CheckinRecord,
    CheckinState,
    Decision,
    EligibilityOutcome,
    EligibilityStatus,
    FaceArea,
    Failure,
    Override,
    PatientIdentity,
    Payer,
    Reason,
    Step,
    Ticket,
    Verdict,
)
from terminal.face.liveness import Challenge
from terminal.face.quality import Quality
from terminal.kiosk.controller import KioskController
from terminal.kiosk.screens import (
    CameraScreen,
    ErrorScreen,
    Guidance,
    HiStatus,
    IdleScreen,
    KioskError,
    Language,
    LivenessPrompt,
    NextStep,
    ReadingScreen,
    ReadStep,
    ResultScreen,
    ReviewReason,
    ReviewScreen,
)

NAME = "Trần Thị Bích Ngọc"
IDENTITY = PatientIdentity("079190001234", NAME, date(1990, 2, 1))


def record(state: CheckinState, **fields) -> CheckinRecord:
    return CheckinRecord("c1", "A", datetime(2026, 5, 4, 9, 0), state, identity=IDENTITY, **fields)


def done(status: EligibilityStatus, payer: Payer, code: str = "000") -> CheckinRecord:
    return record(CheckinState.DONE, eligibility=EligibilityOutcome(status, result_code=code),
                  decision=Decision(Verdict.ACCEPT, payer), ticket=Ticket("A", date(2026, 5, 4), 7))


@pytest.fixture
def kiosk() -> KioskController:
    return KioskController("Phòng khám", Language.VIETNAMESE)


def test_a_card_goes_from_idle_through_reading_to_the_camera(kiosk):
    assert isinstance(kiosk.screen, IdleScreen)
    # waiting for the card is still the idle screen
    assert kiosk.handle(StateChanged("c1", 0, CheckinState.ACCESS_KEY, CheckinState.READING_CARD)) is None
    assert kiosk.handle(StepStarted("c1", 1, Step.READ_IDENTITY)) == ReadingScreen(ReadStep.OPENING, 0.02)
    kiosk.handle(PatientIdentified("c1", 5, IDENTITY))
    half_photo = kiosk.handle(CardProgress("c1", 10, "DG2", 5000, 10000))
    assert half_photo.step is ReadStep.READING_PHOTO and 0.25 < half_photo.progress < 0.9
    assert kiosk.handle(CardProgress("c1", 11, "DG2", 10000, 10000)).progress == pytest.approx(0.9)
    assert kiosk.handle(StepStarted("c1", 12, Step.FACE)) == CameraScreen()
    # reading goes on behind the camera screen without taking it away
    assert kiosk.handle(CardProgress("c1", 13, "SOD", 10, 100)) is None
    assert isinstance(kiosk.screen, CameraScreen)


def test_guidance_and_liveness_prompts_show_on_the_camera_screen(kiosk):
    kiosk.handle(StepStarted("c1", 0, Step.FACE))
    assert kiosk.handle(FaceGuidance("c1", 1, "too_far", "Come closer")).guidance is Guidance.MOVE_CLOSER
    blink = kiosk.handle(FaceGuidance("c1", 2, "blink", "Blink"))
    assert blink.liveness is LivenessPrompt.BLINK
    assert kiosk.handle(FaceGuidance("c1", 3, "some_new_hint", "?")) is None
    assert kiosk.screen == blink
    # a quality hint keeps the prompt up until the challenge is met
    assert kiosk.handle(FaceGuidance("c1", 4, "not_facing", "?")).liveness is LivenessPrompt.BLINK
    met = kiosk.handle(FaceGuidance("c1", 5, "liveness", "Thank you."))
    assert (met.guidance, met.liveness) == (Guidance.HOLD_STILL, None)


def test_the_face_box_follows_the_gate_and_stays_through_the_challenge(kiosk):
    kiosk.handle(StepStarted("c1", 0, Step.FACE))
    here, there = FaceArea(0.3, 0.2, 0.4, 0.5), FaceArea(0.35, 0.2, 0.4, 0.5)
    assert kiosk.handle(FaceGuidance("c1", 1, "ok", "Hold still", face_area=here)).face_area == here
    assert kiosk.handle(FaceGuidance("c1", 2, "blink", "Blink")).face_area == here
    moved = kiosk.handle(FaceGuidance("c1", 3, "ok", "Hold still", face_area=there))
    assert (moved.face_area, moved.liveness) == (there, LivenessPrompt.BLINK)
    assert kiosk.handle(FaceGuidance("c1", 4, "liveness", "Thank you.")).face_area == there
    assert kiosk.handle(FaceGuidance("c1", 5, "no_face", "Look at the camera")).face_area is None


def test_every_hint_the_face_check_gives_has_words_on_the_camera_screen(kiosk):
    kiosk.handle(StepStarted("c1", 0, Step.FACE))
    codes = [q.value for q in Quality] + [c.value for c in Challenge] + ["liveness"]
    for n, code in enumerate(codes):
        kiosk.handle(FaceGuidance("c1", n + 1, code, "words"))
        assert isinstance(kiosk.screen, CameraScreen) and kiosk.screen.guidance is not None, code


def test_an_accepted_check_in_shows_name_cover_ticket_and_where_to_go(kiosk):
    screen = kiosk.handle(CheckinFinished("c1", 900, done(EligibilityStatus.ELIGIBLE, Payer.INSURED)))
    assert screen == ResultScreen(NAME, HiStatus.COVERED, "A007", NextStep.WAIT_FOR_CALL, "A")
    assert kiosk.hold_seconds() > 0


def test_a_number_already_held_today_is_shown_as_such(kiosk):
    again = replace(done(EligibilityStatus.ELIGIBLE, Payer.INSURED),
                    ticket=Ticket("A", date(2026, 5, 4), 7, repeat_of="c0"))
    screen = kiosk.handle(CheckinFinished("c1", 900, again))
    assert screen.ticket == "A007" and screen.repeated


@pytest.mark.parametrize("status, payer, code, expected, step", [
    (EligibilityStatus.ELIGIBLE_WITH_NOTE, Payer.INSURED, "002", HiStatus.COVERED_CHECK_PAPERS, NextStep.WAIT_FOR_CALL),
    (EligibilityStatus.ELIGIBLE_WITH_NOTE, Payer.INSURED, "003", HiStatus.COVERED_NEW_CARD, NextStep.WAIT_FOR_CALL),
    (EligibilityStatus.NOT_ELIGIBLE, Payer.PAYING, "010", HiStatus.NOT_COVERED, NextStep.PAY_AT_CASHIER),
    (EligibilityStatus.PENDING, Payer.PENDING, "", HiStatus.CHECK_LATER, NextStep.WAIT_FOR_CALL),
    (EligibilityStatus.INPUT_ERROR, Payer.UNKNOWN, "060", HiStatus.SEE_RECEPTION, NextStep.GO_TO_RECEPTION),
])
def test_insurance_outcomes_in_plain_words(kiosk, status, payer, code, expected, step):
    screen = kiosk.handle(CheckinFinished("c1", 900, done(status, payer, code)))
    assert (screen.hi_status, screen.next_step) == (expected, step)


def test_review_sends_to_the_desk_and_shows_a_decision_made_while_it_is_up(kiosk):
    review = record(CheckinState.REVIEW, decision=Decision(
        Verdict.REVIEW, Payer.INSURED, (Reason("face_review", "compare them"),)))
    assert kiosk.handle(CheckinFinished("c1", 900, review)) == ReviewScreen(NAME, ReviewReason.FACE)
    # the kiosk does not wait for the receptionist: the next patient comes soon
    assert 0 < kiosk.hold_seconds() <= 30
    other = replace(done(EligibilityStatus.ELIGIBLE, Payer.INSURED), checkin_id="c0")
    assert kiosk.handle(CheckinUpdated(other)) is None  # another check-in's update
    overridden = replace(done(EligibilityStatus.ELIGIBLE, Payer.INSURED), override=Override(
        "Lan", "compared with the card", Verdict.ACCEPT, Verdict.REVIEW, datetime(2026, 5, 4, 9, 2)))
    assert isinstance(kiosk.handle(CheckinUpdated(overridden)), ResultScreen)


@pytest.mark.parametrize("code", ["signer_issuer_unknown", "signer_no_trust_store", "chip_clone"])
def test_chip_check_findings_are_about_the_card(kiosk, code):
    review = record(CheckinState.REVIEW, decision=Decision(
        Verdict.REVIEW, Payer.INSURED, (Reason(code, ""), Reason("face_review", ""))))
    assert kiosk.handle(CheckinFinished("c1", 900, review)) == ReviewScreen(NAME, ReviewReason.CARD)
    rejected = record(CheckinState.REJECTED, decision=Decision(
        Verdict.REJECT, Payer.INSURED, (Reason(code, ""),)))
    assert kiosk.handle(CheckinUpdated(rejected)) == ErrorScreen(KioskError.CARD_NOT_GENUINE)


def test_a_face_not_sure_enough_rejected_by_the_rules_says_so(kiosk):
    rejected = record(CheckinState.REJECTED, decision=Decision(
        Verdict.REJECT, Payer.INSURED, (Reason("face_review", ""),)))
    assert kiosk.handle(CheckinFinished("c1", 900, rejected)) == ErrorScreen(KioskError.FACE_UNSURE)


@pytest.mark.parametrize("code, error", [("card_removed", KioskError.CARD_REMOVED),
                                         ("access_denied", KioskError.WRONG_ACCESS_KEY),
                                         ("access_data", KioskError.WRONG_ACCESS_KEY),
                                         ("chip", KioskError.CARD_UNREADABLE),
                                         ("reader", KioskError.READER_FAILED),
                                         ("timeout", KioskError.TIMED_OUT),
                                         ("never_heard_of", KioskError.UNEXPECTED)])
def test_each_failure_has_its_error_screen(kiosk, code, error):
    failed = record(CheckinState.FAILED, failure=Failure(Step.READ_PHOTO, code, "words"))
    assert kiosk.handle(CheckinFinished("c1", 900, failed)) == ErrorScreen(error)


@pytest.mark.parametrize("step, code", [(Step.ACCESS_KEY, "error"), (Step.ACCESS_KEY, "timeout"),
                                        (Step.WAIT_CARD, "no_card"), (Step.READ_IDENTITY, "cancelled")])
def test_ends_before_a_card_was_read_go_back_to_idle_quietly(kiosk, step, code):
    kiosk.handle(StepStarted("c1", 0, Step.READ_IDENTITY))
    ended = record(CheckinState.CANCELLED, failure=Failure(step, code, "words"))
    assert kiosk.handle(CheckinFinished("c1", 900, ended)) == IdleScreen("Phòng khám", Language.VIETNAMESE)
    assert kiosk.hold_seconds() is None


def test_the_next_check_in_waiting_keeps_the_last_result_up(kiosk):
    kiosk.handle(CheckinFinished("c1", 900, done(EligibilityStatus.ELIGIBLE, Payer.INSURED)))
    assert kiosk.handle(StateChanged("c2", 0, CheckinState.WAITING, CheckinState.WAITING)) is None
    assert isinstance(kiosk.screen, ResultScreen)


def test_back_to_idle_keeps_the_language_chosen(kiosk):
    kiosk.handle(CheckinFinished("c1", 900, done(EligibilityStatus.ELIGIBLE, Payer.INSURED)))
    kiosk.set_language(Language.ENGLISH)
    assert kiosk.back_to_idle() == IdleScreen("Phòng khám", Language.ENGLISH)


def test_the_patient_declares_a_priority_on_one_screen_before_the_card():
    from terminal.checkin.priority import DECLARABLE, PriorityReason
    from terminal.kiosk.screens import PriorityScreen

    kiosk = KioskController("Phòng khám", Language.VIETNAMESE)
    screen = kiosk.open_priority()
    assert screen == PriorityScreen(DECLARABLE, None) and kiosk.hold_seconds() > 0
    assert PriorityReason.AGED_75_PLUS not in screen.choices  # by age: from the chip only
    assert kiosk.handle(StateChanged("c1", 5, CheckinState.WAITING, CheckinState.ACCESS_KEY)) is None
    assert isinstance(kiosk.choose_priority(PriorityReason.PREGNANT), IdleScreen)
    assert kiosk.declared is PriorityReason.PREGNANT
    assert kiosk.open_priority().chosen is PriorityReason.PREGNANT  # shown selected again
    kiosk.choose_priority(None)
    assert kiosk.declared is None
    kiosk.open_priority()
    kiosk.choose_priority(PriorityReason.AGED_75_PLUS)  # not offered: ignored
    assert isinstance(kiosk.screen, PriorityScreen) and kiosk.declared is None
    kiosk.choose_priority(PriorityReason.EMERGENCY)
    kiosk.back_to_idle()
    assert kiosk.declared is None  # the next patient starts afresh


def test_a_priority_number_says_why_and_a_declaration_waits_for_staff(kiosk):
    from terminal.checkin.priority import Priority, PriorityBasis, PriorityReason, PriorityStatus

    aged = Priority(PriorityReason.AGED_75_PLUS, PriorityBasis.AGE, PriorityStatus.GRANTED)
    first = replace(done(EligibilityStatus.ELIGIBLE, Payer.INSURED), priority=aged,
                    ticket=Ticket("A", date(2026, 5, 4), 3, sequence="UT"))
    screen = kiosk.handle(CheckinFinished("c1", 900, first))
    assert (screen.ticket, screen.priority) == ("UT-003", PriorityReason.AGED_75_PLUS)
    waiting = record(CheckinState.REVIEW, decision=Decision(
        Verdict.REVIEW, Payer.INSURED, (Reason("priority_declared", "pregnant"),)))
    assert kiosk.handle(CheckinFinished("c2", 900, waiting)).reason is ReviewReason.PRIORITY
