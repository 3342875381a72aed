"""The PIN prompt that guards the console and the way out of the kiosk: a touch keypad and the
keyboard both work; wrong tries are counted by terminal.kiosk.pin.PinGate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.pin import PinGate
from ui.screens.view import label


class PinDialog(QDialog):
    """Accepted only when the gate accepts the PIN typed."""

    def __init__(self, gate: PinGate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._gate = gate
        self.setModal(True)
        self.setWindowTitle(self.tr("Receptionist PIN"))
        self.prompt = label("subtitle")
        self.prompt.setText(self.tr("Receptionist PIN"))
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setValidator(QRegularExpressionValidator(r"[0-9]{0,12}"))
        self.entry.setAccessibleName(self.tr("PIN"))
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.returnPressed.connect(self.submit)
        self.message = label("field-error")
        self.message.setAccessibleName(self.tr("PIN message"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.prompt)
        layout.addWidget(self.entry)
        layout.addWidget(self.message)
        layout.addLayout(self._keypad())
        self.entry.setFocus()

    def _keypad(self) -> QGridLayout:
        grid = QGridLayout()
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), i // 3, i % 3)
        erase = QPushButton("⌫")
        erase.setAccessibleName(self.tr("Delete the last digit"))
        erase.clicked.connect(self.entry.backspace)
        grid.addWidget(erase, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        ok = QPushButton(self.tr("OK"))
        ok.setAccessibleName(self.tr("Check the PIN"))
        ok.clicked.connect(self.submit)
        grid.addWidget(ok, 3, 2)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setProperty("role", "quiet")
        cancel.setAccessibleName(self.tr("Cancel and go back"))
        cancel.clicked.connect(self.reject)
        grid.addWidget(cancel, 4, 0, 1, 3)
        for button in self.findChildren(QPushButton):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setMinimumSize(96, 72)
        return grid

    def _key(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setAccessibleName(digit)
        button.clicked.connect(lambda: self.entry.insert(digit))
        return button

    def submit(self) -> None:
        verdict = self._gate.attempt(self.entry.text())
        self.entry.clear()
        if verdict.accepted:
            self.accept()
        elif verdict.locked_for_s:
            self.message.setText(self.tr("Too many wrong PINs. Try again in %1 seconds.")
                                 .replace("%1", str(round(verdict.locked_for_s))))
        else:
            self.message.setText(self.tr("Wrong PIN. %1 tries left.").replace("%1", str(verdict.tries_left)))
