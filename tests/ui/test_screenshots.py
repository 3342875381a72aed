"""`checkin screenshots`: one PNG per screen and language, written offscreen (into
$CHECKIN_SCREENSHOTS_DIR when a tester names one, to look at)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from PySide6.QtGui import QImage

from terminal.config import Config
from terminal.kiosk.screens import KioskError
from ui.commands import screenshots


def test_screenshots_of_every_screen_in_both_languages(qapp, switch, capsys, tmp_path):
    # A tester who wants to look at them names a folder; by default they stay out of the checkout.
    ARTIFACTS = Path(os.environ.get("CHECKIN_SCREENSHOTS_DIR", tmp_path / "screenshots"))
    parser = argparse.ArgumentParser()
    screenshots.register(parser.add_subparsers())
    args = parser.parse_args(["screenshots", "--out", str(ARTIFACTS)])
    assert args.handler(args, Config()) == 0
    names = {p.name for p in ARTIFACTS.glob("*.png")}
    for language in ("vi", "en"):
        expected = {"idle", "reading", "camera", "review", "result-covered", "result-paying",
                    "console-checkins", "console-queue", "console-devices", "console-access-key",
                    *(f"error-{e.value}" for e in KioskError)}
        assert {f"{n}.{language}.png" for n in expected} <= names
    vi, en = QImage(str(ARTIFACTS / "idle.vi.png")), QImage(str(ARTIFACTS / "idle.en.png"))
    assert (vi.width(), vi.height()) == (1920, 1080)
    assert vi != en  # the texts differ
    assert "screenshots written" in capsys.readouterr().out
