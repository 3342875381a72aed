"""Regenerate drivers/sim_media/replay/<citizen>/: live.mp4 (a synthesised blink and head turns),
still.jpg (one frame, which must fail liveness) and card-front.png (the CCCD QR).

One folder per shipped chip profile (drivers/idcard/sim/profiles/*.toml, the single source of
truth): the footage is made from the profile's `[photo] live` photo, the card front prints its
citizen fields. Deterministic: the same photos and profiles give the same frames. Run from the
repository root: `python -m tools.make_replay_media`. Developer tooling, not shipped.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from drivers.idcard.sim.profile import list_profiles, load_profile
from drivers.sim_media import REPLAY_DIR
from drivers.idcard.sim.card_front import draw_card_front, printed_card
from drivers.sim_media.replay_synth import Portrait, frame_portrait, live_sequence
from terminal.face.landmarks import FaceFinder
from terminal.face.models import load_models

REPLAY = REPLAY_DIR
FPS = 15.0


def portrait_of(photo_path: Path, finder: FaceFinder) -> Portrait:
    """The photo framed like a webcam shot, with the landmarks found in that frame."""
    photo = cv2.imread(str(photo_path))
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
    finder = FaceFinder(load_models())
    portraits: dict[Path, Portrait] = {}
    for seed, name in enumerate(list_profiles()):
        profile = load_profile(name)
        if profile.live_photo not in portraits:
            portraits[profile.live_photo] = portrait_of(profile.live_photo, finder)
        portrait = portraits[profile.live_photo]
        folder = REPLAY / name
        folder.mkdir(exist_ok=True)
        write_video(folder / "live.mp4", live_sequence(portrait, seed=seed))
        cv2.imwrite(str(folder / "still.jpg"), portrait.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        cv2.imwrite(str(folder / "card-front.png"), draw_card_front(printed_card(profile)),
                    [cv2.IMWRITE_PNG_COMPRESSION, 9])
        print(f"{name}: {folder}")


if __name__ == "__main__":
    main()
