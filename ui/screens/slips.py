"""The referral screen: two yes/no questions (a referral slip? an appointment slip?) asked when
the card is registered at another facility, what the fund pays with a slip and without, and
Confirm. It decides nothing: terminal/kiosk/controller.py keeps the answers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.screens import SlipQuestion, SlipsScreen
from ui.screens.view import ScreenView, label

QUESTION_TEXTS = {
    SlipQuestion.REFERRAL: QT_TRANSLATE_NOOP(
        "SlipsView", "Do you have a referral slip from another facility?"),
    SlipQuestion.APPOINTMENT: QT_TRANSLATE_NOOP(
        "SlipsView", "Do you have an appointment slip for a follow-up visit here?"),
}


def share_text(pct: int | None) -> str:
    """What the fund pays, in the current language."""
    if pct is None:
        return QCoreApplication.translate("SlipsView", "the clinic will tell you")
    return QCoreApplication.translate("SlipsView", "%1% of covered costs").replace("%1", str(pct))


class SlipsView(ScreenView):
    # (SlipQuestion, yes) for each button pressed.
    answered = Signal(object, bool)
    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.note = label("subtitle")
        self.shares = label("note")
        self.questions: dict[SlipQuestion, object] = {}
        self.buttons: dict[tuple[SlipQuestion, bool], QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 48, 120, 48)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addSpacing(16)
        for question in SlipQuestion:
            text = label("subtitle")
            self.questions[question] = text
            layout.addWidget(text)
            row = QHBoxLayout()
            for yes in (True, False):
                button = QPushButton()
                button.setCheckable(True)
                button.clicked.connect(
                    lambda _checked=False, q=question, y=yes: self.answered.emit(q, y))
                self.buttons[(question, yes)] = button
                row.addWidget(button)
            layout.addLayout(row)
            layout.addSpacing(16)
        layout.addWidget(self.shares)
        layout.addStretch(1)
        self.confirm = QPushButton()
        self.confirm.clicked.connect(self.confirmed)
        layout.addWidget(self.confirm)

    def render(self, model: SlipsScreen) -> None:
        self.title.setText(self.tr("Your card is registered at another facility"))
        self.note.setText(self.tr("Please answer both questions, then confirm."))
        for question, text in self.questions.items():
            text.setText(QCoreApplication.translate("SlipsView", QUESTION_TEXTS[question]))
        answers = {SlipQuestion.REFERRAL: model.referral,
                   SlipQuestion.APPOINTMENT: model.appointment}
        for (question, yes), button in self.buttons.items():
            button.setText(self.tr("Yes") if yes else self.tr("No"))
            button.setChecked(answers[question] is yes)
            button.setEnabled(not model.confirmed)
        self.shares.setText(
            self.tr("With a slip, your health insurance pays %1. Without one, it pays %2.")
            .replace("%1", share_text(model.with_slip_pct))
            .replace("%2", share_text(model.without_slip_pct)))
        self.confirm.setText(self.tr("Please wait…") if model.confirmed else self.tr("Confirm"))
        self.confirm.setEnabled(model.complete and not model.confirmed)
