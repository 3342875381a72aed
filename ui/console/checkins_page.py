"""Today's check-ins with their state; approve/reject one under review, retry a failed lookup,
issue a second number (with a reason) to a patient shown the number they held, print a slip
again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.checkin.records import CheckinSummary, Verdict
from terminal.kiosk.console import (can_issue_second, can_override, can_reprint,
                                    can_retry_eligibility)
from ui.console.override_dialog import OverrideDialog
from ui.console.second_number_dialog import SecondNumberDialog
from ui.console.page import ConsolePage
from ui.console.table import fill_table, make_table
from ui.console.texts import ELIGIBILITY_TEXTS, STATE_TEXTS, card_check_text, console_text


class CheckinsPage(ConsolePage):
    override_requested = Signal(str, Verdict, str, str)  # checkin id, verdict, staff, reason
    retry_requested = Signal(str)                        # checkin id
    second_requested = Signal(str, str, str)             # checkin id, staff, reason
    reprint_requested = Signal(str)                      # checkin id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[CheckinSummary, ...] = ()
        self.dialog: OverrideDialog | None = None
        self.table = make_table()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.override_button = QPushButton()
        self.override_button.clicked.connect(self.open_override)
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self._retry)
        self.second_dialog: SecondNumberDialog | None = None
        self.second_button = QPushButton()
        self.second_button.clicked.connect(self.open_second)
        self.reprint_button = QPushButton()
        self.reprint_button.clicked.connect(self._reprint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.second_button)
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Today's check-ins"))
        self.override_button.setText(self.tr("&Decide review…"))
        self.override_button.setAccessibleName(self.tr("Approve or reject the selected check-in under review"))
        self.retry_button.setText(self.tr("Re&try insurance lookup"))
        self.retry_button.setAccessibleName(self.tr("Look up the selected patient's insurance again"))
        self.second_button.setText(self.tr("&Second number…"))
        self.second_button.setAccessibleName(self.tr("Issue a second number to the selected "
                                                     "patient, who was shown the one they held"))
        self.reprint_button.setText(self.tr("Re&print slip"))
        self.reprint_button.setAccessibleName(self.tr("Print the selected check-in's slip again"))
        self.show_rows(self.rows)

    def show_rows(self, rows: tuple[CheckinSummary, ...]) -> None:
        self.rows = rows
        headers = [self.tr("Time"), self.tr("Ticket"), self.tr("Patient"), self.tr("ID number"),
                   self.tr("State"), self.tr("Insurance"), self.tr("Card check")]
        fill_table(self.table, headers, [
            [row.started_at.strftime("%H:%M"), row.ticket, row.masked_name, row.masked_id,
             console_text(STATE_TEXTS, row.state) + (self.tr(" (overridden)") if row.overridden else ""),
             console_text(ELIGIBILITY_TEXTS, row.eligibility), card_check_text(row.reasons)]
            for row in rows])
        self._update_buttons()

    def selected(self) -> CheckinSummary | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) and self.table.selectedItems() else None

    def select_checkin(self, checkin_id: str) -> None:
        for index, row in enumerate(self.rows):
            if row.checkin_id == checkin_id:
                self.table.selectRow(index)

    def open_override(self) -> None:
        row = self.selected()
        if row is None or not can_override(row):
            return
        self.dialog = OverrideDialog(row.ticket or row.masked_name, self)
        self.dialog.accepted.connect(lambda: self.override_requested.emit(
            row.checkin_id, self.dialog.verdict, self.dialog.staff.text().strip(),
            self.dialog.reason.text().strip()))
        self.dialog.open()

    def _retry(self) -> None:
        row = self.selected()
        if row is not None and can_retry_eligibility(row):
            self.retry_requested.emit(row.checkin_id)

    def open_second(self) -> None:
        row = self.selected()
        if row is None or not can_issue_second(row):
            return
        self.second_dialog = dialog = SecondNumberDialog(row.ticket, self)
        dialog.accepted.connect(lambda: self.second_requested.emit(
            row.checkin_id, dialog.staff.text().strip(), dialog.reason.text().strip()))
        dialog.open()

    def _reprint(self) -> None:
        row = self.selected()
        if row is not None and can_reprint(row):
            self.reprint_requested.emit(row.checkin_id)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.override_button.setEnabled(row is not None and can_override(row))
        self.retry_button.setEnabled(row is not None and can_retry_eligibility(row))
        self.second_button.setEnabled(row is not None and can_issue_second(row))
        self.reprint_button.setEnabled(row is not None and can_reprint(row))
