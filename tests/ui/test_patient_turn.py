"""A patient's turn as the kiosk app lives it (pytest-qt, the real terminal assembled): one
instruction at a time with its countdown, "take your card" on every ending screen, "Done" back to
idle, the review's name hidden after the configured seconds and the kiosk freed while staff decide,
a receptionist's rejection in its own words, and each new patient in Vietnamese while the console
keeps its own language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.events import CheckinFinished, CheckinUpdated, FaceGuidance, StepStarted
from terminal.checkin.records import (
    CheckinRecord,
    CheckinState,
    Decision,
    Override,
    PatientIdentity,
    Payer,
    Reason,
    Step,
    Verdict,
)
from terminal.kiosk.screens import (
    ENDING_SCREENS,
    Awaiting,
    CameraScreen,
    ErrorScreen,
    IdleScreen,
    KioskError,
    Language,
    ReviewScreen,
)
from tests.support.kiosk_window import WAIT_MS, screen_of, wait_for_screen
from ui.screens.error import ERROR_TEXTS
from ui.screenshots import example_screens

NAME = "Trần Thị Bích Ngọc"


def review_record(checkin_id: str, *codes: str, state=CheckinState.REVIEW, **fields) -> CheckinRecord:
    verdict = Verdict.REJECT if state is CheckinState.REJECTED else Verdict.REVIEW
    return CheckinRecord(checkin_id, "A", datetime(2026, 5, 4, 9, 0), state,
                         identity=PatientIdentity("079190001234", NAME, date(1990, 2, 1)),
                         decision=Decision(verdict, Payer.INSURED,
                                           tuple(Reason(c, "") for c in codes)), **fields)


@pytest.fixture
def waiting_kiosk(qtbot, open_kiosk):
    """A kiosk whose check-in waits for a QR code (none comes) long enough for a test to feed its
    screen the events of a turn, once the check-in's own first events were shown."""
    def make(**tables):
        kiosk = open_kiosk(checkin={"access_key_timeout_s": 120}, **tables)
        qtbot.waitUntil(lambda: kiosk.controller.checkin_id == kiosk.run.checkin_id,
                        timeout=WAIT_MS)
        qtbot.wait(200)  # the step's event, sent right after the state's
        return kiosk
    return make


def test_idle_asks_for_the_qr_code_then_the_card_with_a_visible_countdown(qtbot, waiting_kiosk):
    kiosk = waiting_kiosk(reader={"timeout_s": 25})
    idle = kiosk.window.views[IdleScreen]
    assert screen_of(kiosk).awaiting is Awaiting.QR_CODE
    assert "QR" in idle.title.text() and idle.can_button.isVisible()
    assert not idle.countdown.isVisible()
    kiosk.on_event(StepStarted(kiosk.run.checkin_id, 5, Step.WAIT_CARD))
    assert screen_of(kiosk).awaiting is Awaiting.CARD
    assert idle.countdown.isVisible() and "25" in idle.countdown.text()
    assert not idle.can_button.isVisible()  # the key is known: no keypad offered
    qtbot.waitUntil(lambda: "24" in idle.countdown.text(), timeout=3000)


def test_the_camera_shows_one_instruction_and_the_challenges_countdown(qtbot, waiting_kiosk):
    kiosk = waiting_kiosk(face={"liveness_timeout_s": 6})
    run_id = kiosk.run.checkin_id
    view = kiosk.window.views[CameraScreen]
    kiosk.on_event(StepStarted(run_id, 1, Step.FACE))
    kiosk.on_event(FaceGuidance(run_id, 2, "ok", ""))
    assert view.guidance.isVisible() and not view.prompt.isVisible()
    assert not view.countdown.isVisible()
    kiosk.on_event(FaceGuidance(run_id, 3, "blink_or_turn", ""))
    assert view.prompt.isVisible() and not view.guidance.isVisible()
    assert view.countdown.isVisible() and "6" in view.countdown.text()
    qtbot.waitUntil(lambda: "5" in view.countdown.text(), timeout=3000)


def test_every_ending_screen_says_take_your_card_near_the_top_and_has_done(window, switch):
    for language in Language:
        switch.apply(language)
        for name, screen in example_screens("x", language).items():
            if not isinstance(screen, ENDING_SCREENS):
                continue
            window.show_screen(screen)
            view = window.views[type(screen)]
            line = view.take_card
            assert line.isVisible() and line.text(), name
            assert line.mapTo(view, QPoint(0, 0)).y() < view.height() * 0.25, name
            assert view.done.isVisible() and view.done.text(), name
    switch.apply(Language.VIETNAMESE)
    assert window.views[ErrorScreen].take_card.text() == "Mời quý vị lấy thẻ."


