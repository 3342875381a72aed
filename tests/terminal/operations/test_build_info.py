"""Version and build information: what `checkin --version` and the console show."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from terminal import __version__
from terminal.operations import build_info
from terminal.operations.build_info import BuildInfo
from tests.support.repo import ROOT



def test_version_flag_prints_version_commit_and_stack():
    done = subprocess.run([sys.executable, "-m", "terminal", "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    commit = build_info.git_commit(ROOT)
    assert lines[0] == f"checkin {__version__} ({commit}, source checkout)"
    labels = {line.split(":")[0] for line in lines[1:]}
    assert {"Python", "Qt (PySide6)", "dlib", "OpenCV"} <= labels
    assert "not installed" not in done.stdout


def test_stamp_of_a_bundle_is_shown(tmp_path):
    stamp = build_info.make_stamp("abc1234567", datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc))
    assert stamp == {"version": __version__, "commit": "abc1234567",
                     "build_date": "2026-11-02 09:30 UTC"}
    info = BuildInfo(version=stamp["version"], commit=stamp["commit"],
                     build_date=stamp["build_date"], frozen=True, python="3.11.7",
                     platform="Linux", components=(("dlib", "20.0"),))
    assert info.lines() == [f"checkin {__version__} (abc1234567, built 2026-11-02 09:30 UTC)",
                            "Python: 3.11.7 (bundle)", "Platform: Linux", "dlib: 20.0"]
    assert json.loads(json.dumps(info.as_dict()))["components"] == {"dlib": "20.0"}


def test_git_commit_outside_a_checkout_is_unknown(tmp_path):
    assert build_info.git_commit(tmp_path) == "unknown"
