"""The review screen: a receptionist must look at the check-in. One instruction (take the card to
the reception desk), why, the name for a few seconds only, and "Done": the kiosk does not wait for
the decision, which reaches the patient at the desk (the slip, the number)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.screens import ReviewReason, ReviewScreen
from ui.screens.view import ScreenView, done_button, label, word_ending

# Why a receptionist looks at it, in a sentence that asks nothing more of the patient.
REASON_TEXTS = {
    ReviewReason.FACE: QT_TRANSLATE_NOOP(
        "ReviewView", "The camera could not confirm that the card is yours: a receptionist will "
                      "check it and give you your number."),
    ReviewReason.INSURANCE: QT_TRANSLATE_NOOP(
        "ReviewView", "Your health insurance needs a check by a receptionist, who will give you "
                      "your number."),
    ReviewReason.CARD: QT_TRANSLATE_NOOP(
        "ReviewView", "Your card needs a check by a receptionist, who will give you your number."),
    ReviewReason.PRIORITY: QT_TRANSLATE_NOOP(
        "ReviewView", "A receptionist will confirm your priority and give you your number."),
    ReviewReason.DEPARTMENT: QT_TRANSLATE_NOOP(
        "ReviewView", "A receptionist will help you choose where to be seen and give you your "
                      "number."),
}


class ReviewView(ScreenView):
    #: The receptionist came to the kiosk: the PIN, then the console to decide it there.
    staff_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = label("banner-warn")
        self.take_card = label("take-card")
        self.name = label("title")
        self.why = label("subtitle")
        self.done = done_button(self)
        self.staff_button = QPushButton()
        self.staff_button.setProperty("role", "quiet")
        self.staff_button.clicked.connect(self.staff_requested)
        row = QHBoxLayout()
        row.setContentsMargins(40, 0, 40, 0)
        row.addStretch(1)
        row.addWidget(self.done)
        row.addStretch(1)
        # aligned, so the smaller button does not cap the row's height below "Done"'s
        row.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 40)
        layout.addWidget(self.banner)
        layout.addWidget(self.take_card)
        layout.addStretch(1)
        layout.addWidget(self.name)
        layout.addSpacing(32)
        layout.addWidget(self.why)
        layout.addStretch(2)
        layout.addLayout(row)
        self.why.setContentsMargins(60, 0, 60, 0)

    def render(self, model: ReviewScreen) -> None:
        self.banner.setText(self.tr("Please go to the reception desk"))
        # The name goes after a few seconds: the next in line may be reading.
        self.name.setText(model.name if model.name_shown else "")
        self.name.setVisible(model.name_shown)
        self.why.setText(QCoreApplication.translate("ReviewView", REASON_TEXTS[model.reason]))
        word_ending(self.take_card, self.done)
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff: decide this check-in at the console"))
