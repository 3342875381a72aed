"""The terminal's local day book: one SQLite file (tickets, today's check-ins, the audit trail).

Local so that tickets are numbered and overrides recorded with the network down. It holds masked
identities only: what must reach the clinic in clear travels in the (encrypted) outbox.
Safe across restarts and for several processes at once (WAL, busy timeout, write transactions
taken with BEGIN IMMEDIATE), and for the threads of one process (one connection behind a lock).
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from sqlite_utils import Database

from terminal.errors import TerminalError

_BUSY_TIMEOUT_S = 10.0

_TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...]]] = {
    "ticket_counters": ({"day": str, "counter": str, "last_number": int}, ("day", "counter")),
    # source: "his" (the HIS gave or kept the number), "kiosk" (its own), "repeat" (shown again)
    "tickets": ({"checkin_id": str, "day": str, "counter": str, "number": int, "repeat_of": str,
                 "sequence": str, "source": str, "issued_at": str},
                "checkin_id"),
    # Who holds a number today, by keyed person tag only (privacy.keyed_tag): the repeat guard.
    "holders": ({"day": str, "counter": str, "person": str, "checkin_id": str},
                ("day", "counter", "person")),
    "checkins": ({"checkin_id": str, "day": str, "started_at": str, "state": str,
                  "masked_name": str, "masked_id": str, "verdict": str, "payer": str,
                  "eligibility": str, "ticket": str, "reasons": str, "failure": str,
                  "overridden": int, "repeated": int, "renumbered_from": str}, "checkin_id"),
    "audit": ({"id": int, "day": str, "checkin_id": str, "action": str, "staff": str,
               "reason": str, "at": str, "outcome": str}, "id"),
}


class DayBookError(TerminalError):
    """The local day book cannot be opened or written (disk full, file locked, no permission)."""


class DayBook:
    """The open day-book file; `write()` is one transaction, `read()` a consistent view."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.db = self._open(exclusive=False)
            except sqlite3.Error as exc:
                if not _disk_full(path, exc):
                    raise
                # On a full disk the journal index (-shm) cannot be made: hold the file alone
                # with the index in memory, so the terminal starts and says the disk is full
                # (writes fail with that message until there is room).
                self.db = self._open(exclusive=True)
        except (sqlite3.Error, OSError) as exc:
            raise _error("open", path, exc) from exc

    def _open(self, *, exclusive: bool) -> Database:
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
        try:
            if exclusive:
                conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("PRAGMA journal_mode=WAL")
            db = Database(conn)
            for name, (columns, pk) in _TABLES.items():
                db[name].create(columns, pk=pk, if_not_exists=True)
            db["checkins"].create_index(["day"], if_not_exists=True)
            for column, kind in (("repeated", int), ("renumbered_from", str)):
                if column not in db["checkins"].columns_dict:  # a day book from before it
                    db["checkins"].add_column(column, kind)
            for column in ("repeat_of", "sequence", "source", "issued_at"):  # from before these
                if column not in db["tickets"].columns_dict:
                    db["tickets"].add_column(column, str)
        except BaseException:
            conn.close()
            raise
        return db

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so two writers never interleave.
        Use plain SQL inside: sqlite-utils' bulk helpers commit on their own."""
        with self._lock:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    yield self.db
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _error("write", self.path, exc) from exc

    @contextmanager
    def read(self) -> Iterator[Database]:
        with self._lock:
            try:
                yield self.db
            except sqlite3.Error as exc:
                raise _error("read", self.path, exc) from exc

    def purge(self, today: date, keep_days: float) -> None:
        """Forget days older than `keep_days` (masked check-ins, audit, ticket counters)."""
        oldest = (today - timedelta(days=int(keep_days))).isoformat()
        with self.write() as db:
            for table in ("ticket_counters", "tickets", "holders", "checkins", "audit"):
                db.execute(f"DELETE FROM {table} WHERE day < ?", [oldest])

    def close(self) -> None:
        with self._lock:
            self.db.close()


#: Below this much free space an I/O error is taken for a full disk.
_NEARLY_FULL_BYTES = 1 << 20


def _disk_full(path: Path, exc: BaseException) -> bool:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) == errno.ENOSPC:
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def _error(action: str, path: Path, exc: Exception) -> DayBookError:
    if _disk_full(path, exc):
        return DayBookError("The computer's disk is full: the terminal cannot keep its local "
                            "records (tickets, check-ins). Call IT to free disk space.",
                            detail=f"{action} {path}: {exc!r}")
    return DayBookError("The terminal cannot keep its local records (disk full or file locked). "
                        "Call IT.", detail=f"{action} {path}: {exc!r}")
