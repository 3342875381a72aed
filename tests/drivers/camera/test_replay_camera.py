"""The replay camera: images, folders and videos, looping at a frame rate; faults on demand."""

from __future__ import annotations

import itertools
import time

import cv2
import numpy as np
import pytest

from drivers.camera.errors import CameraLostError, ReplaySourceError
from drivers.camera.replay_camera import ReplayCamera, load_replay

REPLAY = "drivers/sim_media/replay"


def solid(value: int) -> np.ndarray:
    return np.full((48, 64, 3), value, np.uint8)


def test_folder_plays_in_name_order_and_loops(tmp_path):
    for i, name in enumerate(["b.png", "a.png", "c.jpg"]):
        cv2.imwrite(str(tmp_path / name), solid(40 * (i + 1)))
    (tmp_path / "notes.txt").write_text("ignored")
    frames = list(itertools.islice(ReplayCamera(tmp_path, fps=1000).frames(), 6))
    assert [f.index for f in frames] == list(range(6))
    assert [int(f.image[0, 0, 0]) for f in frames[:3]] == [80, 40, 120]
    assert np.array_equal(frames[3].image, frames[0].image)


def test_video_is_read_whole(tmp_path):
    assert len(load_replay(f"{REPLAY}/an/live.mp4")) == 28


def test_single_image_is_a_still():
    frames = list(itertools.islice(ReplayCamera(f"{REPLAY}/an/still.jpg", fps=1000).frames(), 3))
    assert all(np.array_equal(frames[0].image, f.image) for f in frames)


def test_frames_come_at_the_frame_rate():
    camera = ReplayCamera([solid(1)], fps=20)
    began = time.monotonic()
    frames = list(itertools.islice(camera.frames(), 5))
    # never ahead of the 20 fps schedule (a loaded machine may only make frames late)
    assert all(f.timestamp >= began + i / 20 for i, f in enumerate(frames))
    assert all(np.diff([f.timestamp for f in frames]) > 0)


def test_not_realtime_stamps_at_the_recorded_pace():
    frames = list(ReplayCamera([solid(1), solid(2)], fps=10, loop=False, realtime=False).frames())
    assert len(frames) == 2
    assert frames[1].timestamp - frames[0].timestamp == pytest.approx(0.1)


def test_fault_stops_mid_capture():
    camera = ReplayCamera([solid(1)], fps=1000, fail_after=3)
    seen = []
    with pytest.raises(CameraLostError) as info:
        for frame in camera.frames():
            seen.append(frame)
    assert len(seen) == 3 and info.value.message


@pytest.mark.parametrize("setup", ["missing", "empty_dir", "bad_image", "bad_video"])
def test_unreadable_sources_are_typed_errors(tmp_path, setup):
    path = {"missing": tmp_path / "nope.jpg", "empty_dir": tmp_path,
            "bad_image": tmp_path / "x.jpg", "bad_video": tmp_path / "x.mp4"}[setup]
    if setup in ("bad_image", "bad_video"):
        path.write_bytes(b"not media at all")
    with pytest.raises(ReplaySourceError):
        ReplayCamera(path).open()
