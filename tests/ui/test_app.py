"""The kiosk survives the pinned PySide6's None reference leak for as long as a kiosk runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
from PySide6.QtWidgets import QLabel
from terminal.kiosk.screens import Language
from ui.app import build_application
build_application(Language.VIETNAMESE)
label = QLabel()
for _ in range(300_000):  # more void calls than None had references at start
    label.setText("x")
print("alive")
"""


def test_hundreds_of_thousands_of_qt_calls_do_not_abort_the_kiosk():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "alive" in done.stdout, done.stderr[-2000:]
