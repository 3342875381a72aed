"""The OpenCV camera, driven with a video file as its device (OpenCV opens paths the same way):
no device, frames stamped, and a device that goes away and comes back."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from drivers.camera.errors import CameraLostError, CameraUnavailableError
from drivers.camera.opencv_camera import OpenCvCamera, parse_device

VIDEO = "drivers/sim_media/replay/chi/live.mp4"


def test_parse_device():
    assert parse_device("0") == 0 and parse_device(" 2 ") == 2
    assert parse_device("/dev/video0") == "/dev/video0"


def test_no_camera_is_reported(tmp_path):
    with pytest.raises(CameraUnavailableError) as info:
        OpenCvCamera(str(tmp_path / "video9")).open()
    assert "No camera" in info.value.message


def test_frames_are_stamped_in_order(tmp_path):
    camera = OpenCvCamera(VIDEO, 640, 480, 15)
    frames = []
    for frame in camera.frames():
        frames.append(frame)
        if len(frames) == 5:
            break
    camera.close()
    assert [f.index for f in frames] == list(range(5))
    assert all(b.timestamp >= a.timestamp for a, b in zip(frames, frames[1:]))
    assert frames[0].image.shape == (480, 640, 3)


def test_unplugged_camera_is_reopened_when_it_comes_back(tmp_path):
    device = tmp_path / "video0.mp4"
    shutil.copy(VIDEO, device)
    states: list[str] = []
    camera = OpenCvCamera(str(device), reopen_timeout_s=5, retry_s=0.05, on_state=states.append)
    frames = camera.frames()
    next(frames)
    device.rename(tmp_path / "away.mp4")  # unplugged: at the end of the file the read fails
    threading.Timer(0.3, lambda: (tmp_path / "away.mp4").rename(device)).start()
    began = time.monotonic()
    count = sum(1 for _ in zip(range(40), frames))  # past the end of the 28-frame file
    camera.close()
    assert count == 40
    assert states[:2] == ["lost", "reopened"]
    assert time.monotonic() - began >= 0.25


def test_camera_that_never_comes_back_is_lost(tmp_path):
    device = tmp_path / "video0.mp4"
    shutil.copy(VIDEO, device)
    camera = OpenCvCamera(str(device), reopen_timeout_s=0.3, retry_s=0.05)
    frames = camera.frames()
    next(frames)
    device.unlink()
    with pytest.raises(CameraLostError):
        for _ in frames:
            pass
