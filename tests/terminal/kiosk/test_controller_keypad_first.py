"""A kiosk that takes the card's six digits first ([terminal] access_key = "keypad"): the idle
screen asks for them, the digits ask for the card with its countdown, and every way back to the
start asks for the digits again; the QR kiosk is unchanged."""

from __future__ import annotations

from datetime import datetime

from drivers.idcard.errors import WrongPasswordError
from terminal.checkin.errors import failure_of
from terminal.checkin.events import CheckinFinished, StepStarted
from terminal.checkin.records import AccessKeySource, CheckinRecord, CheckinState, Failure, Step
from terminal.config import config_from_dict
from terminal.kiosk.controller import KioskController, ScreenTimes, first_asked
from terminal.kiosk.screens import (Awaiting, CanEntryScreen, IdleScreen, KeypadKey, Language,
                                    ReadingScreen)


def keypad_first(clock=lambda: 500.0) -> KioskController:
    return KioskController("Phòng khám", Language.VIETNAMESE, ScreenTimes(card_s=30), clock,
                           first=first_asked(config_from_dict({"terminal": {"access_key": "keypad"}})))


def ended(code: str, step: Step = Step.WAIT_CARD) -> CheckinFinished:
    record = CheckinRecord("c1", "A", datetime(2026, 5, 4, 9, 0), CheckinState.FAILED,
                           failure=Failure(step, code, ""))
    return CheckinFinished("c1", 9, record)


def test_the_configuration_says_what_idle_asks_for_first():
    assert first_asked(config_from_dict({})) is Awaiting.QR_CODE
    assert first_asked(config_from_dict({"terminal": {"access_key": "qr"}})) is Awaiting.QR_CODE
    assert first_asked(config_from_dict({"terminal": {"access_key": "keypad"}})) is Awaiting.CAN


def test_idle_asks_for_the_digits_then_the_card_with_its_countdown():
    kiosk = keypad_first()
    assert kiosk.screen == IdleScreen("Phòng khám", Language.VIETNAMESE, Awaiting.CAN)
    assert kiosk.back_to_idle().awaiting is Awaiting.CAN
    assert isinstance(kiosk.open_can_entry(), CanEntryScreen)
    for digit in "047064":
        kiosk.press_key(digit)
    screen, key = kiosk.press_key(KeypadKey.OK)
    assert key is not None and key.can == "047064"
    # the check-in the digits started asks for the card, with the reader's time
    card = kiosk.handle(StepStarted("c1", 1, Step.WAIT_CARD))
    assert (card.awaiting, card.seconds_left) == (Awaiting.CARD, 30)
    assert isinstance(kiosk.handle(StepStarted("c1", 2, Step.READ_IDENTITY)), ReadingScreen)
    assert kiosk.next_patient() == IdleScreen("Phòng khám", Language.VIETNAMESE, Awaiting.CAN)


def test_no_card_after_the_digits_goes_back_to_asking_for_the_digits():
    kiosk = keypad_first()
    kiosk.open_can_entry()
    for key in ("1", "2", "3", "4", "5", "6", KeypadKey.OK):
        kiosk.press_key(key)
    kiosk.handle(StepStarted("c1", 1, Step.WAIT_CARD))
    assert kiosk.handle(ended("no_card")) == IdleScreen("Phòng khám", Language.VIETNAMESE,
                                                        Awaiting.CAN)
    assert kiosk.tick() is None  # the card's countdown is gone with it


def test_the_keypads_back_and_a_refused_number_keep_to_the_digits():
    kiosk = keypad_first()
    kiosk.open_can_entry()
    assert kiosk.press_key(KeypadKey.CANCEL)[0].awaiting is Awaiting.CAN
    _, failure = failure_of(Step.READ_IDENTITY, WrongPasswordError("CAN"))
    record = CheckinRecord("c2", "A", datetime(2026, 5, 4, 9, 0), CheckinState.FAILED,
                           failure=failure, access_key_source=AccessKeySource.CAN)
    again = kiosk.handle(CheckinFinished("c2", 9, record))
    assert isinstance(again, CanEntryScreen) and again.seconds_left == 60
    assert kiosk.press_key(KeypadKey.CANCEL)[0].awaiting is Awaiting.CAN
