"""The receptionist console: four pages in tabs (Ctrl+1..4) and a footer to go back to the kiosk
(Esc) or close the app. It renders a ConsoleSnapshot and emits what the receptionist asks for."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from terminal.kiosk.console import ConsoleSnapshot
from ui.console.access_key_page import AccessKeyPage
from ui.console.checkins_page import CheckinsPage
from ui.console.devices_page import DevicesPage
from ui.console.page import ConsolePage
from ui.console.queue_page import QueuePage
from ui.screens.view import label


class ConsoleView(ConsolePage):
    back_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title", align=Qt.AlignmentFlag.AlignLeft)
        self.message = label("field-error", align=Qt.AlignmentFlag.AlignLeft)
        self.checkins = CheckinsPage()
        self.queue = QueuePage()
        self.devices = DevicesPage()
        self.access_key = AccessKeyPage()
        self.tabs = QTabWidget()
        for page in (self.checkins, self.queue, self.devices, self.access_key):
            self.tabs.addTab(page, "")
        for index in range(self.tabs.count()):
            QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self,
                      activated=lambda i=index: self.tabs.setCurrentIndex(i))
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.back_requested.emit)
        self.quit_button = QPushButton()
        self.quit_button.setProperty("role", "quiet")
        self.quit_button.clicked.connect(self.quit_requested)
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Receptionist console"))
        names = (self.tr("Check-ins today"), self.tr("Offline queue"), self.tr("Devices"),
                 self.tr("Type a card key"))
        for index, name in enumerate(names):
            self.tabs.setTabText(index, f"{name} ({index + 1})")
        self.tabs.setAccessibleName(self.tr("Console pages; Ctrl+1 to Ctrl+4 switch between them"))
        self.back_button.setText(self.tr("Back to the kiosk (Esc)"))
        self.back_button.setAccessibleName(self.tr("Back to the kiosk"))
        self.quit_button.setText(self.tr("Close the kiosk app"))
        self.quit_button.setAccessibleName(self.tr("Close the kiosk app"))

    def show_message(self, message: str) -> None:
        """A failed operation's plain message (from the terminal's errors), until the next refresh."""
        self.message.setText(message)
        self.message.setAccessibleName(message)

    def show_snapshot(self, snapshot: ConsoleSnapshot) -> None:
        self.message.clear()
        self.checkins.show_rows(snapshot.checkins)
        self.queue.show_snapshot(snapshot)
        self.devices.show_devices(snapshot.devices)
        self.devices.show_lookups(snapshot.gateway_lookups)