def test_done_goes_back_to_idle_for_the_next_patient_in_vietnamese(qtbot, waiting_kiosk):
    kiosk = waiting_kiosk()
    window = kiosk.window
    console_tab = window.console.tabs.tabText(0)
    window.views[IdleScreen].language_button.click()  # the patient reads English
    window.views[IdleScreen].larger_button.click()   # and larger
    assert screen_of(kiosk).language is Language.ENGLISH and window.larger_text
    assert window.console.tabs.tabText(0) == console_tab  # the console keeps its language
    kiosk.on_event(CheckinFinished(kiosk.run.checkin_id, 900, review_record(
        kiosk.run.checkin_id, "face_unavailable", state=CheckinState.REJECTED)))
    error = window.views[ErrorScreen]
    assert error.banner.text() == "No face was seen"
    qtbot.mouseClick(error.done, Qt.MouseButton.LeftButton)
    idle = wait_for_screen(qtbot, kiosk, IdleScreen, timeout=1000)
    assert idle == IdleScreen("Phòng khám Hoà Bình", Language.VIETNAMESE)
    assert not window.larger_text and not window.views[IdleScreen].larger_button.isChecked()
    assert window.views[IdleScreen].title.text().startswith("Đưa mã QR")
    assert not kiosk.hold.isActive()


def test_a_receptionists_rejection_has_its_own_message(qtbot, waiting_kiosk):
    kiosk = waiting_kiosk()
    run_id = kiosk.run.checkin_id
    kiosk.on_event(CheckinFinished(run_id, 900, review_record(run_id, "face_unavailable")))
    refused = review_record(run_id, "face_unavailable", state=CheckinState.REJECTED,
                            override=Override("Lan", "not the card's holder", Verdict.REJECT,
                                              Verdict.REVIEW, datetime(2026, 5, 4, 9, 2)))
    kiosk.on_event(CheckinUpdated(refused))
    banner = kiosk.window.views[ErrorScreen].banner.text()
    assert screen_of(kiosk) == ErrorScreen(KioskError.STAFF_REJECTED)
    assert banner == "Lễ tân không thể đăng ký khám cho quý vị tại đây"
    no_face = ERROR_TEXTS[KioskError.NO_FACE][0]
    assert banner != no_face and "camera" not in banner


def test_the_review_hides_the_name_after_the_configured_seconds(qtbot, waiting_kiosk):
    kiosk = waiting_kiosk(terminal={"review_name_s": 0.3})
    run_id = kiosk.run.checkin_id
    kiosk.on_event(CheckinFinished(run_id, 900, review_record(run_id, "face_review")))
    view = kiosk.window.views[ReviewScreen]
    assert view.name.isVisible() and view.name.text() == NAME
    assert kiosk.hold.remainingTime() <= 30_000  # the kiosk is freed soon, decision or not
    qtbot.waitUntil(lambda: not view.name.isVisible(), timeout=2000)
    assert view.name.text() == "" and view.why.text() and view.take_card.isVisible()
    assert screen_of(kiosk) == ReviewScreen(NAME, name_shown=False)
    # a receptionist who came to the kiosk reaches the console from here
    qtbot.mouseClick(view.staff_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.pin_dialog is not None
    kiosk.window.pin_dialog.reject()


def test_a_review_frees_the_kiosk_and_stays_pending_at_the_console(qtbot, open_kiosk):
    # a still photo of the right person never blinks: the face check sends it to review
    kiosk = open_kiosk("an", camera="still.jpg", face={"liveness_timeout_s": 1.0})
    kiosk.start_typed(load_profile("an").printed_access_key)  # as the console does
    wait_for_screen(qtbot, kiosk, ReviewScreen)
    reviewed = kiosk.run.checkin_id
    qtbot.mouseClick(kiosk.window.views[ReviewScreen].done, Qt.MouseButton.LeftButton)
    wait_for_screen(qtbot, kiosk, IdleScreen, timeout=1000)
    qtbot.waitUntil(lambda: kiosk.run.checkin_id != reviewed, timeout=WAIT_MS)  # the next one
    held = kiosk.actions.held(reviewed)
    assert held is not None and held.state is CheckinState.REVIEW  # still the console's to decide
    settled = kiosk.actions.override(reviewed, "Lan", "compared with the card photo")
    assert settled.state is CheckinState.DONE and settled.ticket is not None
    qtbot.wait(300)
    assert isinstance(screen_of(kiosk), IdleScreen)  # the next patient's screen is left alone
    assert replace(screen_of(kiosk), seconds_left=None).awaiting is Awaiting.QR_CODE
