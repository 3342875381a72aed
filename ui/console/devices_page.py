"""Device status: reader, camera, gateway, HIS and queue, each with its last error; the gateway
lookups of the last hour (the account's quota); and the build running (version, commit, build
date) for a support call."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from terminal.operations import build_info
from terminal.checkin.records import DeviceStatus
from terminal.eligibility.lookup_cache import LookupCounts
from ui.console.page import ConsolePage
from ui.console.table import fill_table, make_table
from ui.console.texts import DEVICE_TEXTS, HEALTH_TEXTS, console_text


class DevicesPage(ConsolePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.devices: tuple[DeviceStatus, ...] = ()
        self.lookup_counts: LookupCounts | None = None
        self.table = make_table()
        self.lookups = QLabel()
        self.lookups.setProperty("role", "note")
        # What `checkin --version` prints first: what IT reads out to support.
        self.build = QLabel(build_info.current().headline())
        self.build.setProperty("role", "note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.lookups)
        layout.addWidget(self.build)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Device status"))
        self.build.setAccessibleName(self.tr("Version"))
        self.lookups.setAccessibleName(self.tr("Gateway lookups"))
        self.show_devices(self.devices)
        self.show_lookups(self.lookup_counts)

    def show_lookups(self, counts: LookupCounts | None) -> None:
        """The account's lookups of the last hour; the warning role near a known limit."""
        self.lookup_counts = counts
        self.lookups.setVisible(counts is not None)
        if counts is None:
            return
        text = self.tr("Gateway lookups in the last hour: %1 (%2 more answered from the cache).")
        text = text.replace("%1", str(counts.gateway_last_hour)).replace(
            "%2", str(counts.cache_last_hour))
        if counts.quota_per_hour:
            text += " " + self.tr("Limit: %1 an hour.").replace("%1", str(counts.quota_per_hour))
        self.lookups.setText(text)
        self.lookups.setProperty("role", "status-error" if counts.near_quota else "note")
        self.lookups.style().polish(self.lookups)

    def show_devices(self, devices: tuple[DeviceStatus, ...]) -> None:
        self.devices = devices
        headers = [self.tr("Device"), self.tr("State"), self.tr("Summary"), self.tr("Last error"),
                   self.tr("At")]
        fill_table(self.table, headers, [
            [console_text(DEVICE_TEXTS, d.device), console_text(HEALTH_TEXTS, d.health), d.summary,
             d.last_error, d.last_error_at.strftime("%H:%M:%S") if d.last_error_at else ""]
            for d in devices])
