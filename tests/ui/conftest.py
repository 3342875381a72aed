"""The kiosk's QApplication for UI tests: theme, fonts and translations as in production."""

from __future__ import annotations

import os

import pytest

from terminal.kiosk.pin import PinGate
from terminal.kiosk.screens import Language
from ui.app import build_application
from ui.console.console_view import ConsoleView
from ui.kiosk_window import KioskWindow

# pytest-qt's session-wide QApplication starts before any per-test fixture: no display here.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture
def switch(qapp):
    _app, language_switch = build_application(Language.VIETNAMESE)
    yield language_switch
    language_switch.apply(Language.VIETNAMESE)


@pytest.fixture
def window(qtbot, switch):
    kiosk = KioskWindow(PinGate(""), ConsoleView(), kiosk_mode=True)
    qtbot.addWidget(kiosk)
    kiosk.resize(1920, 1080)
    kiosk.show()
    yield kiosk
    kiosk.leave()
