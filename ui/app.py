"""The QApplication of the kiosk: font with Vietnamese diacritics, high contrast theme, the
screens' language."""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtWidgets import QApplication

from terminal.kiosk.screens import Language
from ui.language import LanguageSwitch
from ui.theme import STYLE_SHEET, kiosk_font


def _make_none_immortal() -> None:
    """PySide6 6.12 on Python 3.11 returns None from every void method (setText, setVisible, ...)
    without a new reference, so None's reference count drops by one per call and the interpreter
    aborts after some 10^5 calls (minutes of camera preview). Python 3.12+ makes None immortal;
    here we give it a count no kiosk can use up. tests/ui/test_app.py checks it."""
    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def build_application(language: Language, argv: list[str] | None = None) -> tuple[QApplication, LanguageSwitch]:
    """The process's QApplication (created once, reused after) with theme and language set."""
    _make_none_immortal()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("checkin-terminal")
    app.setFont(kiosk_font())
    app.setStyleSheet(STYLE_SHEET)
    switch = LanguageSwitch(app)
    switch.apply(language)
    return app, switch
