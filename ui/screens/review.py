"""The review screen: something needs a receptionist; the patient waits for them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QVBoxLayout, QWidget

from terminal.kiosk.screens import ReviewReason, ReviewScreen
from ui.screens.view import ScreenView, label

REASON_TEXTS = {
    ReviewReason.FACE: QT_TRANSLATE_NOOP(
        "ReviewView", "The camera could not confirm that the card is yours. A receptionist will "
                      "check it now: please stay here or go to the reception desk."),
    ReviewReason.INSURANCE: QT_TRANSLATE_NOOP(
        "ReviewView", "Your health insurance needs a check by a receptionist. Please stay here or "
                      "go to the reception desk."),
    ReviewReason.CARD: QT_TRANSLATE_NOOP(
        "ReviewView", "Your card needs a check by a receptionist. Please stay here or go to the "
                      "reception desk."),
}


class ReviewView(ScreenView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = label("banner-warn")
        self.name = label("title")
        self.todo = label("subtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 60)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(self.name)
        layout.addSpacing(32)
        layout.addWidget(self.todo)
        layout.addStretch(2)

    def render(self, model: ReviewScreen) -> None:
        self.banner.setText(self.tr("Please wait a moment"))
        self.name.setText(model.name)
        self.todo.setText(QCoreApplication.translate("ReviewView", REASON_TEXTS[model.reason]))
