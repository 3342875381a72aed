"""Synthesised camera footage of a simulated citizen, from one portrait and its 68 face landmarks:
a live sequence (a blink, then a head turn each way) made by local image warps, and a still.

The warps move pixels the way the gesture would, so the terminal's landmark-based liveness check
sees them through its real pipeline: the blink pulls the eyelid skin over the eye until the lids
meet; the turn shifts the middle of the face (nose, eyes, mouth) sideways while the outline stays,
which a tilted flat photo cannot do.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Output frame size (a 4:3 webcam) and the face's share of its width.
FRAME_SIZE = (640, 480)
FACE_FRACTION = 0.32

#: The live sequence, frame by frame: ("open", 0) | ("blink", closure 0-1) | ("turn", amount as
#: a fraction of face width, + towards the image's right). 28 frames, about 1.9 s at 15 fps.
LIVE_SCRIPT: tuple[tuple[str, float], ...] = (
    ("open", 0), ("open", 0), ("open", 0), ("open", 0),
    ("blink", 0.4), ("blink", 0.8), ("blink", 1.0), ("blink", 1.0), ("blink", 0.7), ("blink", 0.3),
    ("open", 0), ("open", 0), ("open", 0),
    ("turn", 0.08), ("turn", 0.16), ("turn", 0.24), ("turn", 0.24), ("turn", 0.16), ("turn", 0.08),
    ("turn", -0.07), ("turn", -0.14), ("turn", -0.21), ("turn", -0.21), ("turn", -0.14),
    ("turn", -0.07),
    ("open", 0), ("open", 0), ("open", 0),
)


@dataclass(frozen=True)
class Portrait:
    """A webcam-sized frame of the face and the face's 68 landmarks in it."""

    image: np.ndarray
    points: np.ndarray


def frame_portrait(photo: np.ndarray, face_box: tuple[int, int, int, int]) -> np.ndarray:
    """Crop and scale a photo so the face (left, top, right, bottom) sits centred in a 4:3 frame
    at FACE_FRACTION of its width; edges are extended where the photo ends."""
    left, top, right, bottom = face_box
    out_w, out_h = FRAME_SIZE
    crop_w = (right - left) / FACE_FRACTION
    scale = out_w / crop_w
    cx, cy = (left + right) / 2, (top + bottom) / 2
    matrix = np.array([[scale, 0, out_w / 2 - cx * scale], [0, scale, out_h / 2 - cy * scale]])
    return cv2.warpAffine(photo, matrix, FRAME_SIZE, flags=cv2.INTER_AREA,
                          borderMode=cv2.BORDER_REPLICATE)


def _grid(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:image.shape[0], 0:image.shape[1]].astype(np.float32)
    return xs, ys


def close_eyes(portrait: Portrait, closure: float) -> np.ndarray:
    """Eyelids closed by `closure` (0 open, 1 shut): rows near each eye's mid-line are fetched
    from further out, so lid skin covers the eye; a lash line darkens when nearly shut."""
    p = portrait.points
    xs, ys = _grid(portrait.image)
    map_y = ys.copy()
    for eye, brow in ((p[36:42], p[17:22]), (p[42:48], p[22:27])):
        width = float(np.linalg.norm(eye[3] - eye[0]))
        xc, yc = (eye[0] + eye[3]) / 2
        half_h = max(float(np.abs(eye[[1, 2, 4, 5], 1] - yc).max()), 0.12 * width)
        reach = min(4.0 * half_h, 0.8 * (yc - brow[:, 1].mean()))
        u = np.clip((xs - xc) / (0.65 * width), -1, 1)
        window = np.where(np.abs(u) < 1, np.sqrt(np.cos(u * np.pi / 2)), 0)
        dy = ys - yc
        inside = (np.abs(dy) < reach) & (window > 0)
        shift = np.minimum(closure * 1.2 * half_h * window, 0.9 * reach)
        fetched = yc + np.sign(dy) * (shift + np.abs(dy) * (reach - shift) / reach)
        map_y = np.where(inside, fetched, map_y).astype(np.float32)
    out = cv2.remap(portrait.image, xs, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if closure > 0.7:
        lashes = out.copy()
        for eye in (p[36:42], p[42:48]):
            yc = (eye[0, 1] + eye[3, 1]) / 2
            low = yc + 0.3 * (eye[4, 1] - yc)
            line = np.array([eye[0], [(eye[1, 0] + eye[5, 0]) / 2, low],
                             [(eye[2, 0] + eye[4, 0]) / 2, low], eye[3]], dtype=np.int32)
            cv2.polylines(lashes, [line], False, (20, 20, 25), 1, cv2.LINE_AA)
        weight = (closure - 0.7) / 0.3 * 0.6
        out = cv2.addWeighted(lashes, weight, out, 1 - weight, 0)
    return out


def turn_head(portrait: Portrait, amount: float) -> np.ndarray:
    """The middle of the face shifted sideways by `amount` × face width, fading to nothing at the
    outline, as the nose and eyes move across a turning head."""
    p = portrait.points
    xs, ys = _grid(portrait.image)
    face_w = p[16, 0] - p[0, 0]
    face_h = p[8, 1] - min(p[19, 1], p[24, 1])
    cx, cy = p[30]
    bump = np.exp(-(((xs - cx) / (0.30 * face_w)) ** 2 + ((ys - cy) / (0.5 * face_h)) ** 2) / 2)
    map_x = (xs - amount * face_w * bump).astype(np.float32)
    return cv2.remap(portrait.image, map_x, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def jitter(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Camera-like noise: a sub-pixel shake and sensor noise, so frames are never identical."""
    dx, dy = rng.uniform(-1.0, 1.0, 2)
    moved = cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]),
                           (image.shape[1], image.shape[0]), borderMode=cv2.BORDER_REPLICATE)
    noise = rng.normal(0, 2.0, image.shape)
    return np.clip(moved.astype(np.float64) + noise, 0, 255).astype(np.uint8)


def live_sequence(portrait: Portrait, seed: int = 0) -> list[np.ndarray]:
    """The frames of LIVE_SCRIPT for this portrait; the same seed gives the same frames."""
    rng = np.random.default_rng(seed)
    frames = []
    for action, amount in LIVE_SCRIPT:
        if action == "blink":
            image = close_eyes(portrait, amount)
        elif action == "turn":
            image = turn_head(portrait, amount)
        else:
            image = portrait.image
        frames.append(jitter(image, rng))
    return frames
