"""The offline queue: online or offline, and the check-ins waiting to be delivered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from terminal.kiosk.console import ConsoleSnapshot, QueueItem
from ui.console.page import ConsolePage
from ui.console.table import fill_table, make_table
from ui.console.texts import QUEUE_KIND_TEXTS, console_text
from ui.screens.view import label


class QueuePage(ConsolePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = label(align=Qt.AlignmentFlag.AlignLeft)
        self.state.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable and read by screen readers
        self.snapshot = ConsoleSnapshot()
        self.table = make_table()
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Check-ins waiting to be sent"))
        self.show_snapshot(self.snapshot)

    def show_snapshot(self, snapshot: ConsoleSnapshot) -> None:
        self.snapshot = snapshot
        online = snapshot.online
        self.state.setProperty("role", "status-ok" if online else "status-error")
        self.state.style().polish(self.state)
        text = (self.tr("Online. %1 items waiting to be sent.") if online else
                self.tr("OFFLINE: check-ins are kept and sent when the network is back. %1 waiting."))
        self.state.setText(text.replace("%1", str(len(snapshot.queue))))
        self.state.setAccessibleName(self.state.text())
        headers = [self.tr("Ticket"), self.tr("Patient"), self.tr("What"), self.tr("Waiting since"),
                   self.tr("Tries"), self.tr("Next try"), self.tr("Last error")]
        fill_table(self.table, headers, [
            [item.ticket, item.masked_name, console_text(QUEUE_KIND_TEXTS, item.kind),
             item.enqueued_at.strftime("%H:%M:%S"), str(item.attempts), self._next_try(item),
             self.tr("The last try failed") if item.last_error else ""]
            for item in snapshot.queue])
        for row, item in enumerate(snapshot.queue):  # the sender's own words, for IT
            if item.last_error:
                self.table.item(row, len(headers) - 1).setToolTip(item.last_error)

    def _next_try(self, item: QueueItem) -> str:
        if item.given_up:
            return self.tr("Gave up after every try: call IT to send it again")
        return item.next_attempt_at.strftime("%H:%M:%S") if item.next_attempt_at else ""
