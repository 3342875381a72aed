"""Testers drive the simulated card in `checkin run`: it waits in their hand until placed (F5 or
the console), is read once, and is taken away (F6); no citizen is checked in over and over."""

from __future__ import annotations

from PySide6.QtCore import Qt

from terminal.kiosk.screens import IdleScreen, ReadingScreen, ResultScreen
from tests.support.kiosk_window import screen_of, wait_for_screen


def _no_card_read_for(qtbot, kiosk, ms: int) -> None:
    for _ in range(ms // 100):
        qtbot.wait(100)
        assert not isinstance(screen_of(kiosk), (ReadingScreen, ResultScreen))


def test_the_card_waits_for_the_tester_and_is_placed_and_taken_away_by_key(qtbot, open_kiosk):
    kiosk = open_kiosk("an", card_in_hand=True)
    strip, hand = kiosk.tester, kiosk.terminal.hand
    assert strip is not None and strip.isVisible() and not hand.placed
    assert not strip.place_button.isHidden() and strip.remove_button.isEnabled() is False
    _no_card_read_for(qtbot, kiosk, 1500)  # the QR waits come and go; no check-in starts
    assert isinstance(screen_of(kiosk), IdleScreen)

    qtbot.keyClick(kiosk.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: strip.placed, timeout=2000)
    assert hand.placed and strip.remove_button.isEnabled()
    wait_for_screen(qtbot, kiosk, ResultScreen, timeout=30_000)

    kiosk.hold.stop()
    kiosk._hold_over()  # the result has been read: the next patient's turn
    _no_card_read_for(qtbot, kiosk, 1500)  # the card still lies there, read once: no loop

    qtbot.keyClick(kiosk.window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: not strip.placed, timeout=2000)
    assert not hand.placed and not kiosk.terminal.transport.card_present()


def test_the_console_places_and_removes_the_simulated_card(qtbot, open_kiosk):
    kiosk = open_kiosk("an", card_in_hand=True, checkin={"access_key_timeout_s": 60})
    devices = kiosk.window.console.devices
    assert not devices.card_box.isHidden() and devices.card_place.isEnabled()
    devices.card_place.click()
    qtbot.waitUntil(lambda: kiosk.tester.placed and devices.card_remove.isEnabled(), timeout=2000)
    devices.card_remove.click()
    qtbot.waitUntil(lambda: not kiosk.terminal.hand.placed and devices.card_place.isEnabled(),
                    timeout=2000)


def test_a_real_reader_has_no_tester_controls(qtbot, open_kiosk):
    kiosk = open_kiosk("an")
    assert kiosk.tester is None
    assert kiosk.window.console.devices.card_box.isHidden()
