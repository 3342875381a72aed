"""The 6-digit keypad: a patient whose card's QR code cannot be read types the card number (the
last 6 digits of the ID number on the card front) with large keys; the controller decides."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.screens import CAN_LENGTH, CanEntryProblem, CanEntryScreen, KeypadKey
from ui.screens.idle import seconds_left_text
from ui.screens.view import ScreenView, label

PROBLEM_TEXTS = {
    CanEntryProblem.INCOMPLETE: QT_TRANSLATE_NOOP("CanEntryView", "Type all 6 digits, then press OK."),
    CanEntryProblem.WRONG_CAN: QT_TRANSLATE_NOOP(
        "CanEntryView", "The card did not accept that number. Check the last 6 digits of the ID "
                        "number on the front of the card and type them again."),
}


class CanEntryView(ScreenView):
    # Emits a digit "0".."9" or a KeypadKey.
    key_pressed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.hint = label("subtitle")
        self.digits = label("digits", wrap=False)  # six digits on one line: the fit shrinks them
        self.problem = label("field-error")
        self.countdown = label("countdown")
        self.digit_buttons = {str(d): self._button(str(d), str(d)) for d in range(10)}
        self.delete_button = self._button("", KeypadKey.DELETE)
        self.clear_button = self._button("", KeypadKey.CLEAR)
        self.ok_button = self._button("", KeypadKey.OK)
        self.cancel_button = self._button("", KeypadKey.CANCEL)
        self.cancel_button.setProperty("role", "quiet")
        # words, not digits: the keypad's height, a smaller font (they fit a narrow screen)
        self.clear_button.setProperty("role", "keypad-word")
        grid = QGridLayout()
        grid.setSpacing(16)
        for index, digit in enumerate("123456789"):
            grid.addWidget(self.digit_buttons[digit], index // 3, index % 3)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self.digit_buttons["0"], 3, 1)
        grid.addWidget(self.delete_button, 3, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.ok_button)
        keypad = QVBoxLayout()
        keypad.addLayout(grid)
        keypad.addSpacing(16)
        keypad.addLayout(actions)
        left = QVBoxLayout()
        left.addStretch(1)
        left.addWidget(self.title)
        left.addSpacing(24)
        left.addWidget(self.hint)
        left.addSpacing(32)
        left.addWidget(self.digits)
        left.addSpacing(16)
        left.addWidget(self.problem)
        left.addSpacing(16)
        left.addWidget(self.countdown)
        left.addStretch(1)
        layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addLayout(left, 5)
        layout.addSpacing(48)
        layout.addLayout(keypad, 4)
        self.turning.append(layout)

    def _button(self, text: str, key: str | KeypadKey) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("role", "keypad")
        button.clicked.connect(lambda: self.key_pressed.emit(key))
        return button

    def render(self, model: CanEntryScreen) -> None:
        self.title.setText(self.tr("Type your card number"))
        self.hint.setText(self.tr("The last 6 digits of the 12-digit ID number on the front of "
                                  "your card."))
        shown = "\u2009".join(model.digits.ljust(CAN_LENGTH, "_"))  # thin spaces: one line
        self.digits.setText(shown)
        self.digits.setAccessibleName(self.tr("Digits typed: %1 of 6").replace("%1", str(len(model.digits))))
        self.problem.setText("" if model.problem is None else
                             QCoreApplication.translate("CanEntryView", PROBLEM_TEXTS[model.problem]))
        # the keypad's inactivity timeout: back to the start screen at 0 (each key restarts it)
        self.countdown.setText("" if model.seconds_left is None
                               else seconds_left_text(model.seconds_left))
        self.countdown.setVisible(model.seconds_left is not None)
        self.delete_button.setText("⌫")
        self.delete_button.setAccessibleName(self.tr("Delete the last digit"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear all digits"))
        self.ok_button.setText(self.tr("OK"))
        self.ok_button.setAccessibleName(self.tr("OK: open the card with this number"))
        self.cancel_button.setText(self.tr("Back"))
        self.cancel_button.setAccessibleName(self.tr("Back to the start screen"))
        for digit, button in self.digit_buttons.items():
            button.setAccessibleName(digit)
            button.setEnabled(not model.complete)
