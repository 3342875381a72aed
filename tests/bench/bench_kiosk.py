"""Kiosk benchmark: start-up time to the idle screen (against a bare Qt window started the same
way), and resident memory after 50 check-ins rendered through the kiosk's screens (against the
memory at idle). Run: python tests/bench/bench_kiosk.py"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5

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


def memory_after_checkins(count: int) -> tuple[float, float]:
    """RSS at idle, and after `count` check-ins' screens (reading, camera frames, result)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from terminal.kiosk.pin import PinGate
    from terminal.kiosk.screens import (CameraScreen, Guidance, HiStatus, IdleScreen, Language,
                                        NextStep, ReadingScreen, ReadStep, ResultScreen)
    from ui.app import build_application
    from ui.console.console_view import ConsoleView
    from ui.kiosk_window import KioskWindow
    from ui.screenshots import example_frame, example_snapshot
    from datetime import datetime

    build_application(Language.VIETNAMESE)
    window = KioskWindow(PinGate(""), ConsoleView(), kiosk_mode=False)
    window.resize(1920, 1080)
    window.show()
    window.show_screen(IdleScreen("Phòng khám", Language.VIETNAMESE))
    QApplication.processEvents()
    idle = rss_mib()
    frame = example_frame()
    for n in range(count):
        for step in range(10):
            window.show_screen(ReadingScreen(ReadStep.READING_PHOTO, step / 10))
            QApplication.processEvents()
        for _ in range(30):  # two seconds of preview at 15 fps
            window.show_screen(CameraScreen(Guidance.HOLD_STILL, None, None, frame))
            window.grab()
        window.show_screen(ResultScreen("Nguyễn Văn An", HiStatus.COVERED, f"A{n:03d}",
                                        NextStep.WAIT_FOR_CALL, "A"))
        window.console.show_snapshot(example_snapshot(datetime.now()))
        window.show_screen(IdleScreen("Phòng khám", Language.VIETNAMESE))
        QApplication.processEvents()
    return idle, rss_mib()


def main() -> None:
    bare, kiosk = start_up_s(BARE), start_up_s(KIOSK)
    print(f"start-up to first frame: bare Qt window {bare * 1000:.0f} ms, kiosk idle screen "
          f"{kiosk * 1000:.0f} ms, ratio {kiosk / bare:.2f}")
    idle, after = memory_after_checkins(50)
    print(f"resident memory: at idle {idle:.0f} MiB, after 50 check-ins {after:.0f} MiB, "
          f"ratio {after / idle:.2f}")


if __name__ == "__main__":
    main()
