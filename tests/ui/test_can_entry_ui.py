"""The 6-digit keypad in the kiosk window: a patient without the QR code touches the idle
screen's button, types the card number (the last 6 digits of the ID number) and is checked in by
PACE-CAN on the simulated chip; a wrong number brings the keypad back saying so; the keypad counts
down its minute; a kiosk configured to take the digits first asks for them and scans no QR."""

from __future__ import annotations

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.records import AccessKeySource
from terminal.kiosk.screens import (Awaiting, CanEntryProblem, CanEntryScreen, IdleScreen,
                                    ResultScreen)
from tests.support.kiosk_window import WAIT_MS, screen_of, wait_for_screen
from ui.kiosk_app import KioskApp


def _type_on_keypad(qtbot, kiosk: KioskApp, digits: str) -> None:
    view = kiosk.window.views[CanEntryScreen]
    for digit in digits:
        view.digit_buttons[digit].click()
    assert screen_of(kiosk).digits == digits
    assert view.digits.text() == "\u2009".join(digits)  # one line, thin spaces
    # the keypad's minute, started again by each key, is on screen
    assert view.countdown.isVisible() and view.countdown.text() == "Còn 60 giây"
    view.ok_button.click()


def test_six_digits_on_the_keypad_check_the_patient_in(qtbot, open_kiosk):
    kiosk = open_kiosk("an")
    kiosk.window.idle.can_button.click()
    wait_for_screen(qtbot, kiosk, CanEntryScreen)
    _type_on_keypad(qtbot, kiosk, load_profile("an").id_number[6:])
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.name == load_profile("an").full_name
    assert kiosk.run.result(5).access_key_source is AccessKeySource.CAN


def test_a_wrong_number_brings_the_keypad_back(qtbot, open_kiosk):
    kiosk = open_kiosk("an")
    kiosk.window.idle.can_button.click()
    wait_for_screen(qtbot, kiosk, CanEntryScreen)
    _type_on_keypad(qtbot, kiosk, "000000")
    qtbot.waitUntil(lambda: isinstance(screen_of(kiosk), CanEntryScreen)
                    and screen_of(kiosk).problem is CanEntryProblem.WRONG_CAN, timeout=WAIT_MS)
    view = kiosk.window.views[CanEntryScreen]
    assert kiosk.window.stack.currentWidget() is view and view.problem.text()


def test_the_keypads_countdown_moves_on_and_a_key_starts_it_again(qtbot, open_kiosk):
    kiosk = open_kiosk("an")
    kiosk.window.idle.can_button.click()
    view = kiosk.window.views[CanEntryScreen]
    assert view.countdown.text() == "Còn 60 giây"
    qtbot.waitUntil(lambda: view.countdown.text() == "Còn 59 giây", timeout=2_500)
    before = kiosk.hold.remainingTime()  # the way back to idle runs out with the countdown
    view.digit_buttons["4"].click()
    assert view.countdown.text() == "Còn 60 giây" and kiosk.hold.remainingTime() > before


def test_a_kiosk_that_takes_the_digits_first_asks_for_them_and_scans_no_qr(qtbot, open_kiosk):
    an = load_profile("an")
    kiosk = open_kiosk("an", terminal={"access_key": "keypad"})
    idle = kiosk.window.idle
    assert screen_of(kiosk).awaiting is Awaiting.CAN
    assert idle.title.text() == "Nhập 6 chữ số cuối của số định danh trên thẻ"
    assert idle.can_button.isVisible() and idle.can_button.text() == "Nhập số thẻ của bạn"
    assert kiosk.run is None  # no check-in waits for a QR code at the camera
    idle.can_button.click()
    wait_for_screen(qtbot, kiosk, CanEntryScreen)
    _type_on_keypad(qtbot, kiosk, an.id_number[6:])
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.name == an.full_name
    assert kiosk.run.result(5).access_key_source is AccessKeySource.CAN
    kiosk.done()  # the next patient is asked for the digits again, and still no QR is scanned
    assert screen_of(kiosk) == IdleScreen(idle.model.clinic_name, idle.model.language, Awaiting.CAN)
    assert kiosk.run is None
