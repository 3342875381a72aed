"""What build of the terminal is running: version, commit, build date and the stack's versions.

`checkin --version`, `checkin doctor` and the receptionist console all show this. A bundle built
by packaging/build_bundle.sh carries a stamp file (terminal/operations/build_stamp.json) with the commit and
build date; a source checkout asks git and has no build date.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from terminal import __version__

#: Where the build script writes the stamp, inside the terminal package of the bundle.
STAMP_FILE = Path(__file__).with_name("build_stamp.json")

#: The parts of the stack a support ticket needs to know, as (label, distribution name).
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("Qt (PySide6)", "PySide6-Essentials"),
    ("dlib", "dlib-bin"),
    ("OpenCV", "opencv-python-headless"),
    ("face_recognition", "face_recognition"),
    ("numpy", "numpy"),
    ("pyscard", "pyscard"),
    ("cryptography", "cryptography"),
)


@dataclass(frozen=True)
class BuildInfo:
    """The running build, for screens and support tickets (no secrets, nothing personal)."""

    version: str
    commit: str
    build_date: str
    frozen: bool
    python: str
    platform: str
    components: tuple[tuple[str, str], ...]

    def headline(self) -> str:
        """One line: `checkin 0.1.0 (abc1234, built 2026-11-02 10:00 UTC)`."""
        built = f"built {self.build_date}" if self.build_date else "source checkout"
        return f"checkin {self.version} ({self.commit}, {built})"

    def lines(self) -> list[str]:
        """The headline, then one `label: version` line per part of the stack."""
        kind = "bundle" if self.frozen else "source checkout"
        rows = [self.headline(), f"Python: {self.python} ({kind})", f"Platform: {self.platform}"]
        rows += [f"{label}: {version}" for label, version in self.components]
        return rows

    def as_dict(self) -> dict:
        return {"version": self.version, "commit": self.commit, "build_date": self.build_date,
                "frozen": self.frozen, "python": self.python, "platform": self.platform,
                "components": dict(self.components)}


def make_stamp(commit: str, when: datetime | None = None) -> dict:
    """The stamp the build script embeds in a bundle."""
    when = when or datetime.now(timezone.utc)
    return {"version": __version__, "commit": commit,
            "build_date": when.strftime("%Y-%m-%d %H:%M UTC")}


def git_commit(root: Path) -> str:
    """The short commit of a git checkout at `root` (with `+dirty` when changed), else `unknown`."""
    try:
        done = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty=+dirty",
                               "--abbrev=10"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def _component_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _read_stamp() -> dict:
    try:
        stamp = json.loads(STAMP_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


@lru_cache(maxsize=1)
def current() -> BuildInfo:
    """The running build; the console calls this once and shows `lines()`."""
    stamp = _read_stamp()
    frozen = bool(getattr(sys, "frozen", False))
    commit = str(stamp.get("commit") or git_commit(Path(__file__).resolve().parents[2]))
    build_date = str(stamp.get("build_date") or "")
    return BuildInfo(
        version=__version__, commit=commit, build_date=build_date, frozen=frozen,
        python=platform.python_version(),
        platform=f"{platform.system()} {platform.release()} {platform.machine()}",
        components=tuple((label, _component_version(dist)) for label, dist in COMPONENTS),
    )
