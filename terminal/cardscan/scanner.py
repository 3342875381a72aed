"""Scanning a card front by camera: frames are searched for a CCCD QR code until one is read or
time runs out."""

from __future__ import annotations

import logging
import time
from typing import Callable

from drivers.camera.errors import CameraError
from drivers.camera.frames import Camera
from terminal.cardscan.errors import (CardScanError, NoQrFoundError, NotCccdQrError,
                                      ScanCancelledError)
from terminal.cardscan.qr import CccdQr, find_cccd_qr
from terminal.privacy import mask_id

log = logging.getLogger(__name__)


def scan_card(camera: Camera, timeout_s: float = 10.0,
              clock: Callable[[], float] = time.monotonic,
              cancelled: Callable[[], bool] = lambda: False) -> CccdQr:
    """The first CCCD QR seen. A foreign QR in view is skipped (the card may follow); if only
    foreign ones were seen by the deadline, NotCccdQrError, if none, NoQrFoundError.
    `cancelled` is asked at every frame: once it says yes the camera is closed and
    ScanCancelledError raised, so a cancelled scan lets the camera go within a frame."""
    deadline = clock() + timeout_s
    foreign: NotCccdQrError | None = None
    try:
        camera.open()
        for frame in camera.frames():
            if cancelled():
                raise ScanCancelledError(detail="scan cancelled")
            try:
                found = find_cccd_qr(frame.image)
            except NotCccdQrError as exc:
                foreign, found = exc, None
            if found is not None:
                log.info("card QR read: ID %s", mask_id(found.id_number))
                return found
            if clock() > deadline:
                break
    except CameraError as exc:
        raise CardScanError(f"{exc.message} Receptionist, please type the card's details.",
                            detail=exc.detail) from exc
    finally:
        camera.close()
    raise foreign or NoQrFoundError(detail=f"no QR code within {timeout_s:g} s")
