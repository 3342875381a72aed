"""The 6-digit keypad in the kiosk window: a patient without the QR code touches the idle
screen's button, types the card number (the last 6 digits of the ID number) and is checked in by
PACE-CAN on the simulated chip; a wrong number brings the keypad back saying so."""

from __future__ import annotations

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.records import AccessKeySource
from terminal.kiosk.screens import CanEntryProblem, CanEntryScreen, ResultScreen
from tests.support.kiosk_window import WAIT_MS, screen_of, wait_for_screen
from ui.kiosk_app import KioskApp


def _type_on_keypad(qtbot, kiosk: KioskApp, digits: str) -> None:
    view = kiosk.window.views[CanEntryScreen]
    for digit in digits:
        view.digit_buttons[digit].click()
    assert screen_of(kiosk) == CanEntryScreen(digits)
    assert view.digits.text() == " ".join(digits)
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
    qtbot.waitUntil(lambda: screen_of(kiosk) == CanEntryScreen(problem=CanEntryProblem.WRONG_CAN),
                    timeout=WAIT_MS)
    view = kiosk.window.views[CanEntryScreen]
    assert kiosk.window.stack.currentWidget() is view and view.problem.text()
