"""The durable outbox: items kept in one SQLite file until a sender acknowledges them.

An `enqueue` that has returned is on disk (WAL, synchronous=FULL, one fsync per commit): it
survives a kill -9 or a power cut. A sender `claim`s due items under a lease, then `ack`s or
`fail`s each; an item whose lease runs out (its sender died) comes back by itself. Payloads are
sealed with AES-GCM (payload_cipher); a delivered item's payload is erased at once and its row
purged after the retention time.
"""

from __future__ import annotations

import contextlib
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import sqlite_utils

from offline_cache.errors import (ItemNotFoundError, OutboxCorruptError, OutboxError,
                                  OutboxFullError, OutboxKeyError, PayloadError)
from offline_cache.key_store import KeySet, KeyStore, default_key_store
from offline_cache.payload_cipher import PayloadCipher, key_id_of
from offline_cache.schema import (CURRENT_VERSION, DEAD, DELIVERED, PENDING, migrate,
                                  refuse_newer)

log = logging.getLogger(__name__)

LEASE_EXPIRED = "lease expired: the sender stopped before it could answer"
_MAX_ERROR_CHARS = 500
_PURGE_EVERY_S = 3600.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a failed item is tried again."""

    max_attempts: int = 20
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0

    def delay_s(self, failures: int, rng: random.Random) -> float:
        """Exponential backoff with jitter: the n-th failure waits between half and all of
        base * 2^(n-1), capped; the jitter keeps many terminals from retrying in step."""
        ceiling = min(self.max_delay_s, self.base_delay_s * 2 ** max(0, failures - 1))
        return rng.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True)
class OutboxItem:
    """A claimed item, payload opened, for a sender to deliver."""

    id: int
    kind: str
    idempotency_key: str
    payload: dict
    attempts: int
    created_at: float
    last_error: str | None


@dataclass(frozen=True)
class OutboxEntry:
    """An item as listed for staff: its state, never its payload."""

    id: int
    kind: str
    idempotency_key: str
    status: str
    in_flight: bool
    attempts: int
    created_at: float
    available_at: float
    delivered_at: float | None
    last_error: str | None


@dataclass(frozen=True)
class OutboxStats:
    waiting: int
    in_flight: int
    delivered: int
    dead: int
    oldest_waiting_age_s: float | None
    last_error: str | None


def _context(kind: str, idempotency_key: str) -> bytes:
    """What a sealed payload is bound to: the row it belongs to."""
    return f"{kind}\n{idempotency_key}".encode()


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _is_full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL


class Outbox:
    """A durable queue of JSON payloads in one SQLite file; safe to share between threads."""

    def __init__(self, path: str | Path, *, key_store: KeyStore | None = None,
                 policy: RetryPolicy = RetryPolicy(), retention_s: float = 7 * 86400,
                 max_size_bytes: int | None = None, busy_timeout_s: float = 10.0,
                 clock: Callable[[], float] = time.time, rng: random.Random | None = None) -> None:
        self.path = Path(path)
        self.policy = policy
        self.retention_s = retention_s
        self._key_store = key_store or default_key_store(self.path)
        self._max_size_bytes = max_size_bytes
        self._busy_timeout_s = busy_timeout_s
        self._clock = clock
        self._rng = rng or random.Random()
        self._lock = threading.RLock()
        self._cipher: PayloadCipher | None = None
        self._last_purge = float("-inf")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._open_checked()

    # -- opening, and what to do with a damaged file ------------------------------------------

    def _connect(self) -> sqlite_utils.Database:
        # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE), so a claim's
        # read and write are one unit and a writer waits for the lock up front instead of failing
        # half-way through.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=self._busy_timeout_s)
        try:
            db = sqlite_utils.Database(conn, execute_plugins=False)
            check = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if check != ["ok"]:
                raise sqlite3.DatabaseError(f"quick_check: {'; '.join(check[:3])}")
            refuse_newer(db)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            if self._max_size_bytes:
                page_size = conn.execute("PRAGMA page_size").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count={max(1, self._max_size_bytes // page_size)}")
            with self._transaction(conn):
                found = migrate(db)
            if found and found != CURRENT_VERSION:
                log.info("outbox %s migrated from schema version %d", self.path, found)
        except BaseException:
            conn.close()
            raise
        return db

    def _open_checked(self) -> sqlite_utils.Database:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                raise OutboxError(detail=f"cannot open {self.path}: {exc}") from None
            fault = self._set_aside(exc)
            self._connect().close()
            raise fault from None

    def _set_aside(self, exc: Exception) -> OutboxCorruptError:
        """Move the damaged file aside (never delete it: IT may rescue items from it); the
        caller starts a new one and raises the returned error loudly."""
        moved_to = self._aside_name()
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(f"{moved_to}{suffix}")
        log.error("outbox %s is damaged (%s); moved aside to %s, new queue started",
                  self.path, exc, moved_to)
        return OutboxCorruptError(moved_to, detail=f"{type(exc).__name__}: {exc}")

    def _aside_name(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        return candidate

    @staticmethod
    @contextlib.contextmanager
    def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction; SQLite faults become typed errors with the queue intact."""
        with self._lock:
            conn = self._db.conn
            try:
                with self._transaction(conn):
                    yield conn
            except sqlite3.Error as exc:
                self._raise_typed(exc)

    def _raise_typed(self, exc: sqlite3.Error) -> NoReturn:
        if _is_full(exc):
            raise OutboxFullError(detail=f"{self.path}: {exc}") from None
        if _is_corruption(exc):
            self._db.close()
            fault = self._set_aside(exc)
            self._db = self._connect()
            raise fault from None
        raise OutboxError(detail=f"{self.path}: {type(exc).__name__}: {exc}") from None

    def _read(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                self._raise_typed(exc)

    # -- keys ----------------------------------------------------------------------------------

    def _keys(self, reload: bool = False) -> PayloadCipher:
        """The cipher, its key set loaded once (or again, when an item names a key we lack:
        another process may have rotated). A key is made only for a queue with nothing sealed."""
        if self._cipher is None or reload:
            keys = self._key_store.load()
            if keys is None:
                if self._read("SELECT 1 FROM items WHERE payload IS NOT NULL LIMIT 1"):
                    raise OutboxKeyError(detail=f"no key set in {self._key_store.where} but the "
                                                f"queue holds sealed items")
                keys = KeySet.generate()
                self._key_store.save(keys)
                log.info("outbox key created in %s", self._key_store.where)
            self._cipher = PayloadCipher(keys)
        return self._cipher

    def _open_payload(self, blob: bytes, context: bytes) -> dict:
        """The payload, or PayloadError when this item cannot be opened. A key store that cannot
        be read is the queue's fault, not the item's: that OutboxKeyError propagates."""
        try:
            return self._keys().open(blob, context)
        except OutboxKeyError:
            cipher = self._keys(reload=True)
        try:
            return cipher.open(blob, context)
        except OutboxKeyError as exc:
            raise PayloadError(detail=exc.detail) from None

    def rotate_key(self) -> str:
        """Seal every waiting item under a fresh key and forget the old ones; returns the new id.

        Crash-safe: the new key set (old keys included) is saved before any item is re-sealed,
        and old keys are dropped only after the re-sealed items are committed. Run it from the
        process that sends (other processes holding the old key set reload it on demand).
        """
        with self._lock:
            keys = self._keys(reload=True).keys.rotated()
            self._key_store.save(keys)
            self._cipher = cipher = PayloadCipher(keys)
            with self._write() as conn:
                rows = conn.execute("SELECT id, kind, idempotency_key, payload FROM items "
                                    "WHERE payload IS NOT NULL AND key_id != ?",
                                    (keys.current,)).fetchall()
                for item_id, kind, key, blob in rows:
                    conn.execute("UPDATE items SET payload = ?, key_id = ? WHERE id = ?",
                                 (cipher.reseal(blob, _context(kind, key)), keys.current, item_id))
            used = {row[0] for row in self._read("SELECT DISTINCT key_id FROM items "
                                                 "WHERE key_id IS NOT NULL")}
            self._key_store.save(keys.keeping(used))
            log.info("outbox key rotated: %d items re-sealed", len(rows))
            return keys.current

    # -- the seam ------------------------------------------------------------------------------

    def enqueue(self, kind: str, payload: dict, idempotency_key: str) -> int:
        """Keep `payload` until delivered; durable when this returns. The same idempotency key
        again returns the first item's id and changes nothing."""
        if not kind or not idempotency_key:
            raise PayloadError("The item to queue is incomplete.",
                               detail="kind and idempotency_key must be non-empty")
        context = _context(kind, idempotency_key)
        with self._lock:
            blob = self._keys().seal(payload, context)
            now = self._clock()
            with self._write() as conn:
                conn.execute(
                    "INSERT INTO items (kind, idempotency_key, payload, key_id, status, attempts, "
                    "available_at, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) "
                    "ON CONFLICT (idempotency_key) DO NOTHING",
                    (kind, idempotency_key, blob, key_id_of(blob), PENDING, now, now))
                return conn.execute("SELECT id FROM items WHERE idempotency_key = ?",
                                    (idempotency_key,)).fetchone()[0]

    def claim(self, limit: int = 10, lease_s: float = 60.0) -> list[OutboxItem]:
        """Up to `limit` due items, oldest first, leased for `lease_s` seconds. An item whose
        lease ran out counts a failed attempt and is due again; one that cannot be opened goes
        to the dead letters rather than blocking the queue."""
        now = self._clock()
        self._purge_if_due(now)
        with self._write() as conn:
            conn.execute("UPDATE items SET attempts = attempts + 1, last_error = ?, failed_at = ?, "
                         "lease_until = NULL WHERE status = ? AND lease_until <= ?",
                         (LEASE_EXPIRED, now, PENDING, now))
            conn.execute("UPDATE items SET status = ? WHERE status = ? AND attempts >= ?",
                         (DEAD, PENDING, self.policy.max_attempts))
            rows = conn.execute(
                "SELECT id, kind, idempotency_key, payload, attempts, created_at, last_error "
                "FROM items WHERE status = ? AND lease_until IS NULL AND available_at <= ? "
                "ORDER BY available_at, id LIMIT ?", (PENDING, now, limit)).fetchall()
            items = []
            for item_id, kind, key, blob, attempts, created_at, last_error in rows:
                try:
                    payload = self._open_payload(blob, _context(kind, key))
                except PayloadError as exc:
                    log.error("outbox item %d cannot be opened (%s); dead-lettered", item_id,
                              exc.detail)
                    conn.execute("UPDATE items SET status = ?, last_error = ?, failed_at = ? "
                                 "WHERE id = ?", (DEAD, f"payload unreadable: {exc.detail}",
                                                  now, item_id))
                    continue
                conn.execute("UPDATE items SET lease_until = ? WHERE id = ?",
                             (now + lease_s, item_id))
                items.append(OutboxItem(item_id, kind, key, payload, attempts, created_at,
                                        last_error))
            return items

    def ack(self, item_id: int) -> None:
        """The item was delivered: its payload is erased now, its row kept for the retention time."""
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE items SET status = ?, delivered_at = ?, payload = NULL, key_id = NULL, "
                "lease_until = NULL WHERE id = ? AND status != ?",
                (DELIVERED, self._clock(), item_id, DELIVERED)).rowcount
            if not changed:
                self._status(conn, item_id)

    def fail(self, item_id: int, error: str, *, permanent: bool = False) -> None:
        """A delivery attempt failed: try again after a backoff, or dead-letter the item when
        its attempts are spent or the failure is `permanent`. The last error is kept."""
        now = self._clock()
        with self._write() as conn:
            status, attempts = self._status(conn, item_id)
            if status != PENDING:
                return  # delivered meanwhile (or already dead): nothing to retry
            attempts += 1
            dead = permanent or attempts >= self.policy.max_attempts
            available_at = now if dead else now + self.policy.delay_s(attempts, self._rng)
            conn.execute("UPDATE items SET status = ?, attempts = ?, available_at = ?, "
                         "lease_until = NULL, last_error = ?, failed_at = ? WHERE id = ?",
                         (DEAD if dead else PENDING, attempts, available_at,
                          error[:_MAX_ERROR_CHARS], now, item_id))

    def release(self, item_id: int, error: str = "", *, delay_s: float = 0.0) -> None:
        """Give a claimed item back, due after `delay_s`, without counting an attempt: the
        destination could not be reached at all (offline), which says nothing about the item."""
        now = self._clock()
        with self._write() as conn:
            status, _ = self._status(conn, item_id)
            if status == PENDING:
                # An empty error (a batch given back at shutdown) keeps the last one as it was.
                conn.execute("UPDATE items SET lease_until = NULL, available_at = ?, "
                             "last_error = coalesce(?, last_error), "
                             "failed_at = coalesce(?, failed_at) WHERE id = ?",
                             (now + delay_s, error[:_MAX_ERROR_CHARS] or None,
                              now if error else None, item_id))

    def retry(self, item_id: int) -> None:
        """Make a dead-lettered (or waiting) item due now with a fresh count of attempts."""
        with self._write() as conn:
            status, _ = self._status(conn, item_id)
            if status == DELIVERED:
                raise OutboxError("That item was already delivered.",
                                  detail=f"retry of delivered item {item_id}")
            conn.execute("UPDATE items SET status = ?, attempts = 0, available_at = ?, "
                         "lease_until = NULL WHERE id = ?", (PENDING, self._clock(), item_id))

    @staticmethod
    def _status(conn: sqlite3.Connection, item_id: int) -> tuple[str, int]:
        row = conn.execute("SELECT status, attempts FROM items WHERE id = ?",
                           (item_id,)).fetchone()
        if row is None:
            raise ItemNotFoundError(detail=f"no item {item_id}")
        return row[0], row[1]

    def stats(self) -> OutboxStats:
        now = self._clock()
        waiting, in_flight, delivered, dead, oldest = self._read(
            "SELECT count(*) FILTER (WHERE status = :p), "
            "count(*) FILTER (WHERE status = :p AND lease_until > :now), "
            "count(*) FILTER (WHERE status = :d), count(*) FILTER (WHERE status = :x), "
            "min(created_at) FILTER (WHERE status = :p) FROM items",
            {"p": PENDING, "d": DELIVERED, "x": DEAD, "now": now})[0]
        last = self._read("SELECT last_error FROM items WHERE status != ? AND failed_at IS NOT "
                          "NULL ORDER BY failed_at DESC LIMIT 1", (DELIVERED,))
        return OutboxStats(waiting, in_flight, delivered, dead,
                           None if oldest is None else max(0.0, now - oldest),
                           last[0][0] if last else None)

    def entries(self, status: str | None = None, limit: int = 100) -> list[OutboxEntry]:
        """Items for staff to look at, oldest first, without their payloads."""
        now = self._clock()
        rows = self._read(
            "SELECT id, kind, idempotency_key, status, coalesce(lease_until > ?, 0), attempts, "
            "created_at, available_at, delivered_at, last_error FROM items "
            "WHERE ? IS NULL OR status = ? ORDER BY id LIMIT ?", (now, status, status, limit))
        return [OutboxEntry(*row[:4], bool(row[4]), *row[5:]) for row in rows]

    def purge(self) -> int:
        """Delete delivered items older than the retention time; returns how many."""
        cutoff = self._clock() - self.retention_s
        with self._write() as conn:
            return conn.execute("DELETE FROM items WHERE status = ? AND delivered_at < ?",
                                (DELIVERED, cutoff)).rowcount

    def _purge_if_due(self, now: float) -> None:
        if now - self._last_purge >= _PURGE_EVERY_S:
            self._last_purge = now
            purged = self.purge()
            if purged:
                log.info("outbox purged %d delivered items past retention", purged)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
