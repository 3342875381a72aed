"""The shipped face material (portraits, replays) and what face tests make of it."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from terminal.config import FaceSection
from terminal.face.landmarks import FaceFinder
from terminal.face.verifier import FaceVerifier
from tests.support.repo import ROOT

MEDIA = ROOT / "drivers" / "sim_media"
FACES = MEDIA / "faces"
REPLAY = MEDIA / "replay"


def dg2_photo(finder: FaceFinder, name: str, fmt: str = "JPEG", size: int = 240,
              mode: str = "RGB") -> bytes:
    """A passport-style crop of a shipped portrait (face and shoulders), as a chip would hold."""
    image = cv2.imread(str(FACES / name))
    box = finder.find(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), upsample=1)[0]
    cx, cy, half = (box.left + box.right) // 2, (box.top + box.bottom) // 2, box.width
    crop = image[max(0, cy - half):cy + half + half // 3, max(0, cx - half):cx + half]
    rgb = Image.fromarray(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB)).convert(mode)
    rgb.thumbnail((size, size * 2))
    out = io.BytesIO()
    rgb.save(out, format=fmt)
    return out.getvalue()


def make_verifier(audit_dir: Path | None = None, **changes) -> FaceVerifier:
    return FaceVerifier(dataclasses.replace(FaceSection(), **changes), audit_dir=audit_dir)


def on_canvas(image: np.ndarray, scale: float, size=(640, 480)) -> np.ndarray:
    """The image scaled by `scale` and centred on a grey canvas of `size` (a face near or far)."""
    scaled = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    canvas = np.full((size[1], size[0], 3), 128, np.uint8)
    h, w = scaled.shape[:2]
    y0, x0 = (size[1] - h) // 2, (size[0] - w) // 2
    ys, xs = max(0, -y0), max(0, -x0)
    canvas[max(0, y0):max(0, y0) + min(h, size[1]), max(0, x0):max(0, x0) + min(w, size[0])] = \
        scaled[ys:ys + min(h, size[1]), xs:xs + min(w, size[0])]
    return canvas
