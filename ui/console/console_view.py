"""The receptionist console: four pages in tabs (Ctrl+1..4) and a footer to go back to the kiosk
(Esc) or close the app (after a confirmation). The receptionist signs in with her name once per
shift; the console locks itself (back to the kiosk, the PIN to open it again) after a while with
no touch or key. It renders a ConsoleSnapshot and emits what the receptionist asks for."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLineEdit, QMessageBox, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from terminal.kiosk.console import ConsoleSnapshot
from ui.console.access_key_page import AccessKeyPage
from ui.console.checkins_page import CheckinsPage
from ui.console.devices_page import DevicesPage
from ui.console.page import ConsolePage
from ui.console.queue_page import QueuePage
from ui.screens.view import label

# What counts as the receptionist being there: a touch, a click, a key, the wheel.
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin)
# The default of `[terminal] console_lock_s`.
LOCK_AFTER_S = 60.0


class ConsoleView(ConsolePage):
    back_requested = Signal()
    quit_requested = Signal()
    # No touch or key for `lock_after_s`: the console closes (the PIN opens it again).
    locked = Signal()

    def __init__(self, parent: QWidget | None = None, lock_after_s: float = LOCK_AFTER_S) -> None:
        super().__init__(parent)
        self.staff = ""
        self.quit_confirm: QMessageBox | None = None
        self.lock_timer = QTimer(self, singleShot=True, timeout=self.lock)
        self.lock_timer.setInterval(round(lock_after_s * 1000))
        self.title = label("title", align=Qt.AlignmentFlag.AlignLeft)
        self.message = label("field-error", align=Qt.AlignmentFlag.AlignLeft)
        self.staff_name = QLineEdit()
        self.staff_name.setMinimumWidth(360)
        self.staff_name.returnPressed.connect(self._sign_in_typed)
        self.sign_in_button = QPushButton()
        self.sign_in_button.clicked.connect(self._sign_in_typed)
        self.signed_in = label(align=Qt.AlignmentFlag.AlignLeft)
        self.sign_out_button = QPushButton()
        self.sign_out_button.setProperty("role", "quiet")
        self.sign_out_button.clicked.connect(self.sign_out)
        sign_row = QHBoxLayout()
        for widget in (self.signed_in, self.staff_name, self.sign_in_button, self.sign_out_button):
            sign_row.addWidget(widget)
        sign_row.addStretch(1)
        self.checkins = CheckinsPage()
        self.checkins.sign_in_needed.connect(self._ask_sign_in)
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
        self.quit_button.clicked.connect(self.confirm_quit)
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addLayout(sign_row)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)
        self._show_sign_in()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Receptionist console"))
        names = (self.tr("Check-ins today"), self.tr("Offline queue"), self.tr("Devices"),
                 self.tr("Type a card key"))
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
            self.tabs.setTabToolTip(index, f"Ctrl+{index + 1}")
        self.tabs.setAccessibleName(self.tr("Console pages; Ctrl+1 to Ctrl+4 switch between them"))
        self.staff_name.setPlaceholderText(self.tr("Your name or staff code"))
        self.staff_name.setAccessibleName(self.tr("Your name or staff code, once per shift"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in for this shift"))
        self.sign_out_button.setText(self.tr("Sign out"))
        self.sign_out_button.setAccessibleName(self.tr("Sign out at the end of the shift"))
        self.signed_in.setText(self.tr("Signed in: %1").replace("%1", self.staff) if self.staff
                               else self.tr("Sign in once for your shift:"))
        self.back_button.setText(self.tr("Back to the kiosk (Esc)"))
        self.back_button.setAccessibleName(self.tr("Back to the kiosk"))
        self.quit_button.setText(self.tr("Close the kiosk app"))
        self.quit_button.setAccessibleName(self.tr("Close the kiosk app"))

    # signing in ------------------------------------------------------------------------------

    def sign_in(self, name: str) -> bool:
        """Decisions are made under `name` until `sign_out` (locking keeps it: same shift)."""
        name = " ".join(name.split())
        if not name:
            self._ask_sign_in()
            return False
        self.staff = self.checkins.staff = name
        self.staff_name.clear()
        self.message.clear()
        self._show_sign_in()
        self.retranslate()
        return True

    def sign_out(self) -> None:
        self.staff = self.checkins.staff = ""
        self._show_sign_in()
        self.retranslate()

    def _sign_in_typed(self) -> None:
        self.sign_in(self.staff_name.text())

    def _ask_sign_in(self) -> None:
        self.show_message(self.tr("Sign in with your name first: decisions are kept under it."))
        self.staff_name.setFocus()

    def _show_sign_in(self) -> None:
        signed_in = bool(self.staff)
        self.staff_name.setVisible(not signed_in)
        self.sign_in_button.setVisible(not signed_in)
        self.sign_out_button.setVisible(signed_in)

    # locking and closing ---------------------------------------------------------------------

    def lock(self) -> None:
        """Close what is half done (a decision, the close question) and hand back to the kiosk."""
        self.lock_timer.stop()
        self.checkins.close_dialogs()
        if self.quit_confirm is not None:
            self.quit_confirm.reject()
        self.locked.emit()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        QApplication.instance().installEventFilter(self)
        self.lock_timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        QApplication.instance().removeEventFilter(self)
        self.lock_timer.stop()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY:
            self.lock_timer.start()  # restarts: a minute from the last touch
        return False

    def confirm_quit(self) -> None:
        """Closing the app stops check-ins: asked once more, the safe answer first."""
        box = self.quit_confirm = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Close the kiosk app?"))
        box.setText(self.tr("Close the kiosk app? Patients cannot check in until it is started "
                            "again."))
        self.keep_button = box.addButton(self.tr("Keep it running"), QMessageBox.ButtonRole.RejectRole)
        self.close_button = box.addButton(self.tr("Close the app"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(self.keep_button)
        box.finished.connect(self._quit_answered)
        box.open()

    def _quit_answered(self) -> None:
        box, self.quit_confirm = self.quit_confirm, None
        if box is None:
            return
        close = box.clickedButton() is self.close_button
        box.deleteLater()
        if close:
            self.quit_requested.emit()

    # what the console shows ------------------------------------------------------------------

    def show_message(self, message: str) -> None:
        """A failed operation's plain message (from the terminal's errors), until the next refresh."""
        self.message.setText(message)
        self.message.setAccessibleName(message)

    def show_snapshot(self, snapshot: ConsoleSnapshot) -> None:
        self.message.clear()
        self.checkins.show_rows(snapshot.checkins, snapshot.unidentified)
        self.queue.show_snapshot(snapshot)
        self.devices.show_devices(snapshot.devices)
        self.devices.show_lookups(snapshot.gateway_lookups)
