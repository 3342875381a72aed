"""The reading screen: keep the card still, and how far reading the chip is."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from terminal.kiosk.screens import ReadingScreen, ReadStep
from ui.screens.view import ScreenView, label

STEP_TEXTS = {
    ReadStep.OPENING: QT_TRANSLATE_NOOP("ReadingView", "Opening the chip…"),
    ReadStep.READING_IDENTITY: QT_TRANSLATE_NOOP("ReadingView", "Reading your details…"),
    ReadStep.READING_PHOTO: QT_TRANSLATE_NOOP("ReadingView", "Reading the photo on the chip…"),
    ReadStep.CHECKING_CHIP: QT_TRANSLATE_NOOP("ReadingView", "Checking that the card is genuine…"),
}


class ReadingView(ScreenView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.hint = label("subtitle")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.step = label("subtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 60, 120, 60)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(24)
        layout.addWidget(self.hint)
        layout.addSpacing(48)
        layout.addWidget(self.progress)
        layout.addSpacing(16)
        layout.addWidget(self.step)
        layout.addStretch(3)

    def render(self, model: ReadingScreen) -> None:
        self.title.setText(self.tr("Reading your card"))
        self.hint.setText(self.tr("Keep the card still on the reader."))
        self.progress.setValue(round(model.progress * 100))
        step = QCoreApplication.translate("ReadingView", STEP_TEXTS[model.step])
        self.step.setText(step)
        self.progress.setAccessibleName(step)
