"""The error screens: one per way a check-in fails, each saying what happened and what to do,
"take your card" near the top, and "Done"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from terminal.kiosk.screens import ErrorScreen, KioskError
from ui.screens.view import ScreenView, done_button, label, word_ending


#: KioskError → (what happened, what to do next).
ERROR_TEXTS: dict[KioskError, tuple[str, str]] = {
    KioskError.CARD_REMOVED: (
        QT_TRANSLATE_NOOP("ErrorView", "The card was taken away too soon"),
        QT_TRANSLATE_NOOP("ErrorView", "To try again, start from the first step on the screen, and leave the card on the reader until the screen says you may take it.")),
    KioskError.WRONG_ACCESS_KEY: (
        QT_TRANSLATE_NOOP("ErrorView", "The card could not be opened"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk: a receptionist will type the numbers printed on your card.")),
    KioskError.WRONG_CAN: (
        QT_TRANSLATE_NOOP("ErrorView", "The card did not accept the card number"),
        QT_TRANSLATE_NOOP("ErrorView", "Touch “Type your card number” and type the last 6 digits of the ID number on the front of your card.")),
    KioskError.CARD_LOCKED: (
        QT_TRANSLATE_NOOP("ErrorView", "The card's chip is locked after wrong numbers"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk with your card; do not type the number again.")),
    KioskError.CARD_UNREADABLE: (
        QT_TRANSLATE_NOOP("ErrorView", "The card could not be read"),
        QT_TRANSLATE_NOOP("ErrorView", "To try again, start from the first step on the screen and place the card flat on the reader. If it fails again, please go to the reception desk.")),
    KioskError.CARD_NOT_GENUINE: (
        QT_TRANSLATE_NOOP("ErrorView", "The card could not be verified"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk with your card.")),
    KioskError.READER_FAILED: (
        QT_TRANSLATE_NOOP("ErrorView", "The card reader is not working"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk; we are sorry for the wait.")),
    KioskError.CAMERA_FAILED: (
        QT_TRANSLATE_NOOP("ErrorView", "The camera is not working"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk; we are sorry for the wait.")),
    KioskError.NO_FACE: (
        QT_TRANSLATE_NOOP("ErrorView", "No face was seen"),
        QT_TRANSLATE_NOOP("ErrorView", "To try again, start from the first step on the screen and look straight at the camera when it asks.")),
    KioskError.LIVENESS_FAILED: (
        QT_TRANSLATE_NOOP("ErrorView", "The camera could not finish the check"),
        QT_TRANSLATE_NOOP("ErrorView", "To try again, start from the first step on the screen and follow each instruction.")),
    KioskError.FACE_MISMATCH: (
        QT_TRANSLATE_NOOP("ErrorView", "The face does not match the card"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk with your card.")),
    KioskError.FACE_UNSURE: (
        QT_TRANSLATE_NOOP("ErrorView", "The camera could not confirm that the card is yours"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk with your card.")),
    KioskError.STAFF_REJECTED: (
        QT_TRANSLATE_NOOP("ErrorView", "The receptionist could not check you in here"),
        QT_TRANSLATE_NOOP("ErrorView", "Please ask at the reception desk what to do next.")),
    KioskError.DEPARTMENT_FULL: (
        QT_TRANSLATE_NOOP("ErrorView", "The room you chose is full"),
        QT_TRANSLATE_NOOP("ErrorView", "No other room takes patients now. Please go to the reception desk.")),
    KioskError.NOT_COVERED: (
        QT_TRANSLATE_NOOP("ErrorView", "Your health insurance cannot be used today"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk to check in.")),
    KioskError.TIMED_OUT: (
        QT_TRANSLATE_NOOP("ErrorView", "The check-in took too long"),
        QT_TRANSLATE_NOOP("ErrorView", "To try again, start from the first step on the screen.")),
    KioskError.UNEXPECTED: (
        QT_TRANSLATE_NOOP("ErrorView", "Something went wrong"),
        QT_TRANSLATE_NOOP("ErrorView", "Please go to the reception desk; we are sorry for the wait.")),
}


class ErrorView(ScreenView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = label("banner-error")
        self.take_card = label("take-card")
        self.todo = label("title")
        self.done = done_button(self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 40)
        layout.addWidget(self.banner)
        layout.addWidget(self.take_card)
        layout.addStretch(1)
        layout.addWidget(self.todo)
        layout.addStretch(2)
        layout.addLayout(row)
        self.todo.setContentsMargins(80, 0, 80, 0)

    def render(self, model: ErrorScreen) -> None:
        title, todo = ERROR_TEXTS[model.error]
        self.banner.setText(QCoreApplication.translate("ErrorView", title))
        self.todo.setText(QCoreApplication.translate("ErrorView", todo))
        word_ending(self.take_card, self.done)
