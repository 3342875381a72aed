"""Doctor's disk check: room left where the queue and the logs are written."""

from __future__ import annotations

import shutil
from pathlib import Path

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult

PART = "disk"
#: Below this, a full disk is hours away on a busy day (queue, logs, audit photos).
MIN_FREE_BYTES = 500 * 1024 * 1024


def _existing(path: Path) -> Path:
    """The folder itself, or its nearest parent that exists (folders are made on first use)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def _gb(size: int) -> str:
    return f"{size / 1024 ** 3:.1f} GB"


def check_disk(config: Config) -> CheckResult:
    places = {"data": config.queue_path.parent, "logs": config.log_dir}
    free = {name: shutil.disk_usage(_existing(path)).free for name, path in places.items()}
    summary = ", ".join(f"{_gb(size)} free for {name} ({places[name]})" for name, size in free.items())
    short = [name for name, size in free.items() if size < MIN_FREE_BYTES]
    if short:
        where = " and ".join(str(places[name]) for name in short)
        return CheckResult.failed(
            PART, f"disk almost full: {summary}",
            f"Free space on the disk holding {where} (at least {_gb(MIN_FREE_BYTES)}), or point "
            f"paths.data_dir / logging.dir at a bigger disk.")
    return CheckResult.passed(PART, summary)
