"""The kiosk's 6-digit keypad (a patient without the QR types the card number, the last 6 digits
of the ID number), tested without Qt: typing, deleting, OK only with six digits, the key it gives,
a wrong number and a locked card as their own error screens, and the console's typed CAN."""

from __future__ import annotations

from datetime import datetime

import pytest

from drivers.idcard.errors import (AccessDataError, PasswordBlockedError, PasswordSuspendedError,
                                   WrongPasswordError)
from terminal.checkin.errors import failure_of
from terminal.checkin.events import CheckinFinished, StateChanged
from terminal.checkin.records import AccessKeySource, CheckinRecord, CheckinState, Step
from terminal.kiosk.controller import CAN_ENTRY_HOLD_S, KioskController
from terminal.kiosk.screens import (CanEntryProblem, CanEntryScreen, ErrorScreen, IdleScreen,
                                    KeypadKey, KioskError, Language)
from terminal.kiosk.typed_key import typed_access_key


#: The keypad's countdown at its start, and after each key (the clocks here stand still).
FULL = int(CAN_ENTRY_HOLD_S)


def _keypad() -> KioskController:
    controller = KioskController("Phòng khám", Language.VIETNAMESE, clock=lambda: 100.0)
    assert controller.open_can_entry() == CanEntryScreen(seconds_left=FULL)
    return controller


def _type(controller: KioskController, keys: str):
    result = None
    for key in keys:
        screen, result = controller.press_key(key)
    return controller.screen, result


def test_six_digits_then_ok_give_a_can_only_key():
    controller = _keypad()
    screen, key = _type(controller, "004521")
    assert screen == CanEntryScreen("004521", seconds_left=FULL) and screen.complete and key is None
    screen, key = controller.press_key(KeypadKey.OK)
    assert key is not None and key.can == "004521" and not key.has_mrz
    assert isinstance(screen, IdleScreen)  # "place your card": the check-in takes over


def test_a_seventh_digit_and_other_keys_are_ignored():
    controller = _keypad()
    screen, _ = _type(controller, "1234567x٣")
    assert screen.digits == "123456"


def test_delete_clear_and_cancel():
    controller = _keypad()
    _type(controller, "1234")
    assert controller.press_key(KeypadKey.DELETE)[0].digits == "123"
    assert controller.press_key(KeypadKey.CLEAR)[0].digits == ""
    assert controller.press_key(KeypadKey.DELETE)[0].digits == ""
    assert isinstance(controller.press_key(KeypadKey.CANCEL)[0], IdleScreen)
    assert controller.press_key("1") == (controller.screen, None)  # no keypad up: nothing happens


def test_ok_before_six_digits_says_so():
    controller = _keypad()
    _type(controller, "123")
    screen, key = controller.press_key(KeypadKey.OK)
    assert key is None and screen == CanEntryScreen("123", CanEntryProblem.INCOMPLETE, FULL)
    assert controller.press_key("4")[0].problem is None  # typing on clears the note


def test_keypad_stays_while_the_waiting_check_in_ends_and_times_out_to_idle():
    controller = _keypad()
    _type(controller, "12")
    ended = CheckinRecord("c1", "A", datetime(2026, 5, 4, 9, 0), CheckinState.CANCELLED)
    assert controller.handle(StateChanged("c1", 900, CheckinState.ACCESS_KEY, CheckinState.WAITING)) is None
    assert controller.handle(CheckinFinished("c1", 900, ended)) is None
    assert controller.screen.digits == "12"
    assert controller.hold_seconds() == CAN_ENTRY_HOLD_S


@pytest.mark.parametrize(("error", "code", "screen"), [
    (WrongPasswordError("CAN", detail="6300"), "wrong_can", KioskError.WRONG_CAN),
    (WrongPasswordError("MRZ", detail="6300"), "access_denied", KioskError.WRONG_ACCESS_KEY),
    (PasswordSuspendedError("CAN"), "card_locked", KioskError.CARD_LOCKED),
    (PasswordBlockedError("CAN"), "card_locked", KioskError.CARD_LOCKED),
])
def test_chip_refusals_become_their_own_failures_and_screens(error, code, screen):
    state, failure = failure_of(Step.READ_IDENTITY, error)
    assert state is CheckinState.FAILED and failure.code == code
    controller = KioskController("Phòng khám", Language.ENGLISH)
    record = CheckinRecord("c2", "A", datetime(2026, 5, 4, 9, 0), state, failure=failure)
    assert controller.handle(CheckinFinished("c2", 900, record)) == ErrorScreen(screen)


def test_after_a_wrong_number_the_keypad_says_so():
    controller = KioskController("Phòng khám", Language.ENGLISH, clock=lambda: 100.0)
    _, failure = failure_of(Step.READ_IDENTITY, WrongPasswordError("CAN"))
    controller.handle(CheckinFinished("c3", 900, CheckinRecord(
        "c3", "A", datetime(2026, 5, 4, 9, 0), CheckinState.FAILED, failure=failure)))
    assert controller.open_can_entry() == CanEntryScreen(problem=CanEntryProblem.WRONG_CAN,
                                                         seconds_left=FULL)


def test_the_console_takes_the_id_number_or_the_can_alone():
    assert typed_access_key("079 090 004 521").can == "004521"
    assert typed_access_key("004521", "", "").can == "004521"
    full = typed_access_key("079090004521", "25/03/1990", "25/03/2035")
    assert full.can == "004521" and full.has_mrz
    with pytest.raises(AccessDataError):
        typed_access_key("12345")


def test_a_typed_number_the_card_refuses_brings_the_keypad_back():
    controller = KioskController("Phòng khám", Language.ENGLISH, clock=lambda: 100.0)
    _, failure = failure_of(Step.READ_IDENTITY, WrongPasswordError("CAN"))
    record = CheckinRecord("c4", "A", datetime(2026, 5, 4, 9, 0), CheckinState.FAILED,
                           failure=failure, access_key_source=AccessKeySource.CAN)
    assert controller.handle(CheckinFinished("c4", 900, record)) == \
        CanEntryScreen(problem=CanEntryProblem.WRONG_CAN, seconds_left=FULL)
    assert controller.press_key("1")[0] == CanEntryScreen("1", seconds_left=FULL)


def test_the_keypad_counts_down_its_minute_and_each_key_starts_it_again():
    now = [100.0]
    controller = KioskController("Phòng khám", Language.VIETNAMESE, clock=lambda: now[0])
    assert controller.open_can_entry().seconds_left == FULL
    assert controller.tick() is None  # the same second: nothing to redraw
    now[0] += 20.5
    assert controller.tick() == CanEntryScreen(seconds_left=FULL - 20)
    controller.press_key("7")  # a touch: the patient is still there
    assert controller.screen == CanEntryScreen("7", seconds_left=FULL)
    now[0] += 59.2
    assert controller.tick().seconds_left == 1
    now[0] += 1
    assert controller.tick().seconds_left == 0
    assert controller.hold_seconds() == CAN_ENTRY_HOLD_S  # ui/ times the way back to idle
    assert controller.press_key(KeypadKey.CANCEL)[0] == IdleScreen("Phòng khám", Language.VIETNAMESE)
    assert controller.tick() is None  # no countdown left on the idle screen
