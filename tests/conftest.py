"""Shared fixtures: every test runs with its own data and log folders, never the user's, and the
run writes nothing into the checkout (checked when the session ends)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from tests.support.repo import ROOT

# Hypothesis keeps its examples and caches beside the user's caches, not in the checkout
# (it would write .hypothesis/ into the working folder).
set_hypothesis_home_dir(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "checkin-terminal-tests" / "hypothesis")

_NOT_OURS = {".git", ".venv", "__pycache__"}
_started = time.time()


def _files_written_since(start: float) -> list[str]:
    """Files in the checkout changed since `start`, outside git's and Python's own folders."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in _NOT_OURS and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder, name)
            try:
                if path.lstat().st_mtime >= start:
                    found.append(str(path.relative_to(ROOT)))
            except FileNotFoundError:
                pass
    return sorted(found)


def pytest_sessionfinish(session, exitstatus) -> None:
    # Only a whole run speaks for the suite; a developer's edits during a partial run are theirs.
    if os.environ.get("CHECKIN_TESTS_CHECK_WRITES", "1") != "1" or session.testscollected < 100:
        return
    written = _files_written_since(_started)
    if written:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line("tests wrote into the checkout: " + ", ".join(written[:20]),
                                red=True)

# The card-stack fixtures, shared by the chip, doctor and demo tests (one pcscd per session).
from tests.support.pcscd_fixtures import card_image, pcscd, pki, serve_card  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """Point platformdirs' folders and the config lookup into the test's own tmp folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("CHECKIN_CONFIG", raising=False)
    # An installed terminal's /etc config (the .deb test keeps one, as dpkg keeps conffiles)
    # must not leak into tests of the embedded default.
    monkeypatch.setenv("CHECKIN_SYSTEM_CONFIG", str(tmp_path / "etc-checkin.toml"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
