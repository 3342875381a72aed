"""Kiosk benchmark: start-up time to the idle screen (against a bare Qt window started the same
way), and resident memory along 100 whole check-ins through the kiosk on the real workflow
(against the memory at idle): the first check-ins warm up (face models, thread pools, allocator
arenas), so what matters is whether it levels off. Run: python tests/bench/bench_kiosk.py"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
CHECKINS = 100
#: Check-ins after which resident memory is sampled.
SAMPLES = (1, 10, 25, 50, 75, 100)

BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1]); w = QLabel("idle"); w.resize(1920, 1080); w.show(); w.grab()
print(time.perf_counter())
"""

KIOSK = """
import time, sys
from terminal.kiosk.pin import PinGate
from terminal.kiosk.screens import IdleScreen, Language
from ui.app import build_application
from ui.console.console_view import ConsoleView
from ui.kiosk_window import KioskWindow
app, _ = build_application(Language.VIETNAMESE)
w = KioskWindow(PinGate(""), ConsoleView()); w.resize(1920, 1080); w.show()
w.show_screen(IdleScreen("Phòng khám", Language.VIETNAMESE)); w.grab()
print(time.perf_counter())
"""


def start_up_s(code: str) -> float:
    """Best of RUNS: from just before the interpreter starts to the first frame painted."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    best = float("inf")
    for _ in range(RUNS):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True).stdout
        best = min(best, float(out.strip().splitlines()[-1]) - t0)
    return best


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def memory_along_checkins(count: int, data_dir: Path) -> tuple[float, dict[int, float], float]:
    """RSS at idle, and after each of SAMPLES whole check-ins through the kiosk window on the
    real workflow (simulated chip in process, replay camera with the live preview, gateway and
    HIS simulators, SQLite queue and day book); also the mean seconds a check-in took."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from drivers.idcard.sim.profile import load_profile
    from drivers.sim_media import REPLAY_DIR
    from terminal.checkin.assembly import SimOptions, build_terminal
    from terminal.config import config_from_dict
    from terminal.kiosk.preview import previewed
    from terminal.kiosk.screens import Language, ResultScreen
    from ui.app import build_application
    from ui.kiosk_app import build_kiosk
    from ui.workers import EventBridge

    _, switch = build_application(Language.VIETNAMESE)
    config = config_from_dict({"paths": {"data_dir": str(data_dir)},
                               "checkin": {"access_key_timeout_s": 1.0}})
    bridge = EventBridge()
    terminal = build_terminal(config, bridge, face_camera=previewed(bridge.show_preview),
                              sim=SimOptions(profile="an",
                                             camera_source=str(REPLAY_DIR / "an" / "live.mp4")))
    kiosk = build_kiosk(terminal, bridge, switch, clinic_name="Phòng khám", pin_hash="",
                        language=Language.VIETNAMESE, kiosk_mode=False)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    kiosk.start()
    QApplication.processEvents()
    idle = rss_mib()
    key = load_profile("an").printed_access_key
    started = time.perf_counter()
    samples: dict[int, float] = {}
    try:
        for n in range(count):
            kiosk.start_typed(key)
            deadline = time.monotonic() + 30
            while not (isinstance(kiosk.window.screen_model, ResultScreen)
                       and kiosk.window.screen_model.ticket == f"A{n + 1:03d}"):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"check-in {n + 1} did not finish: {kiosk.window.screen_model}")
                QApplication.processEvents()
                time.sleep(0.005)
            if n + 1 in SAMPLES:
                samples[n + 1] = rss_mib()
    finally:
        kiosk.workflow.cancel(kiosk.run.checkin_id, "benchmark over")
        terminal.close()
    return idle, samples, (time.perf_counter() - started) / count


def main() -> None:
    bare, kiosk = start_up_s(BARE), start_up_s(KIOSK)
    print(f"start-up to first frame: bare Qt window {bare * 1000:.0f} ms, kiosk idle screen "
          f"{kiosk * 1000:.0f} ms, ratio {kiosk / bare:.2f}")
    with tempfile.TemporaryDirectory() as data_dir:
        idle, samples, mean_s = memory_along_checkins(CHECKINS, Path(data_dir))
    along = ", ".join(f"{n}: {mib:.0f}" for n, mib in samples.items())
    half, end = samples[CHECKINS // 2], samples[CHECKINS]
    print(f"resident memory (MiB) at idle {idle:.0f}, after n whole check-ins ({mean_s:.2f} s "
          f"each) {along}; ratio to idle {end / idle:.2f}; check-ins {CHECKINS // 2 + 1}-"
          f"{CHECKINS} added {end - half:.0f} MiB ({(end - half) / (CHECKINS - CHECKINS // 2):.2f} "
          f"MiB each)")


if __name__ == "__main__":
    main()
