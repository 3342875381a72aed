"""The screens' languages: the patient screens speak the patient's language, the receptionist
console its own (a patient's choice must not switch the console). One translator routes each
text by its context (the patient screens' classes, ui/screens/) to the compiled Qt translation
(ui/translations/*.qm) of that side's language; on a switch Qt sends every widget a
LanguageChange and each re-renders its texts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from terminal.kiosk.screens import Language
from ui.screens.view import ScreenView

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


class MissingTranslationError(RuntimeError):
    """A .qm file the app ships is missing or unreadable: the package is broken."""


def patient_contexts() -> set[str]:
    """The translation contexts of the patient screens: ScreenView and every class below it."""
    names, todo = {ScreenView.__name__}, [ScreenView]
    while todo:
        for sub in todo.pop().__subclasses__():
            names.add(sub.__name__)
            todo.append(sub)
    return names


class _Router(QTranslator):
    """Translates a patient screen's text into the patient's language, any other text into the
    console's."""

    def __init__(self, parent: QCoreApplication, translations: dict[Language, QTranslator]) -> None:
        super().__init__(parent)
        self.translations = translations
        self.patient = self.console = Language.VIETNAMESE
        self._patient_contexts = patient_contexts()

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 - Qt's name
        if context not in self._patient_contexts:
            # a screen class defined since (a plug-in's): look again before routing it
            self._patient_contexts = patient_contexts()
        language = self.patient if context in self._patient_contexts else self.console
        # None (a null string) lets Qt fall back to the source text; "" would show nothing
        return self.translations[language].translate(context, source, disambiguation, n) or None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


class LanguageSwitch:
    """Holds the one installed translator: `apply` sets the patient screens' language (and, the
    first time, the console's), `apply_console` the console's."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        translations = {}
        for language in Language:
            translator = QTranslator(app)
            qm = TRANSLATIONS_DIR / f"checkin_{language.value}.qm"
            if not translator.load(str(qm)):
                raise MissingTranslationError(f"cannot load the translation {qm}")
            translations[language] = translator
        self._router = _Router(app, translations)
        self.current: Language | None = None
        self.console: Language | None = None

    def apply(self, language: Language) -> None:
        if language == self.current:
            return
        self.current = self._router.patient = language
        if self.console is None:
            self.console = self._router.console = language
        self._reinstall()

    def apply_console(self, language: Language) -> None:
        if language == self.console:
            return
        self.console = self._router.console = language
        self._reinstall()

    def _reinstall(self) -> None:
        # Installing posts the LanguageChange every widget re-renders on; deliver it now, so
        # every screen speaks the new language on return.
        self._app.removeTranslator(self._router)
        self._app.installTranslator(self._router)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
