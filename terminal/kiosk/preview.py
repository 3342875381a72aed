"""The camera screen's live preview: the face check's own frames, copied small and at a few frames
a second for the screen while the check goes on (one camera, one capture). The kiosk passes
`previewed(...)` to build_terminal, which wraps each face check's camera with it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import cv2

from drivers.camera.frames import Camera, Frame
from terminal.kiosk.screens import PreviewFrame

#: Preview size and rate: enough for a patient to place their face, cheap on a 2-core kiosk.
PREVIEW_WIDTH = 320
PREVIEW_FPS = 10.0


def preview_of(frame: Frame, width: int = PREVIEW_WIDTH) -> PreviewFrame:
    """The frame scaled to `width` pixels wide, as packed RGB."""
    height = max(1, round(frame.height * width / frame.width))
    small = cv2.resize(frame.image, (width, height), interpolation=cv2.INTER_AREA)
    return PreviewFrame(width, height, cv2.cvtColor(small, cv2.COLOR_BGR2RGB).tobytes())


class PreviewCamera:
    """A Camera that passes every frame on unchanged and hands `on_preview` a small copy of at
    most `fps` of them a second. `on_preview` runs on the capture thread: it must be quick."""

    def __init__(self, camera: Camera, on_preview: Callable[[PreviewFrame], None],
                 fps: float = PREVIEW_FPS, clock: Callable[[], float] = time.monotonic) -> None:
        self._camera = camera
        self._on_preview = on_preview
        self._interval_s = 1.0 / fps
        self._clock = clock

    def open(self) -> None:
        self._camera.open()

    def close(self) -> None:
        self._camera.close()

    def frames(self) -> Iterator[Frame]:
        due = 0.0
        for frame in self._camera.frames():
            now = self._clock()
            if now >= due:
                due = now + self._interval_s
                self._on_preview(preview_of(frame))
            yield frame


def previewed(on_preview: Callable[[PreviewFrame], None]) -> Callable[[Camera], Camera]:
    """build_terminal's `face_camera` for the kiosk: each face check's camera, also feeding
    `on_preview`."""
    return lambda camera: PreviewCamera(camera, on_preview)
