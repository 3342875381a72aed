"""The priority choice: one large button per priority a patient may declare (Law 15/2023 Art
3(2)), and "No" to go back; ages come from the card by themselves and are not offered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from terminal.checkin.priority import PriorityReason
from terminal.kiosk.screens import PriorityScreen
from ui.screens.view import ScreenView, label

PRIORITY_TEXTS = {
    PriorityReason.PREGNANT: QT_TRANSLATE_NOOP("PriorityView", "I am pregnant"),
    PriorityReason.SEVERE_DISABILITY: QT_TRANSLATE_NOOP("PriorityView", "I have a severe disability"),
    PriorityReason.REVOLUTIONARY_MERIT: QT_TRANSLATE_NOOP("PriorityView", "I am a person with revolutionary merit"),
    PriorityReason.EMERGENCY: QT_TRANSLATE_NOOP("PriorityView", "This is an emergency"),
    PriorityReason.CHILD_UNDER_6: QT_TRANSLATE_NOOP("PriorityView", "A child under 6"),
    PriorityReason.AGED_75_PLUS: QT_TRANSLATE_NOOP("PriorityView", "Aged 75 or over"),
}


class PriorityView(ScreenView):
    # The reason chosen, or None for "No" (back to the start).
    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.note = label("subtitle")
        self.buttons: dict[PriorityReason, QPushButton] = {}
        self.no_button = QPushButton()
        self.no_button.clicked.connect(lambda: self.chosen.emit(None))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(120, 48, 120, 48)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.note)
        self._layout.addSpacing(24)
        self._rows = QVBoxLayout()
        self._layout.addLayout(self._rows)
        self._layout.addStretch(1)
        self._layout.addWidget(self.no_button)

    def render(self, model: PriorityScreen) -> None:
        self.title.setText(self.tr("Are you to be seen first?"))
        self.note.setText(self.tr("Choose what applies to you; a receptionist may ask to see a "
                                  "paper. Children under 6 and people aged 75 or over need not "
                                  "choose: the card says so."))
        for reason in model.choices:
            if reason not in self.buttons:
                button = QPushButton()
                button.setCheckable(True)
                button.clicked.connect(lambda _checked=False, r=reason: self.chosen.emit(r))
                self.buttons[reason] = button
                self._rows.addWidget(button)
            self.buttons[reason].setText(QCoreApplication.translate("PriorityView",
                                                                    PRIORITY_TEXTS[reason]))
            self.buttons[reason].setChecked(reason is model.chosen)
        self.no_button.setText(self.tr("No priority: back"))
