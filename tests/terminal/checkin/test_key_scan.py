"""The QR key scanner over the real replay camera: it reads the card front's key, and a cancelled
check-in stops its scan (and lets the camera go) within a frame instead of at the timeout."""

from __future__ import annotations

import threading

import pytest

from drivers.camera.replay_camera import ReplayCamera
from drivers.idcard.sim.profile import load_profile
from terminal.cardscan.errors import ScanCancelledError
from drivers.sim_media import REPLAY_DIR
from terminal.checkin.key_scan import CameraKeyScanner

TIMEOUT_S = 30.0


def test_the_card_front_gives_the_chip_key():
    scanner = CameraKeyScanner(lambda: ReplayCamera(REPLAY_DIR / "an" / "card-front.png"))
    assert scanner.scan(TIMEOUT_S, lambda: False) == load_profile("an").printed_access_key


def test_a_cancelled_scan_stops_long_before_its_timeout():
    # a face in front of the camera, no QR code: left alone the scan would wait TIMEOUT_S
    scanner = CameraKeyScanner(lambda: ReplayCamera(REPLAY_DIR / "an" / "live.mp4"))
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def scan() -> None:
        try:
            scanner.scan(TIMEOUT_S, cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - the test looks at what ended it
            outcome.append(exc)

    thread = threading.Thread(target=scan, daemon=True)
    thread.start()
    thread.join(1.0)
    assert thread.is_alive() and outcome == []  # still scanning frames before the cancel
    cancel.set()
    thread.join(TIMEOUT_S / 2)  # generous for a loaded machine, yet well before the timeout
    assert not thread.is_alive(), "the scan went on after its check-in was cancelled"
    assert len(outcome) == 1 and isinstance(outcome[0], ScanCancelledError)


def test_a_scan_cancelled_before_it_starts_reads_no_key():
    # the card's QR is in view from the first frame, but the check-in is already cancelled
    scanner = CameraKeyScanner(lambda: ReplayCamera(REPLAY_DIR / "an" / "card-front.png"))
    with pytest.raises(ScanCancelledError):
        scanner.scan(TIMEOUT_S, lambda: True)
