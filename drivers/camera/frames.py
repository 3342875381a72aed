"""A captured frame and the camera seam every capture source implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol

import numpy as np


@dataclass(frozen=True)
class Frame:
    """One image from a camera: BGR pixels, a monotonic timestamp (seconds) and its capture index."""

    image: np.ndarray
    timestamp: float
    index: int

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


class Camera(Protocol):
    """A source of frames. `frames()` blocks until each frame is due and raises CameraError
    subclasses when the source fails; `close()` releases the device."""

    def open(self) -> None: ...

    def frames(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...
