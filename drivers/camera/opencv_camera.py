"""A real camera through OpenCV: device index or path, resolution and frame rate asked for, frames
stamped on capture; a camera that is unplugged is reported and reopened when it comes back."""

from __future__ import annotations

import logging
import time
from typing import Callable, Iterator

import cv2

from drivers.camera.errors import CameraLostError, CameraUnavailableError
from drivers.camera.frames import Frame

log = logging.getLogger(__name__)


def parse_device(device: str | int) -> str | int:
    """`"0"` → 0 (a device index); anything else is a path or URL, passed through."""
    text = str(device).strip()
    return int(text) if text.isdigit() else text


class OpenCvCamera:
    """Captures from an OpenCV VideoCapture.

    When reading fails (unplugged, driver reset) it logs, releases the device and tries to open
    it again every `retry_s` for up to `reopen_timeout_s`; `on_state` hears "lost" and
    "reopened" so a screen can say so. If it never comes back, CameraLostError.
    """

    def __init__(self, device: str | int = 0, width: int = 1280, height: int = 720,
                 fps: float = 15.0, *, reopen_timeout_s: float = 5.0, retry_s: float = 0.5,
                 on_state: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.device = parse_device(device)
        self.width, self.height, self.fps = width, height, fps
        self.reopen_timeout_s = reopen_timeout_s
        self.retry_s = retry_s
        self._on_state = on_state or (lambda _state: None)
        self._clock = clock
        self._capture: cv2.VideoCapture | None = None

    def _try_open(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            return None
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        capture.set(cv2.CAP_PROP_FPS, self.fps)
        return capture

    def open(self) -> None:
        if self._capture is None:
            self._capture = self._try_open()
            if self._capture is None:
                raise CameraUnavailableError(detail=f"cv2.VideoCapture({self.device!r}) did not open")

    def _reopen(self) -> None:
        """Wait for the camera to come back; raises CameraLostError when it does not in time."""
        self.close()
        log.warning("camera %r lost; trying to reopen for %g s", self.device, self.reopen_timeout_s)
        self._on_state("lost")
        deadline = self._clock() + self.reopen_timeout_s
        while self._clock() < deadline:
            self._capture = self._try_open()
            if self._capture is not None:
                log.info("camera %r reopened", self.device)
                self._on_state("reopened")
                return
            time.sleep(self.retry_s)
        raise CameraLostError(detail=f"camera {self.device!r} not back after "
                                     f"{self.reopen_timeout_s:g} s")

    def frames(self) -> Iterator[Frame]:
        self.open()
        index = 0
        while True:
            assert self._capture is not None
            ok, image = self._capture.read()
            if not ok or image is None:
                self._reopen()
                continue
            yield Frame(image, self._clock(), index)
            index += 1

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
