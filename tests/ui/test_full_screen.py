"""Full screen with no window manager (kiosk sessions often run none): under a real X server
(Xvfb) the frameless kiosk window covers the whole screen by itself, at a 4:3 panel's size and a
portrait one's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.support.repo import ROOT

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from terminal.kiosk.pin import PinGate
from terminal.kiosk.screens import IdleScreen, Language
from ui.app import build_application
from ui.console.console_view import ConsoleView
from ui.kiosk_window import KioskWindow
from ui.theme import PAPER

app, _switch = build_application(Language.VIETNAMESE)
window = KioskWindow(PinGate(""), ConsoleView(), kiosk_mode=True)
window.show_screen(IdleScreen("Phòng khám", Language.VIETNAMESE))
window.show_full_screen()

def report():
    screen = window.screen().geometry()
    shot = window.screen().grabWindow(0).toImage()  # the whole screen as X shows it
    w, h = shot.width(), shot.height()
    corners = [shot.pixelColor(x, y).name() for x, y in ((1, 1), (w - 2, 1), (1, h - 2), (w - 2, h - 2))]
    print(screen.width(), screen.height(), window.x(), window.y(), window.width(), window.height(),
          window.frameGeometry().width(), window.frameGeometry().height(),
          int(all(c == QColor(PAPER).name() for c in corners)), " ".join(corners))
    window.leave()
    app.quit()

QTimer.singleShot(1500, report)
sys.exit(app.exec())
"""


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb not installed (packaging/setup.sh)")
@pytest.mark.parametrize("width, height", [(1024, 768), (1080, 1920)])
def test_the_kiosk_window_covers_the_screen_without_a_window_manager(width, height):
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                             f"{width}x{height}x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as displayfd:
            display = displayfd.readline().strip()
        assert display, "Xvfb gave no display number"
        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb",
                   PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                              text=True, timeout=60)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert done.returncode == 0, done.stderr[-2000:]
    fields = done.stdout.split()
    screen_w, screen_h, x, y, w, h, frame_w, frame_h, covered = (int(f) for f in fields[:9])
    assert (screen_w, screen_h) == (width, height)
    assert (x, y, w, h) == (0, 0, width, height)
    assert (frame_w, frame_h) == (width, height)  # no frame: nothing outside the screen
    assert covered == 1, f"the screen's corners are not the kiosk's: {fields[9:]}"
