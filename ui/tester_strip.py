"""The tester strip, under the patient screens only when the card is simulated: place the card on
the reader (F5) or take it away (F6), and whether it lies there now."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

# The keys a tester places and removes the simulated card with (anywhere in the kiosk window).
PLACE_KEY, REMOVE_KEY = "F5", "F6"


class TesterStrip(QStatusBar):
    """Shows the card's place; `place_requested` / `remove_requested` carry the tester's intent.
    `card_changed(placed)` may be emitted from any thread (the kiosk's control port)."""

    place_requested = Signal()
    remove_requested = Signal()
    card_changed = Signal(bool)

    def __init__(self, placed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.placed = placed
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.place_button, self.remove_button = QPushButton(), QPushButton()
        self.place_button.setProperty("role", "quiet")
        self.remove_button.setProperty("role", "quiet")
        self.place_button.clicked.connect(self.place_requested)
        self.remove_button.clicked.connect(self.remove_requested)
        for widget in (self.state, self.place_button, self.remove_button):
            self.addWidget(widget)
        self.card_changed.connect(self.show_card)
        self.retranslate()

    def show_card(self, placed: bool) -> None:
        self.placed = placed
        self.retranslate()

    def retranslate(self) -> None:
        self.state.setText(self.tr("Tester · simulated card: on the reader") if self.placed
                           else self.tr("Tester · simulated card: off the reader"))
        self.place_button.setText(self.tr("Place card (%1)").replace("%1", PLACE_KEY))
        self.remove_button.setText(self.tr("Take card away (%1)").replace("%1", REMOVE_KEY))
        self.place_button.setEnabled(not self.placed)
        self.remove_button.setEnabled(self.placed)
        self.setAccessibleName(self.tr("Tester controls of the simulated card"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
