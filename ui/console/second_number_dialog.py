"""Issuing a second number on purpose to a patient shown the number they already held today: by
whom and why (kept in the audit trail)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.console.override_dialog import MIN_REASON_CHARS
from ui.screens.view import label


class SecondNumberDialog(QDialog):
    """Accepted with `reason` filled (required); `staff`, the receptionist signed in, issues it."""

    def __init__(self, ticket: str, staff: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.setWindowTitle(self.tr("Issue a second number"))
        self.heading = label("subtitle")
        self.heading.setText(self.tr("The patient already holds %1 today. A second number is "
                                     "issued only on purpose, with a reason.").replace("%1", ticket))
        self.signed_in = label("note")
        self.signed_in.setText(self.tr("Issued by: %1").replace("%1", staff))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason (kept for audit)"))
        self.message = label("field-error")
        form = QFormLayout()
        form.addRow(self.tr("&Reason (kept for audit)"), self.reason)
        self.issue_button = QPushButton(self.tr("&Issue a second number"))
        self.issue_button.clicked.connect(self._issue)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setProperty("role", "quiet")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.signed_in)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reason.setFocus()

    def _issue(self) -> None:
        if len(self.reason.text().strip()) < MIN_REASON_CHARS:
            self.message.setText(self.tr("Type the reason for the second number (at least %1 "
                                         "characters).").replace("%1", str(MIN_REASON_CHARS)))
            self.reason.setFocus()
        else:
            self.accept()
