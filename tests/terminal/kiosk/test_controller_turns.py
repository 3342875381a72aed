"""A patient's turn on the kiosk, one instruction at a time: the QR code, then the card within its
time, the camera's hint then the liveness prompt with a countdown, an ending that sends to the
desk without holding the kiosk, and the next patient starting afresh."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from terminal.checkin.events import CheckinFinished, CheckinUpdated, FaceGuidance, StepStarted
from terminal.checkin.records import (
    CheckinRecord,
    CheckinState,
    Decision,
    FaceOutcome,
    FaceVerdict,
    Override,
    PatientIdentity,
    Payer,
    Reason,
    Step,
    Verdict,
)
from terminal.config import config_from_dict
from terminal.kiosk.controller import KioskController, ScreenTimes
from terminal.kiosk.screens import (
    ENDING_SCREENS,
    Awaiting,
    CameraScreen,
    ErrorScreen,
    Guidance,
    IdleScreen,
    KioskError,
    Language,
    LivenessPrompt,
    ReadingScreen,
    ResultScreen,
    ReviewReason,
    ReviewScreen,
)

NAME = "Trần Thị Bích Ngọc"
IDENTITY = PatientIdentity("079190001234", NAME, date(1990, 2, 1))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def kiosk(clock) -> KioskController:
    return KioskController("Phòng khám", Language.VIETNAMESE,
                           ScreenTimes(card_s=30, liveness_s=8, review_name_s=5), clock)


def record(state: CheckinState, *codes: str, **fields) -> CheckinRecord:
    decision = Decision(Verdict.REJECT if state is CheckinState.REJECTED else Verdict.REVIEW,
                        Payer.INSURED, tuple(Reason(c, "") for c in codes))
    return CheckinRecord("c1", "A", datetime(2026, 5, 4, 9, 0), state, identity=IDENTITY,
                         decision=decision, **fields)


def test_idle_asks_for_the_qr_code_then_the_card_with_the_seconds_left(kiosk, clock):
    assert kiosk.screen.awaiting is Awaiting.QR_CODE and kiosk.screen.seconds_left is None
    assert kiosk.handle(StepStarted("c1", 0, Step.ACCESS_KEY)) is None  # already asked
    card = kiosk.handle(StepStarted("c1", 1, Step.WAIT_CARD))
    assert (card.awaiting, card.seconds_left) == (Awaiting.CARD, 30)
    clock.now += 0.4
    assert kiosk.tick() is None  # still 30 whole seconds (rounded up)
    clock.now += 1.0
    assert kiosk.tick().seconds_left == 29
    clock.now += 60
    assert kiosk.tick().seconds_left == 0
    # the card is there: no more countdown
    assert isinstance(kiosk.handle(StepStarted("c1", 2, Step.READ_IDENTITY)), ReadingScreen)
    assert kiosk.tick() is None


def test_a_priority_chosen_while_the_card_is_awaited_comes_back_to_the_card(kiosk, clock):
    kiosk.handle(StepStarted("c1", 1, Step.WAIT_CARD))
    kiosk.open_priority()
    clock.now += 5
    back = kiosk.choose_priority(None)
    assert (back.awaiting, back.seconds_left) == (Awaiting.CARD, 25)


def test_a_typed_key_asks_for_the_card_straight_away(kiosk):
    kiosk.handle(StepStarted("c1", 0, Step.ACCESS_KEY))
    assert kiosk.handle(StepStarted("c1", 1, Step.WAIT_CARD)).awaiting is Awaiting.CARD
    # the next patient's check-in waits for a QR code again, without a countdown
    kiosk.handle(CheckinFinished("c1", 9, record(CheckinState.CANCELLED)))
    assert kiosk.next_patient() == IdleScreen("Phòng khám", Language.VIETNAMESE)


def test_the_camera_asks_one_thing_at_a_time_and_counts_down_the_challenge(kiosk, clock):
    kiosk.handle(StepStarted("c1", 0, Step.FACE))
    assert kiosk.handle(FaceGuidance("c1", 1, "too_far", "")).instruction is Guidance.MOVE_CLOSER
    still = kiosk.handle(FaceGuidance("c1", 2, "ok", ""))
    assert (still.instruction, still.seconds_left) == (Guidance.HOLD_STILL, None)
    prompt = kiosk.handle(FaceGuidance("c1", 3, "blink_or_turn", ""))
    assert (prompt.instruction, prompt.seconds_left) == (LivenessPrompt.BLINK_OR_TURN, 8)
    clock.now += 3
    assert kiosk.tick().seconds_left == 5
    # the face drifts: fix that first (one instruction), while the time runs on
    drift = kiosk.handle(FaceGuidance("c1", 4, "too_close", ""))
    assert (drift.instruction, drift.seconds_left) == (Guidance.MOVE_BACK, 5)
    assert kiosk.handle(FaceGuidance("c1", 5, "ok", "")).instruction is LivenessPrompt.BLINK_OR_TURN
    met = kiosk.handle(FaceGuidance("c1", 6, "liveness", ""))
    assert (met.instruction, met.seconds_left) == (Guidance.HOLD_STILL, None)


def test_review_hides_the_name_after_the_configured_seconds(kiosk):
    review = kiosk.handle(CheckinFinished("c1", 9, record(CheckinState.REVIEW, "face_review")))
    assert review == ReviewScreen(NAME, ReviewReason.FACE) and review.name_shown
    assert kiosk.name_hide_s() == 5
    hidden = kiosk.hide_name()
    assert not hidden.name_shown and kiosk.name_hide_s() is None and kiosk.hide_name() is None
    assert kiosk.hold_seconds() <= 30  # the kiosk is freed for the next patient


@pytest.mark.parametrize("code", ["priority_declared", "department_age"])
def test_a_review_for_staff_to_confirm_says_why(kiosk, code):
    review = kiosk.handle(CheckinFinished("c1", 9, record(CheckinState.REVIEW, code)))
    assert review.reason in (ReviewReason.PRIORITY, ReviewReason.DEPARTMENT)


def test_a_receptionists_rejection_is_not_a_face_the_camera_missed(kiosk):
    missed = record(CheckinState.REJECTED, "face_unavailable")
    assert kiosk.handle(CheckinFinished("c1", 9, missed)) == ErrorScreen(KioskError.NO_FACE)
    kiosk.back_to_idle()
    kiosk.handle(CheckinFinished("c1", 9, record(CheckinState.REVIEW, "face_unavailable")))
    refused = record(CheckinState.REJECTED, "face_unavailable", override=Override(
        "Lan", "not the person on the card", Verdict.REJECT, Verdict.REVIEW,
        datetime(2026, 5, 4, 9, 2)))
    assert kiosk.handle(CheckinUpdated(refused)) == ErrorScreen(KioskError.STAFF_REJECTED)


def test_a_failed_challenge_is_not_a_missing_face(kiosk):
    failed = record(CheckinState.REJECTED, "face_unavailable",
                    face=FaceOutcome(FaceVerdict.UNAVAILABLE, liveness=False))
    assert kiosk.handle(CheckinFinished("c1", 9, failed)) == ErrorScreen(KioskError.LIVENESS_FAILED)


def test_each_new_patient_starts_in_the_kiosks_language_and_text_size(kiosk):
    kiosk.set_language(Language.ENGLISH)
    assert kiosk.set_larger_text(True) == IdleScreen("Phòng khám", Language.ENGLISH,
                                                     larger_text=True)
    kiosk.open_can_entry()
    assert kiosk.back_to_idle().language is Language.ENGLISH  # the same patient, back
    assert kiosk.next_patient() == IdleScreen("Phòng khám", Language.VIETNAMESE)
    assert kiosk.language is Language.VIETNAMESE and not kiosk.larger_text


def test_the_ending_screens_are_result_review_and_error():
    assert set(ENDING_SCREENS) == {ResultScreen, ReviewScreen, ErrorScreen}
    assert CameraScreen not in ENDING_SCREENS


def test_the_times_come_from_the_config():
    config = config_from_dict({"reader": {"timeout_s": 12}, "face": {"liveness_timeout_s": 6},
                               "terminal": {"review_name_s": 3}})
    assert ScreenTimes.from_config(config) == ScreenTimes(12, 6, 3)
