"""The QApplication of the kiosk: font with Vietnamese diacritics, high contrast theme, the
screens' language."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from terminal.kiosk.screens import Language
from ui.language import LanguageSwitch
from ui.theme import STYLE_SHEET, kiosk_font


def build_application(language: Language, argv: list[str] | None = None) -> tuple[QApplication, LanguageSwitch]:
    """The process's QApplication (created once, reused after) with theme and language set."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("checkin-terminal")
    app.setFont(kiosk_font())
    app.setStyleSheet(STYLE_SHEET)
    switch = LanguageSwitch(app)
    switch.apply(language)
    return app, switch
