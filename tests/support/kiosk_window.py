"""Waiting on the kiosk window in Qt tests: which screen it shows, decided and on view."""

from __future__ import annotations

import time

from ui.kiosk_app import KioskApp

WAIT_MS = 15_000


def screen_of(kiosk: KioskApp):
    return kiosk.window.screen_model


def wait_for_screen(qtbot, kiosk: KioskApp, kind: type, timeout: int = WAIT_MS):
    qtbot.waitUntil(lambda: isinstance(screen_of(kiosk), kind), timeout=timeout)
    view = kiosk.window.stack.currentWidget()
    assert view is kiosk.window.views[kind]  # on screen, not only decided
    return screen_of(kiosk)


def wait_for_console(qtbot, kiosk: KioskApp, condition, timeout_s: float = 15.0) -> None:
    """Refresh the console now and then (as opening it does) until `condition` holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the console never showed it"
        kiosk.refresh_console()
        qtbot.wait(200)
