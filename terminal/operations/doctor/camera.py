"""Doctor's camera check: the camera opens and gives frames (or the replay plays)."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from drivers.camera.errors import CameraError, CameraLostError, ReplaySourceError
from drivers.camera.frames import Camera
from drivers.camera.opencv_camera import parse_device
from terminal.config import Config
from terminal.devices import open_camera, replay_source
from terminal.operations.doctor.result import CheckResult

PART = "camera"
#: A camera that opens but stalls after its first frame is as broken as one that does not open.
FRAMES = 3


def _open(config: Config) -> tuple[str, Camera]:
    if config.camera.kind == "replay":
        # As the kiosk plays it: camera.replay, else the simulated citizen's clip.
        return f"replay {replay_source(config)}", open_camera(config, realtime=False)
    device = parse_device(config.camera.device)
    if isinstance(device, str) and device.startswith("/dev/") and not Path(device).exists():
        raise FileNotFoundError(device)
    return f"camera {device}", open_camera(config, reopen_timeout_s=0)


def _what_failed(exc: CameraError) -> str:
    if isinstance(exc, ReplaySourceError):
        return exc.message  # names the replay path
    if isinstance(exc, CameraLostError):
        return "opened but stopped giving frames"
    return "cannot be opened (absent, busy, or not allowed)"


def check_camera(config: Config) -> CheckResult:
    try:
        label, camera = _open(config)
    except FileNotFoundError as exc:
        return CheckResult.failed(
            PART, f"no camera at {exc.args[0]}",
            "Plug the camera in, or set camera.device to one that exists (`ls /dev/video*`).")
    try:
        frames = list(islice(camera.frames(), FRAMES))
    except CameraError as exc:
        return CheckResult.failed(
            PART, f"{label}: {_what_failed(exc)}",
            "Check the camera's cable and that no other program uses it; on Linux the kiosk "
            "user must be in the `video` group, on Windows camera access must be allowed for "
            "desktop apps (Settings > Privacy > Camera).", exc.detail)
    finally:
        camera.close()
    last = frames[-1]
    return CheckResult.passed(PART, f"{label} gives frames ({last.width}x{last.height})")
