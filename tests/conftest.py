"""Shared fixtures: every test runs with its own data and log folders, never the user's."""

from __future__ import annotations

import pytest

# The card-stack fixtures, shared by the chip, doctor and demo tests (one pcscd per session).
from tests.pcscd_fixtures import card_image, pcscd, pki, serve_card  # noqa: F401


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
