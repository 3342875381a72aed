"""A camera that plays recorded material in a loop at a set frame rate: one image (a still), a
folder of images (in name order) or a video file. For testers, tests and the demo."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable, Iterator, Sequence

import cv2
import numpy as np

from drivers.camera.errors import CameraLostError, ReplaySourceError
from drivers.camera.frames import Frame

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".jp2")
VIDEO_SUFFIXES = (".mp4", ".avi", ".mkv", ".mov", ".webm")
#: Replay material is held in memory; this bounds it (a minute at 15 fps).
MAX_FRAMES = 900


def _read_image(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ReplaySourceError(f"The replay image {path.name} cannot be read.",
                                detail=f"cv2.imread failed on {path}")
    return image


def _read_video(path: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    images: list[np.ndarray] = []
    try:
        while len(images) < MAX_FRAMES:
            ok, image = capture.read()
            if not ok:
                break
            images.append(image)
    finally:
        capture.release()
    if not images:
        raise ReplaySourceError(f"The replay video {path.name} holds no readable frame.",
                                detail=f"cv2.VideoCapture read nothing from {path}")
    return images


def load_replay(path: str | Path) -> list[np.ndarray]:
    """The frames of an image file, a folder of images or a video file, in play order."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise ReplaySourceError(f"The replay folder {path.name} holds no image.",
                                    detail=f"no {', '.join(IMAGE_SUFFIXES)} file in {path}")
        return [_read_image(p) for p in files[:MAX_FRAMES]]
    if not path.is_file():
        what = "is not a regular file (a device or a pipe)" if path.exists() else "does not exist"
        raise ReplaySourceError(f"The replay path {path} {what}.", detail=str(path))
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return _read_video(path)
    return [_read_image(path)]


class ReplayCamera:
    """Plays frames in a loop at `fps`, each stamped when it is delivered.

    `fail_after` makes it stop with CameraLostError after that many frames, as an unplugged
    camera would; `realtime=False` delivers frames as fast as they are asked for (timestamps then
    still advance by 1/fps, so time-based checks see the recorded pace).
    """

    def __init__(self, source: str | Path | Sequence[np.ndarray], fps: float = 15.0, *,
                 loop: bool = True, fail_after: int | None = None, realtime: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._source = source
        self.fps = fps
        self.loop = loop
        self.fail_after = fail_after
        self.realtime = realtime
        self._clock = clock
        self._images: list[np.ndarray] | None = None

    def open(self) -> None:
        if self._images is None:
            if isinstance(self._source, (str, Path)):
                self._images = load_replay(self._source)
            else:
                self._images = list(self._source)
                if not self._images:
                    raise ReplaySourceError("The replay holds no frame.", detail="empty sequence")
            log.info("replay camera: %d frame(s) at %g fps", len(self._images), self.fps)

    def frames(self) -> Iterator[Frame]:
        self.open()
        assert self._images is not None
        start = self._clock()
        index = 0
        while self.loop or index < len(self._images):
            if self.fail_after is not None and index >= self.fail_after:
                raise CameraLostError(detail=f"replay cut after {index} frames (fault injection)")
            due = start + index / self.fps
            if self.realtime:
                delay = due - self._clock()
                if delay > 0:
                    time.sleep(delay)
                stamp = self._clock()
            else:
                stamp = due
            yield Frame(self._images[index % len(self._images)], stamp, index)
            index += 1

    def close(self) -> None:
        self._images = None if isinstance(self._source, (str, Path)) else self._images
