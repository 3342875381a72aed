"""`checkin screenshots`: one PNG per screen and language, written offscreen (into
$CHECKIN_SCREENSHOTS_DIR when a tester names one, to look at)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
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
        expected = {"idle", "idle-card", "idle-larger-text", "idle-keypad", "reading", "camera",
                    "camera-hold-still", "review", "review-name-hidden", "result-covered",
                    "result-paying",
                    "console-checkins", "console-queue", "console-devices", "console-access-key",
                    *(f"error-{e.value}" for e in KioskError)}
        assert {f"{n}.{language}.png" for n in expected} <= names
    vi, en = QImage(str(ARTIFACTS / "idle.vi.png")), QImage(str(ARTIFACTS / "idle.en.png"))
    assert (vi.width(), vi.height()) == (1920, 1080)
    assert vi != en  # the texts differ
    assert "screenshots written" in capsys.readouterr().out


def test_screenshots_at_a_4_3_panel_and_full_hd_in_one_language(qapp, switch, tmp_path):
    parser = argparse.ArgumentParser()
    screenshots.register(parser.add_subparsers())
    out = Path(os.environ.get("CHECKIN_SCREENSHOTS_DIR", tmp_path / "screenshots")) / "sizes"
    args = parser.parse_args(["screenshots", "--out", str(out), "--size", "1024x768",
                              "--size", "1920x1080", "--lang", "vi"])
    assert args.handler(args, Config()) == 0
    for width, height in ((1024, 768), (1920, 1080)):
        folder = out / f"{width}x{height}"
        names = {p.name for p in folder.glob("*.png")}
        assert {"idle.vi.png", "idle-card.vi.png", "camera.vi.png", "review.vi.png",
                "result-covered.vi.png", "error-staff_rejected.vi.png"} <= names
        assert not any(name.endswith(".en.png") for name in names)
        shot = QImage(str(folder / "result-covered.vi.png"))
        assert (shot.width(), shot.height()) == (width, height)


def test_a_size_that_is_not_w_x_h_is_refused():
    parser = argparse.ArgumentParser()
    screenshots.register(parser.add_subparsers())
    for bad in ("1024", "1024x", "axb", "10x10"):
        with pytest.raises(SystemExit):
            parser.parse_args(["screenshots", "--out", "x", "--size", bad])
