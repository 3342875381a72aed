"""The chip photo and the live photo of check-ins waiting for review, side by side for the
receptionist who decides: held in memory only, for the few check-ins under review, and let go when
decided (audit photos on disk are the face check's, `face.audit_photos`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import cv2

from terminal.face.errors import FaceError
from terminal.face.reference import decode_photo
from terminal.kiosk.screens import PreviewFrame

#: Check-ins whose photos are held at most (the oldest go first): a desk rarely has more waiting.
KEEP_REVIEWS = 12
#: The chip photo is scaled to this height for the dialog (the live one is the 320 px preview).
PHOTO_HEIGHT = 320


@dataclass(frozen=True)
class ReviewPhotos:
    """What the receptionist compares; either may be missing (no face seen, photo unreadable)."""

    chip: PreviewFrame | None = field(default=None, repr=False)
    live: PreviewFrame | None = field(default=None, repr=False)


@dataclass
class _Held:
    chip: bytes | None = None
    live: PreviewFrame | None = None


class ReviewPhotoDesk:
    """Notes each check-in's chip photo and last live frame while it runs (`chip_photo`,
    `live_frame`); `finished(id, review)` keeps them only for a check-in left for review;
    `photos(id)` gives them decoded; `forget(id)` once decided. Thread-safe."""

    def __init__(self, keep: int = KEEP_REVIEWS) -> None:
        self._keep = keep
        self._lock = threading.Lock()
        self._running: dict[str, _Held] = {}
        self._reviews: OrderedDict[str, _Held] = OrderedDict()

    def chip_photo(self, checkin_id: str, data: bytes) -> None:
        with self._lock:
            self._running.setdefault(checkin_id, _Held()).chip = data

    def live_frame(self, checkin_id: str, frame: PreviewFrame) -> None:
        with self._lock:
            self._running.setdefault(checkin_id, _Held()).live = frame

    def finished(self, checkin_id: str, review: bool) -> None:
        with self._lock:
            held = self._running.pop(checkin_id, None)
            if not review or held is None:
                return
            self._reviews[checkin_id] = held
            while len(self._reviews) > self._keep:
                self._reviews.popitem(last=False)

    def forget(self, checkin_id: str) -> None:
        with self._lock:
            self._reviews.pop(checkin_id, None)
            self._running.pop(checkin_id, None)

    def held(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._reviews)

    def photos(self, checkin_id: str) -> ReviewPhotos | None:
        """The photos of a check-in under review (None: none held)."""
        with self._lock:
            held = self._reviews.get(checkin_id)
        if held is None:
            return None
        return ReviewPhotos(_chip_frame(held.chip) if held.chip else None, held.live)


def _chip_frame(data: bytes) -> PreviewFrame | None:
    """The chip's JPEG or JPEG 2000 photo as packed RGB of PHOTO_HEIGHT (None: unreadable)."""
    try:
        rgb, _grey = decode_photo(data)
    except FaceError:
        return None
    height, width = rgb.shape[:2]
    scaled_width = max(1, round(width * PHOTO_HEIGHT / height))
    small = cv2.resize(rgb, (scaled_width, PHOTO_HEIGHT), interpolation=cv2.INTER_AREA)
    return PreviewFrame(scaled_width, PHOTO_HEIGHT, small.tobytes())
