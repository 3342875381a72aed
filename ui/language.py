"""Switching the screens' language: loads the compiled Qt translation (ui/translations/*.qm);
Qt then sends every widget a LanguageChange event and each screen re-renders its texts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from terminal.kiosk.screens import Language

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


class MissingTranslationError(RuntimeError):
    """A .qm file the app ships is missing or unreadable: the package is broken."""


class LanguageSwitch:
    """Holds the one installed translator and swaps it for another language."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator = QTranslator(app)
        self.current: Language | None = None

    def apply(self, language: Language) -> None:
        if language == self.current:
            return
        translator = QTranslator(self._app)
        qm = TRANSLATIONS_DIR / f"checkin_{language.value}.qm"
        if not translator.load(str(qm)):
            raise MissingTranslationError(f"cannot load the translation {qm}")
        self._app.removeTranslator(self._translator)
        self._app.installTranslator(translator)
        self._translator = translator
        self.current = language
        # Deliver the LanguageChange now, so every screen speaks the new language on return.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
