"""Device status: reader, camera, gateway, HIS and queue, each with its last error; and the
build running (version, commit, build date) for a support call."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from terminal.operations import build_info
from terminal.checkin.records import DeviceStatus
from ui.console.page import ConsolePage
from ui.console.table import fill_table, make_table
from ui.console.texts import DEVICE_TEXTS, HEALTH_TEXTS, console_text


class DevicesPage(ConsolePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.devices: tuple[DeviceStatus, ...] = ()
        self.table = make_table()
        # What `checkin --version` prints first: what IT reads out to support.
        self.build = QLabel(build_info.current().headline())
        self.build.setProperty("role", "note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.build)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Device status"))
        self.build.setAccessibleName(self.tr("Version"))
        self.show_devices(self.devices)

    def show_devices(self, devices: tuple[DeviceStatus, ...]) -> None:
        self.devices = devices
        headers = [self.tr("Device"), self.tr("State"), self.tr("Summary"), self.tr("Last error"),
                   self.tr("At")]
        fill_table(self.table, headers, [
            [console_text(DEVICE_TEXTS, d.device), console_text(HEALTH_TEXTS, d.health), d.summary,
             d.last_error, d.last_error_at.strftime("%H:%M:%S") if d.last_error_at else ""]
            for d in devices])
