"""Deciding a check-in sent to review: approve or reject, by whom and why (kept for audit)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from terminal.checkin.records import Verdict
from ui.screens.view import label

MIN_REASON_CHARS = 5


class OverrideDialog(QDialog):
    """Accepted with `verdict`, `staff` and `reason` filled; both texts are required."""

    def __init__(self, ticket_or_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict: Verdict | None = None
        self.setWindowTitle(self.tr("Decide a check-in under review"))
        self.heading = label("subtitle")
        self.heading.setText(self.tr("Check-in of %1: compare the face with the card, then decide.")
                             .replace("%1", ticket_or_name))
        self.staff = QLineEdit()
        self.staff.setAccessibleName(self.tr("Your name or staff code"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason (kept for audit)"))
        self.message = label("field-error")
        form = QFormLayout()
        form.addRow(self.tr("&Your name or staff code"), self.staff)
        form.addRow(self.tr("&Reason (kept for audit)"), self.reason)
        self.approve_button = approve = QPushButton(self.tr("&Approve"))
        approve.setAccessibleName(self.tr("Approve the check-in"))
        approve.clicked.connect(lambda: self._decide(Verdict.ACCEPT))
        reject = QPushButton(self.tr("Re&ject"))
        reject.setAccessibleName(self.tr("Reject the check-in"))
        reject.clicked.connect(lambda: self._decide(Verdict.REJECT))
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setProperty("role", "quiet")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (approve, reject, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.staff.setFocus()

    def _decide(self, verdict: Verdict) -> None:
        if not self.staff.text().strip():
            self.message.setText(self.tr("Type your name or staff code."))
            self.staff.setFocus()
        elif len(self.reason.text().strip()) < MIN_REASON_CHARS:
            self.message.setText(self.tr("Type the reason for your decision (at least %1 characters).")
                                 .replace("%1", str(MIN_REASON_CHARS)))
            self.reason.setFocus()
        else:
            self.verdict = verdict
            self.accept()
