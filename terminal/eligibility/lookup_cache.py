"""Quota care: a card's answer kept a few minutes, encrypted, in a SQLite file, and given again for
the same person the same day; and a count of the gateway's lookups per hour, for the console,
`checkin doctor` and the metrics. The gateway limits lookups per account (reference §6).

An answer is filed under a keyed hash of the gateway and account asked, the number, the name, the
birth date and the day, so the file holds no identifier in clear; the answer itself is sealed
with the outbox's cipher (offline_cache: AES-256-GCM, key in the OS keyring or a 0600 file
beside the database), bound to its row. Only answers with a verdict on the card are kept: pending, gateway and account errors,
and answers this terminal distrusts (unknown class) always go to the gateway again. A damaged or
unreadable cache is a miss, never a failed lookup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import sqlite3
import threading
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from offline_cache.errors import OutboxError
from offline_cache.key_store import KeySet, KeyStore
from offline_cache.payload_cipher import PayloadCipher
from terminal.eligibility.records import EligibilityQuery, EligibilityResult, EligibilityStatus
from terminal.privacy import keyed_tag

log = logging.getLogger(__name__)

#: Classes whose answer is kept: a verdict on the card (or on the question asked).
CACHED_STATUSES = frozenset((EligibilityStatus.ELIGIBLE, EligibilityStatus.ELIGIBLE_WITH_NOTE,
                             EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.INPUT_ERROR))
HOUR_S = 3600.0
#: How long the per-call log of lookups is kept (the doctor shows the last hour and today).
COUNT_KEEP_S = 24 * HOUR_S
_TAG_LABEL = b"lookup cache tag"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    tag TEXT PRIMARY KEY, stored_at REAL NOT NULL, blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lookups (at REAL NOT NULL, source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lookups_at ON lookups (at);
"""


@dataclass(frozen=True)
class LookupCounts:
    """Card lookups in the last hour: sent to the gateway, and answered from the cache."""

    gateway_last_hour: int
    cache_last_hour: int
    #: The account's limit per hour when the clinic knows it (gateway.quota_per_hour), else 0.
    quota_per_hour: int = 0

    @property
    def near_quota(self) -> bool:
        """At 80% or more of a known hourly limit."""
        return bool(self.quota_per_hour) and self.gateway_last_hour >= 0.8 * self.quota_per_hour


def _plain(value: Any) -> Any:
    """A record as JSON values (dates as ISO text, enums as their values)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _typed(kind: Any, value: Any) -> Any:
    """The inverse of _plain for the record types of terminal.eligibility.records; a value of
    the wrong shape raises (ValueError, TypeError, KeyError): the entry is then a miss."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _typed(inner, value)
    if origin is tuple:
        return tuple(_typed(typing.get_args(kind)[0], item) for item in value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _typed(hints[f.name], value[f.name])
                       for f in dataclasses.fields(kind) if f.name in value})
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if kind in (int, str, bool) and not isinstance(value, kind):
        raise TypeError(f"{type(value).__name__} where {kind.__name__} was due")
    return value


