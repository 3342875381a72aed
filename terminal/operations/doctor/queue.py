"""Doctor's queue check: the outbox file is sound, and nothing is stuck in it (size, oldest
waiting item, dead letters). The integrity check is read-only: the doctor never moves a file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from offline_cache.errors import OutboxError
from terminal.config import Config
from terminal.delivery.service import open_outbox
from terminal.operations.doctor.result import CheckResult

PART = "queue"
#: A check-in waiting longer than this means the HIS has not been taking them.
MAX_OLDEST_S = 3600.0


def damage_of(path: Path) -> str:
    """SQLite's own verdict on the file, opened read-only: "" when sound."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=5)) as conn:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "" if rows == ["ok"] else "; ".join(rows[:3])


def _age(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def check_queue(config: Config) -> CheckResult:
    path = config.queue_path
    if not path.exists():
        return CheckResult.passed(PART, f"no queue yet at {path} (made at the first check-in)")
    if damage := damage_of(path):
        return CheckResult.failed(
            PART, f"the queue file {path} is damaged ({damage})",
            "Send a support bundle, then restart the kiosk: it sets the damaged file aside "
            "(kept as outbox.sqlite3.corrupt-DATE for support; check-ins in it are not sent) and "
            "starts an empty queue.", damage)
    try:
        with open_outbox(config) as outbox:
            stats = outbox.stats()
    except OutboxError as exc:
        return CheckResult.failed(PART, f"the queue cannot be opened: {exc.message}",
                                  "Send a support bundle (`checkin support-bundle`) to support.",
                                  exc.detail)
    oldest = stats.oldest_waiting_age_s
    summary = (f"{stats.waiting} waiting"
               + (f" (oldest {_age(oldest)})" if oldest is not None else "")
               + f", {stats.dead} dead letters, {stats.delivered} delivered kept")
    if stats.dead:
        return CheckResult.failed(
            PART, summary,
            "See why with `checkin queue dead-letters`, fix the cause, then send each again with "
            "`checkin queue retry ID` (or from the console's queue page).",
            f"last error: {stats.last_error or '-'}")
    if oldest is not None and oldest > MAX_OLDEST_S:
        return CheckResult.failed(
            PART, f"{summary}: check-ins are not reaching the HIS",
            "See the HIS line: once the HIS answers, waiting check-ins are sent by themselves.",
            f"last error: {stats.last_error or '-'}")
    return CheckResult.passed(PART, summary)
