"""Where the terminal keeps its files on each platform (platformdirs), overridable from config."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "checkin-terminal"
APP_AUTHOR = "checkin"

#: The system-wide config on Linux (what the .deb installs and keeps across upgrades).
SYSTEM_CONFIG = Path("/etc/checkin-terminal/checkin.toml")
#: The same on Windows, under %ProgramData% (what the Inno Setup installer writes once).
WINDOWS_CONFIG_FOLDER = Path(APP_AUTHOR) / APP_NAME


def system_config_file() -> Path:
    """The system-wide config file; $CHECKIN_SYSTEM_CONFIG moves it (tests, side-by-side installs).
    On Windows: C:\\ProgramData\\checkin\\checkin-terminal\\checkin.toml."""
    if os.environ.get("CHECKIN_SYSTEM_CONFIG"):
        return Path(os.environ["CHECKIN_SYSTEM_CONFIG"])
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / WINDOWS_CONFIG_FOLDER / \
            "checkin.toml"
    return SYSTEM_CONFIG


def data_dir() -> Path:
    """The per-user data folder (queue database, ticket counters, audit photos when enabled)."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """The per-user log folder (rotating log files)."""
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def user_config_file() -> Path:
    """The per-user config file, used when present and nothing more specific is given."""
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "checkin.toml"


def bundled_font_files() -> list[Path]:
    """The fonts shipped inside the PyInstaller bundle (Noto Sans, full Vietnamese diacritics),
    for a kiosk with no fonts installed; none when running from a checkout (system fonts)."""
    bundle = getattr(sys, "_MEIPASS", None)
    return sorted((Path(bundle) / "fonts").glob("*.ttf")) if bundle else []
