"""The access-key seam over terminal/cardscan: the QR code on the card's front, read by the camera."""

from __future__ import annotations

from collections.abc import Callable

from drivers.camera.frames import Camera
from drivers.idcard.access_key import AccessKey
from terminal.cardscan.scanner import scan_card
from terminal.checkin.parts import Cancelled


class CameraKeyScanner:
    def __init__(self, camera: Callable[[], Camera]) -> None:
        self.camera = camera

    def scan(self, timeout_s: float, cancelled: Cancelled) -> AccessKey:
        """The key derived from the QR (ID number, birth date, expiry by the renewal-age rule).
        A cancelled check-in ends the scan within a frame (ScanCancelledError), so the camera is
        free for the next one."""
        return scan_card(self.camera(), timeout_s, cancelled=cancelled).access_key()