class LookupCache:
    """Answers kept `ttl_s` seconds (and never past the day they were given), and the count of
    lookups; safe to share between threads. `path` None keeps them in memory (the bundled
    simulator's service: no quota to care for, nothing to leave on disk)."""

    def __init__(self, path: str | Path | None, ttl_s: float, *,
                 key_store: KeyStore | None = None, quota_per_hour: int = 0, scope: str = "",
                 clock: Callable[[], float] = time.time,
                 today: Callable[[], date] = date.today) -> None:
        self.path = Path(path) if path is not None else None
        #: Whose answers these are (the gateway's URL and account): another's are never given.
        self.scope = scope
        self.ttl_s = ttl_s
        self.quota_per_hour = quota_per_hour
        self._clock, self._today = clock, today
        self._lock = threading.Lock()
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path) if self.path else ":memory:",
                                   check_same_thread=False, isolation_level=None, timeout=5.0)
        if self.path is not None:
            self.path.chmod(0o600)
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        keys = self._keys(key_store)
        self._cipher = PayloadCipher(keys)
        self._tag_key = hmac.new(keys.keys[keys.current], _TAG_LABEL, hashlib.sha256).digest()

    @staticmethod
    def _keys(key_store: KeyStore | None) -> KeySet:
        if key_store is None:
            return KeySet.generate()  # in memory: the key lives as long as the answers
        return key_store.load() or key_store.create(KeySet.generate())

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- answers --------------------------------------------------------------------------
    def _tag(self, query: EligibilityQuery) -> str:
        return keyed_tag(self._tag_key, self.scope, query.number, query.full_name.casefold(),
                         query.birth_text, self._today().isoformat())

    def get(self, query: EligibilityQuery) -> EligibilityResult | None:
        """The answer kept for this person today and less than `ttl_s` old, counted as a
        lookup answered from the cache; None (a miss) otherwise."""
        if self.ttl_s <= 0:
            return None
        tag, now = self._tag(query), self._clock()
        try:
            with self._lock:
                row = self._db.execute("SELECT stored_at, blob FROM answers WHERE tag = ?",
                                       (tag,)).fetchone()
                if row is None or not 0 <= now - row[0] < self.ttl_s:
                    return None
                plain = self._cipher.open(row[1], tag.encode())
                result = dataclasses.replace(_typed(EligibilityResult, plain), from_cache=True)
                self._db.execute("INSERT INTO lookups VALUES (?, 'cache')", (now,))
        except (sqlite3.Error, OutboxError, ValueError, TypeError, KeyError) as exc:
            log.warning("lookup cache entry unusable (%s): asking the gateway",
                        type(exc).__name__)
            self._forget(tag)
            return None
        return result

    def put(self, query: EligibilityQuery, result: EligibilityResult) -> None:
        """Count a lookup the gateway was asked, and keep its answer if it has a verdict."""
        now = self._clock()
        try:
            with self._lock:
                self._db.execute("INSERT INTO lookups VALUES (?, 'gateway')", (now,))
                if self.ttl_s > 0 and result.status in CACHED_STATUSES and not result.from_cache:
                    tag = self._tag(query)
                    blob = self._cipher.seal(_plain(result), tag.encode())
                    self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                                     (tag, now, blob))
                self._purge(now)
        except (sqlite3.Error, OutboxError) as exc:
            log.warning("lookup cache not written (%s)", type(exc).__name__)

    def _forget(self, tag: str) -> None:
        try:
            with self._lock:
                self._db.execute("DELETE FROM answers WHERE tag = ?", (tag,))
        except sqlite3.Error:
            pass

    def _purge(self, now: float) -> None:
        """Drop expired answers and old counts (under the lock)."""
        self._db.execute("DELETE FROM answers WHERE stored_at < ? OR stored_at > ?",
                         (now - max(self.ttl_s, 0.0), now + 60))
        self._db.execute("DELETE FROM lookups WHERE at < ?", (now - COUNT_KEEP_S,))

    # --- counts ---------------------------------------------------------------------------
    def counts(self) -> LookupCounts:
        """Lookups in the last hour (zeros when the file cannot be read)."""
        try:
            with self._lock:
                return _counts(self._db, self._clock(), self.quota_per_hour)
        except sqlite3.Error:
            return LookupCounts(0, 0, self.quota_per_hour)


def _counts(db: sqlite3.Connection, now: float, quota_per_hour: int) -> LookupCounts:
    rows = dict(db.execute("SELECT source, COUNT(*) FROM lookups WHERE at > ? GROUP BY source",
                           (now - HOUR_S,)).fetchall())
    return LookupCounts(rows.get("gateway", 0), rows.get("cache", 0), quota_per_hour)


def read_counts(path: Path, quota_per_hour: int = 0,
                now: float | None = None) -> LookupCounts | None:
    """The counts in a cache file another process keeps (the doctor's view), read-only and
    without its key (counts hold no personal data); None when there is no such file."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
        try:
            return _counts(db, time.time() if now is None else now, quota_per_hour)
        finally:
            db.close()
    except sqlite3.Error:
        return None
