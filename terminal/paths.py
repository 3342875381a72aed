"""Where the terminal keeps its files on each platform (platformdirs), overridable from config."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "checkin-terminal"
APP_AUTHOR = "checkin"

#: The system-wide config (what the .deb installs and keeps across upgrades).
SYSTEM_CONFIG = Path("/etc/checkin-terminal/checkin.toml")


def system_config_file() -> Path:
    """The system-wide config file; $CHECKIN_SYSTEM_CONFIG moves it (tests, side-by-side installs)."""
    return Path(os.environ.get("CHECKIN_SYSTEM_CONFIG") or SYSTEM_CONFIG)


def data_dir() -> Path:
    """The per-user data folder (queue database, ticket counters, audit photos when enabled)."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """The per-user log folder (rotating log files)."""
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def user_config_file() -> Path:
    """The per-user config file, used when present and nothing more specific is given."""
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "checkin.toml"
