"""Today's check-ins that read a card, newest first, with why each review waits and what the
clinic's HIS said after delivery (columns and filters), review rows highlighted; a summary line
counts them and the attempts that never read a card; approve/reject one under review (the photos
side by side), retry a failed lookup, issue a second number (with a reason) to a patient shown
the number they held, print a slip again (a corrected one when the HIS changed the number)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from terminal.checkin.records import CheckinState, CheckinSummary, Verdict
from terminal.kiosk.console import (HisNotice, ReviewTopic, can_issue_second, can_override,
                                    can_reprint, can_retry_eligibility, his_notices,
                                    review_topics)
from terminal.kiosk.review_photos import ReviewPhotos
from ui.console.override_dialog import OverrideDialog
from ui.console.second_number_dialog import SecondNumberDialog
from ui.console.page import ConsolePage
from ui.console.table import fill_table, make_table
from ui.console.texts import (HIS_NOTICE_TEXTS, REVIEW_TOPIC_TEXTS, STATE_TEXTS,
                              card_check_text, console_text, his_notice_text, insurance_text)

# Review rows: a pale amber behind the ink (contrast 17:1), bold, so they stand out at a glance.
REVIEW_BACKGROUND = "#ffe9a8"
# The filter's choices besides the topics: every row, or every row waiting for review.
ALL, REVIEWS = "all", "reviews"


class CheckinsPage(ConsolePage):
    override_requested = Signal(str, Verdict, str, str)  # checkin id, verdict, staff, reason
    retry_requested = Signal(str)                        # checkin id
    # Deciding needs a signed-in receptionist: the console asks for the name.
    sign_in_needed = Signal()
    second_requested = Signal(str, str, str)             # checkin id, staff, reason
    reprint_requested = Signal(str)                      # checkin id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_rows: tuple[CheckinSummary, ...] = ()
        self.rows: tuple[CheckinSummary, ...] = ()  # as shown: filtered
        self.unidentified = 0
        self.staff = ""  # the receptionist signed in (ConsoleView sets it)
        # The photos of a check-in under review, if held (KioskApp sets it).
        self.photos_of: Callable[[str], ReviewPhotos | None] = lambda _checkin_id: None
        self.dialog: OverrideDialog | None = None
        self.summary = QLabel()
        self.filter = QComboBox()
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _index: self._show())
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
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.second_button)
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Today's check-ins, newest first"))
        self.override_button.setText(self.tr("&Decide review…"))
        self.override_button.setAccessibleName(self.tr("Approve or reject the selected check-in under review"))
        self.retry_button.setText(self.tr("Re&try insurance lookup"))
        self.retry_button.setAccessibleName(self.tr("Look up the selected patient's insurance again"))
        self.second_button.setText(self.tr("&Second number…"))
        self.second_button.setAccessibleName(self.tr("Issue a second number to the selected "
                                                     "patient, who was shown the one they held"))
        self.reprint_button.setText(self.tr("Re&print slip"))
        self.reprint_button.setAccessibleName(self.tr("Print the selected check-in's slip again"))
        self.filter_label.setText(self.tr("&Show"))
        self.filter.setAccessibleName(self.tr("Which check-ins to show"))
        chosen = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("All check-ins"), ALL)
        self.filter.addItem(self.tr("Waiting for review"), REVIEWS)
        for topic in ReviewTopic:
            self.filter.addItem(self.tr("Review: %1").replace(
                "%1", console_text(REVIEW_TOPIC_TEXTS, topic)), topic)
        for notice in HisNotice:
            self.filter.addItem(self.tr("Clinic system: %1").replace(
                "%1", console_text(HIS_NOTICE_TEXTS, notice)), notice)
        self.filter.setCurrentIndex(max(0, self.filter.findData(chosen)))
        self.filter.blockSignals(False)
        self._show()

    def show_rows(self, rows: tuple[CheckinSummary, ...], unidentified: int = 0) -> None:
        """Today's identified check-ins (newest first) and how many attempts read no card."""
        self.all_rows = rows
        self.unidentified = unidentified
        self._show()

    def show_only(self, choice: str | ReviewTopic | HisNotice) -> None:
        """Filter the list: ALL, REVIEWS, one ReviewTopic or one HisNotice (any state)."""
        self.filter.setCurrentIndex(self.filter.findData(choice))

    def _wanted(self, row: CheckinSummary) -> bool:
        choice = self.filter.currentData()
        if choice in (None, ALL):
            return True
        if isinstance(choice, HisNotice):
            return choice in his_notices(row)
        if row.state is not CheckinState.REVIEW:
            return False
        return choice == REVIEWS or choice in review_topics(row)

    def _show(self) -> None:
        selected = self.selected()
        self.rows = tuple(row for row in self.all_rows if self._wanted(row))
        headers = [self.tr("Time"), self.tr("Ticket"), self.tr("Patient"), self.tr("ID number"),
                   self.tr("State"), self.tr("Why review"), self.tr("Clinic system"),
                   self.tr("Insurance"), self.tr("Card check")]
        fill_table(self.table, headers, [
            [row.started_at.strftime("%H:%M"), row.ticket, row.masked_name, row.masked_id,
             console_text(STATE_TEXTS, row.state) + (self.tr(" (overridden)") if row.overridden else ""),
             ", ".join(console_text(REVIEW_TOPIC_TEXTS, t) for t in review_topics(row))
             if row.state is CheckinState.REVIEW or row.overridden else "",
             his_notice_text(row), insurance_text(row.eligibility, row.reasons),
             card_check_text(row.reasons)]
            for row in self.rows])
        self._highlight()
        self._summarise()
        if selected is not None:
            self.select_checkin(selected.checkin_id)
        self._update_buttons()

    def _highlight(self) -> None:
        background = QBrush(QColor(REVIEW_BACKGROUND))
        for index, row in enumerate(self.rows):
            if row.state is not CheckinState.REVIEW:
                continue
            for column in range(self.table.columnCount()):
                item = self.table.item(index, column)
                item.setBackground(background)
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)

    def _summarise(self) -> None:
        def count(*states: CheckinState) -> int:
            return sum(row.state in states for row in self.all_rows)

        text = (self.tr("Today: %1 checked in · %2 waiting for review · %3 rejected or failed · "
                        "%4 attempts read no card")
                .replace("%1", str(count(CheckinState.DONE)))
                .replace("%2", str(count(CheckinState.REVIEW)))
                .replace("%3", str(count(CheckinState.REJECTED, CheckinState.FAILED,
                                         CheckinState.CANCELLED)))
                .replace("%4", str(self.unidentified)))
        self.summary.setText(text)
        self.summary.setAccessibleName(text)

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
        if not self.staff:
            self.sign_in_needed.emit()
            return
        topics = ", ".join(console_text(REVIEW_TOPIC_TEXTS, t) for t in review_topics(row))
        self.dialog = OverrideDialog(row.ticket or row.masked_name, self.staff, topics,
                                     self.photos_of(row.checkin_id), self)
        self.dialog.accepted.connect(lambda: self.override_requested.emit(
            row.checkin_id, self.dialog.verdict, self.staff, self.dialog.reason.text().strip()))
        self.dialog.open()

    def close_dialogs(self) -> None:
        """The console locks: a decision half made is dropped (and its photos leave the screen)."""
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog.deleteLater()
            self.dialog = None

    def _retry(self) -> None:
        row = self.selected()
        if row is not None and can_retry_eligibility(row):
            self.retry_requested.emit(row.checkin_id)

    def open_second(self) -> None:
        row = self.selected()
        if row is None or not can_issue_second(row):
            return
        if not self.staff:
            self.sign_in_needed.emit()
            return
        self.second_dialog = dialog = SecondNumberDialog(row.ticket, self.staff, self)
        dialog.accepted.connect(lambda: self.second_requested.emit(
            row.checkin_id, dialog.staff, dialog.reason.text().strip()))
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
