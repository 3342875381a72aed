"""Regenerate drivers/sim_media/replay/<citizen>/: live.mp4 (a synthesised blink and head turns),
still.jpg (one frame, which must fail liveness) and card-front.png (the CCCD QR).

Deterministic: the same photos and citizens.toml give the same frames. Run from the repository
root: `python -m tools.make_replay_media`. Developer tooling, not shipped.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import cv2
import numpy as np

from drivers.sim_media.card_front import PrintedCard, draw_card_front
from drivers.sim_media.replay_synth import Portrait, frame_portrait, live_sequence
from terminal.face.landmarks import FaceFinder
from terminal.face.models import load_models

MEDIA = Path(__file__).resolve().parents[1] / "drivers" / "sim_media"
REPLAY = MEDIA / "replay"
FPS = 15.0


def portrait_of(photo_name: str, finder: FaceFinder) -> Portrait:
    """The photo framed like a webcam shot, with the landmarks found in that frame."""
    photo = cv2.imread(str(MEDIA / "faces" / photo_name))
    gray = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    box = finder.find(gray, upsample=1)[0]  # largest: collins.jpg has a small false hit below
    frame = frame_portrait(photo, (box.left, box.top, box.right, box.bottom))
    frame_gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    landmarks = finder.landmarks(frame_gray, finder.find(frame_gray)[0])
    return Portrait(frame, landmarks.points)


def write_video(path: Path, frames: list[np.ndarray]) -> None:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (width, height))
    for frame in frames:
        writer.write(frame)
    writer.release()


def main() -> None:
    citizens = tomllib.loads((REPLAY / "citizens.toml").read_text(encoding="utf-8"))
    finder = FaceFinder(load_models())
    portraits: dict[str, Portrait] = {}
    for seed, (citizen, fields) in enumerate(sorted(citizens.items())):
        photo = fields.pop("live_photo")
        portrait = portraits.setdefault(photo, portrait_of(photo, finder))
        folder = REPLAY / citizen
        folder.mkdir(exist_ok=True)
        write_video(folder / "live.mp4", live_sequence(portrait, seed=seed))
        cv2.imwrite(str(folder / "still.jpg"), portrait.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        cv2.imwrite(str(folder / "card-front.png"), draw_card_front(PrintedCard(**fields)))
        print(f"{citizen}: {folder}")


if __name__ == "__main__":
    main()
