"""Device status: reader, camera, gateway, HIS and queue, each with its last error; the gateway
lookups of the last hour (the account's quota); and the build running (version, commit, build
date) for a support call."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from terminal.operations import build_info
from terminal.checkin.records import DeviceStatus
from terminal.eligibility.lookup_cache import LookupCounts
from ui.console.page import ConsolePage
from ui.console.table import fill_table, make_table
from ui.console.texts import (DEVICE_TEXTS, HEALTH_TEXTS, console_text, device_summary_text,
                              error_text)


class DevicesPage(ConsolePage):
    # Testers only (shown when the card is simulated): place the card on the reader, or not.
    card_place_requested = Signal()
    card_remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.devices: tuple[DeviceStatus, ...] = ()
        self.lookup_counts: LookupCounts | None = None
        self.table = make_table()
        self.lookups = QLabel()
        self.lookups.setProperty("role", "note")
        self.card_placed: bool | None = None  # None: a real reader, no control
        self.card_state = QLabel()
        self.card_place, self.card_remove = QPushButton(), QPushButton()
        self.card_place.clicked.connect(self.card_place_requested)
        self.card_remove.clicked.connect(self.card_remove_requested)
        self.card_box = QWidget()
        card_row = QHBoxLayout(self.card_box)
        card_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.card_state, self.card_place, self.card_remove):
            card_row.addWidget(widget)
        card_row.addStretch(1)
        self.card_box.hide()
        # What `checkin --version` prints first: what IT reads out to support.
        self.build = QLabel(build_info.current().headline())
        self.build.setProperty("role", "note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.lookups)
        layout.addWidget(self.card_box)
        layout.addWidget(self.build)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Device status"))
        self.build.setAccessibleName(self.tr("Version"))
        self.lookups.setAccessibleName(self.tr("Gateway lookups"))
        self.card_place.setText(self.tr("Place the simulated card"))
        self.card_place.setAccessibleName(self.card_place.text())
        self.card_remove.setText(self.tr("Take the simulated card away"))
        self.card_remove.setAccessibleName(self.card_remove.text())
        self.show_simulated_card(self.card_placed)
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

    def show_simulated_card(self, placed: bool | None) -> None:
        """The tester's control of the simulated card (None: hidden, a real reader)."""
        self.card_placed = placed
        self.card_box.setVisible(placed is not None)
        self.card_state.setText(self.tr("Simulated card: on the reader") if placed
                                else self.tr("Simulated card: off the reader"))
        self.card_place.setEnabled(placed is False)
        self.card_remove.setEnabled(placed is True)

    def show_devices(self, devices: tuple[DeviceStatus, ...]) -> None:
        self.devices = devices
        headers = [self.tr("Device"), self.tr("State"), self.tr("Summary"), self.tr("Last error"),
                   self.tr("At")]
        fill_table(self.table, headers, [
            [console_text(DEVICE_TEXTS, d.device), console_text(HEALTH_TEXTS, d.health),
             device_summary_text(d), error_text(d.last_error_code),
             d.last_error_at.strftime("%H:%M:%S") if d.last_error_at else ""]
            for d in devices])
