"""The durable outbox: items kept in one SQLite file until a sender acknowledges them.

An `enqueue` that has returned is on disk (WAL, synchronous=FULL, one fsync per commit): it
survives a kill -9 or a power cut. A sender `claim`s due items under a lease, then `ack`s or
`fail`s each; an item whose lease runs out (its sender died) comes back by itself. Payloads are
sealed with AES-GCM (payload_cipher); a delivered item's payload is erased at once and its row
purged after the retention time. Evidence kept with a check-in (`keep_evidence`) is sealed the
same way and purged after the same time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import shutil
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import sqlite_utils

from offline_cache.errors import (ItemNotFoundError, KeySetDamagedError, OutboxCorruptError,
                                  OutboxError, OutboxFullError, OutboxKeyError,
                                  OutboxSchemaError, PayloadError)
from offline_cache.key_store import (FileKeyStore, KeySet, KeyStore, default_key_store,
                                     key_check, key_file_path)
from offline_cache.payload_cipher import PayloadCipher, key_id_of
from offline_cache.schema import (CURRENT_VERSION, DEAD, DELIVERED, PENDING, expected_structure,
                                  migrate, refuse_newer, schema_version, structure)

log = logging.getLogger(__name__)

LEASE_EXPIRED = "lease expired: the sender stopped before it could answer"
_MAX_ERROR_CHARS = 500
_PURGE_EVERY_S = 3600.0
#: Below this much free space an I/O error while opening is taken for a full disk.
_NEARLY_FULL_BYTES = 1 << 20
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
#: Faults of the machine, not of the file: never a reason to set the file aside.
_NOT_DAMAGE = (*_BUSY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY,
               sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOMEM,
               sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_AUTH)
DISK_FULL_AT_START = ("The computer's disk is full. Check-ins already queued are still sent, "
                      "but new ones may not be kept. Call IT to free disk space.")
WAITING_FOR_KEY = "waiting for its key"
#: Beyond the longest wait this code sets, a due time is taken for damage.
_FAR_FUTURE_S = 2 * 86400.0


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
    #: Why waiting items cannot be opened (their key is not in the key store), else None.
    key_problem: str | None = None


def _evidence_context(checkin_id: str, label: str) -> bytes:
    return _context("evidence", f"{checkin_id}\n{label}")


def _context(kind: str, idempotency_key: str) -> bytes:
    """What a sealed payload is bound to: the row it belongs to."""
    return f"{kind}\n{idempotency_key}".encode()


def _code(exc: sqlite3.Error) -> int:
    """The primary SQLite result code of an error (0 when SQLite gave none)."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _is_corruption(exc: sqlite3.Error) -> bool:
    return _code(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _is_full(exc: sqlite3.Error) -> bool:
    return _code(exc) == sqlite3.SQLITE_FULL


def _damage_of(exc: sqlite3.Error) -> str:
    """What is wrong with a file SQLite refused, in plain words."""
    if _code(exc) == sqlite3.SQLITE_NOTADB:
        return "it is not a queue file"
    if _code(exc) == sqlite3.SQLITE_CORRUPT:
        return "damaged pages"
    return "its tables were altered"


def _as_corruption(exc: UnicodeDecodeError) -> sqlite3.DatabaseError:
    error = sqlite3.DatabaseError(f"undecodable text: {exc.reason}")
    error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    return error


def _movable(path: Path, st: os.stat_result) -> bool:
    """What may be moved aside when it stands at the queue's path: anything but a device, a
    mount point or a folder right under the root (/, /etc, /home: a misconfigured path)."""
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return False
    if stat.S_ISDIR(st.st_mode):
        return not os.path.ismount(path) and len(Path(os.path.abspath(path)).parts) > 2
    return True


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


class _Unusable(Exception):
    """The file at the queue's path cannot serve as the queue: `what` says why, plainly."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.detail = detail or what


class Outbox:
    """A durable queue of JSON payloads in one SQLite file; safe to share between threads."""

    def __init__(self, path: str | Path, *, key_store: KeyStore | None = None,
                 policy: RetryPolicy = RetryPolicy(), retention_s: float = 7 * 86400,
                 max_size_bytes: int | None = None, busy_timeout_s: float = 10.0,
                 reserve_bytes: int = 0, clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:
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
        self._reserve_bytes = reserve_bytes
        self._key_problem: str | None = None
        #: Set when the disk was full at open: the queue runs on, and says so.
        self.space_fault: OutboxFullError | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutboxError(f"The offline queue's folder {self.path.parent} cannot be made "
                              f"({exc.strerror}). Call IT.", detail=repr(exc)) from None
        self._db = self._open_checked()
        self._check_key_store()
        self._ensure_reserve()

    # -- opening, and what to do with a damaged file ------------------------------------------

    def _connect(self, *, exclusive: bool = False) -> sqlite_utils.Database:
        """A checked connection: the file is a real, whole queue of a schema this code knows
        (migrated to the current one); else _Unusable or a sqlite3 error says why not."""
        self._check_path()
        self._check_header()
        # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE), so a claim's
        # read and write are one unit and a writer waits for the lock up front instead of failing
        # half-way through.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=self._busy_timeout_s)
        # A flipped byte in a text column must not raise UnicodeDecodeError from every read: the
        # text comes back with U+FFFD, the row's payload then fails its check and is dead-lettered.
        conn.text_factory = _lenient_text
        try:
            if exclusive:  # no -shm file to make on a full disk: the wal-index lives in memory
                conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            db = sqlite_utils.Database(conn, execute_plugins=False)
            check = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
            if check != ["ok"]:
                raise _Unusable("damaged pages", f"integrity_check: {'; '.join(check[:3])}")
            refuse_newer(db)
            encoding = conn.execute("PRAGMA encoding").fetchone()[0]
            if encoding != "UTF-8" and schema_version(db):  # this code only ever writes UTF-8
                raise _Unusable("damaged header", f"text encoding {encoding}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            if self.space_fault is not None:  # keep the WAL small while the disk is full
                conn.execute("PRAGMA wal_autocheckpoint=16")
            if self._max_size_bytes:
                page_size = conn.execute("PRAGMA page_size").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count={max(1, self._max_size_bytes // page_size)}")
            with self._transaction(conn):
                found = migrate(db)
            if tuple(structure(conn)) != expected_structure():
                raise _Unusable("its tables were altered", "schema differs from this version's")
            if found and found != CURRENT_VERSION:
                log.info("outbox %s migrated from schema version %d", self.path, found)
        except UnicodeDecodeError as exc:  # SQLite's own message quoted damaged bytes
            conn.close()
            raise _Unusable("damaged pages", f"undecodable text: {exc.reason}") from None
        except BaseException:
            conn.close()
            raise
        return db

    def _check_path(self) -> None:
        """Only a regular file (or a link to one) is opened: SQLite would block on a pipe, read
        a device forever, or fail on a folder with a message nobody can act on."""
        for suffix, name in (("", "queue file"), ("-wal", "queue's journal"),
                             ("-shm", "queue's journal index")):
            where = Path(f"{self.path}{suffix}")
            try:
                st = os.stat(where)
            except FileNotFoundError:
                if os.path.islink(where):
                    raise _Unusable(f"a broken link stands where the {name} should be") from None
                continue
            except OSError as exc:
                raise OutboxError(detail=f"cannot look at {where}: {exc.strerror}") from None
            if stat.S_ISREG(st.st_mode):
                continue
            if not os.path.islink(where) and not _movable(where, st):
                # A device or a system folder is never moved: the path is misconfigured.
                raise OutboxError(f"The offline queue's path {where} is a device or a system "
                                  f"folder, not a queue file: set [queue] path to a file. "
                                  f"Call IT.", detail=f"{where}: mode {st.st_mode:o}")
            if stat.S_ISDIR(st.st_mode):
                raise _Unusable(f"a folder stands where the {name} should be")
            raise _Unusable(f"a device or pipe stands where the {name} should be")

    def _check_header(self) -> None:
        """SQLite opens a file whose write-version byte is unknown to it read-only, and every
        write then fails as if permissions were wrong: such a header is damage."""
        try:
            with open(self.path, "rb") as source:
                header = source.read(100)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise OutboxError(detail=f"cannot read {self.path}: {exc.strerror}") from None
        if len(header) == 100 and header.startswith(b"SQLite format 3\x00") and \
                not (header[18] in (1, 2) and header[19] in (1, 2)):
            raise _Unusable("damaged header", f"file format bytes {header[18]}, {header[19]}")

    def _connect_waiting(self, *, exclusive: bool = False) -> sqlite_utils.Database:
        """`_connect`, tried again while another process holds the file: switching to WAL or
        migrating can meet a lock SQLite's busy handler does not wait for."""
        deadline = time.monotonic() + self._busy_timeout_s
        while True:
            try:
                return self._connect(exclusive=exclusive)
            except sqlite3.OperationalError as exc:
                if _code(exc) not in _BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(random.uniform(0.01, 0.05))

    def _open_checked(self) -> sqlite_utils.Database:
        try:
            return self._connect_waiting()
        except OutboxSchemaError as exc:
            moved_to = self._set_aside(exc.detail, label="newer")
            raise self._start_fresh(OutboxSchemaError(moved_to, exc.detail))
        except _Unusable as exc:
            raise self._start_fresh(self._corrupt(exc.what, exc.detail))
        except sqlite3.DatabaseError as exc:
            if self._disk_full(exc):
                return self._open_on_full_disk(exc)
            if _code(exc) in _NOT_DAMAGE:
                raise self._typed(exc) from None
            raise self._start_fresh(self._corrupt(_damage_of(exc), f"{type(exc).__name__}: {exc}"))

    def _start_fresh(self, fault: OutboxError) -> OutboxError:
        """A new, empty queue where the unusable one was; the fault is raised loudly after."""
        self._connect_waiting().close()
        return fault

    def _corrupt(self, what: str, detail: str) -> OutboxCorruptError:
        return OutboxCorruptError(self._set_aside(f"{what}: {detail}"), detail, what)

    def _set_aside(self, why: str, label: str = "corrupt") -> Path:
        """Move the unusable file aside (never delete it: IT may rescue items from it) with a
        copy of the key set beside it, so that a later key rotation here cannot strand its
        items; the caller starts a new queue and raises loudly."""
        moved_to = self._aside_name(self.path, label)
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if os.path.lexists(source):
                try:
                    source.rename(f"{moved_to}{suffix}")
                except OSError as exc:
                    raise OutboxError(
                        detail=f"cannot move {source} aside: {exc.strerror}") from None
        try:
            keys = self._key_store.load()
            if keys is not None:
                FileKeyStore(key_file_path(moved_to)).save(keys)
        except OutboxKeyError as exc:  # the items may still be opened with the store's key
            log.warning("no key copy beside %s: %s", moved_to, exc.detail)
        log.error("outbox %s cannot be used (%s); moved aside to %s, new queue started",
                  self.path, why, moved_to)
        return moved_to

    @staticmethod
    def _aside_name(path: Path, label: str = "corrupt") -> Path:
        """`<name>.<label>-<time>`, numbered when taken (with its -wal, -shm and .key)."""
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        candidate = path.with_name(f"{path.name}.{label}-{stamp}")
        n = 1
        while any(os.path.lexists(f"{candidate}{suffix}") for suffix in ("", "-wal", ".key")):
            n += 1
            candidate = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
        return candidate

    def _check_key_store(self) -> None:
        """A key file that is not a key set (garbage, a folder in its place) is set aside, so
        that check-ins can be kept again under a new key; the queue goes aside with it when it
        holds items sealed under the lost key (IT may still have that key)."""
        try:
            self._key_store.load()
        except KeySetDamagedError as exc:
            if not isinstance(self._key_store, FileKeyStore):
                return  # a keyring entry cannot be moved aside: enqueue says what is wrong
            damaged_key = exc
        except OutboxKeyError:
            return  # unreadable for now (permissions, keyring locked): enqueue says so
        else:
            return
        key_path = self._key_store.path
        key_aside = self._aside_name(key_path)
        try:
            key_path.rename(key_aside)
        except OSError as exc:
            raise OutboxKeyError(detail=f"cannot move {key_path} aside: {exc.strerror}") from None
        log.error("outbox key file %s is damaged (%s); moved aside to %s", key_path,
                  damaged_key.detail, key_aside)
        if self._read("SELECT 1 FROM items WHERE payload IS NOT NULL LIMIT 1"):
            self._db.close()
            what = "its key file was damaged"
            raise self._start_fresh(self._corrupt(what, damaged_key.detail))

    # -- a full disk ---------------------------------------------------------------------------

    def _disk_full(self, exc: sqlite3.Error) -> bool:
        """SQLITE_FULL, or an I/O error while the disk has (almost) no room left: making the
        journal index on a full disk fails as an I/O error, not as FULL."""
        if _is_full(exc):
            return True
        if _code(exc) != sqlite3.SQLITE_IOERR:
            return False
        try:
            return shutil.disk_usage(self.path.parent).free < _NEARLY_FULL_BYTES
        except OSError:
            return False

    def _open_on_full_disk(self, exc: sqlite3.Error) -> sqlite_utils.Database:
        """Open anyway, so waiting items can still be sent: free the disk reserve (room for the
        journal) and open normally, or else hold the file alone with its journal index in
        memory (reads work; writes fail as OutboxFullError until there is room again)."""
        released = self._release_reserve()
        self.space_fault = OutboxFullError(DISK_FULL_AT_START, detail=f"{self.path}: {exc}")
        for exclusive in (False, True):
            try:
                db = self._connect_waiting(exclusive=exclusive)
            except sqlite3.DatabaseError as again:
                if not self._disk_full(again):
                    raise self._typed(again) from None
                continue
            log.error("outbox %s: the disk is full (%s); %s", self.path, exc,
                      "its reserve was freed to keep sending" if released and not exclusive
                      else "opened alone, sending waits for free space")
            return db
        raise OutboxFullError(DISK_FULL_AT_START, detail=f"{self.path}: {exc}")

    @property
    def _reserve_path(self) -> Path:
        return self.path.with_name(self.path.name + ".reserve")

    def _ensure_reserve(self) -> None:
        """Keep `reserve_bytes` of disk beside the queue, freed when the disk fills up so the
        queue can still open and send (best effort: no room, no reserve)."""
        if not self._reserve_bytes or self.space_fault is not None:
            return
        path = self._reserve_path
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            return  # there already, or the folder cannot take it
        try:
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(fd, 0, self._reserve_bytes)
            else:
                os.write(fd, bytes(self._reserve_bytes))
            os.fsync(fd)
        except OSError as exc:
            os.close(fd)
            path.unlink(missing_ok=True)
            log.warning("no room for the queue's disk reserve (%s)", exc.strerror)
            return
        os.close(fd)

    def _recheck_space(self) -> None:
        """Once the disk has room again, stop saying it is full and put the reserve back."""
        if self.space_fault is None:
            return
        try:
            free = shutil.disk_usage(self.path.parent).free
        except OSError:
            return
        if free > 4 * _NEARLY_FULL_BYTES + self._reserve_bytes:
            log.info("outbox %s: the disk has room again", self.path)
            self.space_fault = None
            self._ensure_reserve()

    def _release_reserve(self) -> bool:
        try:
            self._reserve_path.unlink()
        except OSError:
            return False
        log.warning("disk full: the queue's reserve of %d bytes was freed", self._reserve_bytes)
        return True

    # -- transactions --------------------------------------------------------------------------

    @staticmethod
    @contextlib.contextmanager
    def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction (or a part of the one this thread has open); SQLite faults
        become typed errors with the queue intact."""
        with self._lock:
            conn = self._db.conn
            if conn.in_transaction:  # only this thread can be in it: it holds the lock
                yield conn
                return
            try:
                with self._transaction(conn):
                    yield conn
            except sqlite3.Error as exc:
                self._raise_typed(exc)
            except UnicodeDecodeError as exc:  # SQLite's message quoted damaged bytes
                self._raise_typed(_as_corruption(exc))

    def _typed(self, exc: sqlite3.Error) -> OutboxError:
        """A fault that is not the file's damage, in words someone at the desk can act on."""
        code, detail = _code(exc), f"{self.path}: {type(exc).__name__}: {exc}"
        if _is_full(exc):
            return OutboxFullError(detail=detail)
        if code in _BUSY:
            return OutboxError("The offline queue is in use by another program that does not "
                               "let go of it. Try again; if it lasts, call IT.", detail)
        if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN,
                    sqlite3.SQLITE_AUTH):
            return OutboxError("The offline queue file or its folder cannot be written "
                               "(permissions). Call IT.", detail)
        return OutboxError(detail=detail)

    def _raise_typed(self, exc: sqlite3.Error) -> NoReturn:
        if _is_corruption(exc):
            self._db.close()
            fault = self._corrupt(_damage_of(exc), f"{type(exc).__name__}: {exc}")
            self._db = self._connect_waiting()
            raise fault from None
        raise self._typed(exc) from None

    def _read(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                self._raise_typed(exc)
            except UnicodeDecodeError as exc:
                self._raise_typed(_as_corruption(exc))

    # -- keys ----------------------------------------------------------------------------------

    def _keys(self, reload: bool = False) -> PayloadCipher:
        """The cipher, its key set loaded once (or again, when an item names a key we lack:
        another process may have rotated, or IT put a key back)."""
        if self._cipher is None or reload:
            with self._write() as conn:
                self._cipher = PayloadCipher(self._load_keys(conn))
        return self._cipher

    def _load_keys(self, conn: sqlite3.Connection) -> KeySet:
        """The key set, made here if the queue has none and holds nothing sealed. Runs under
        the database's write lock, so two processes starting a new queue make one key, not two
        (the second finds the first's). Checks the keys against the check values the queue
        recorded: a key store holding other keys (a key file replaced) is said, not obeyed."""
        keys = self._key_store.load()
        if keys is None:
            if conn.execute("SELECT 1 FROM items WHERE payload IS NOT NULL UNION ALL "
                            "SELECT 1 FROM evidence LIMIT 1").fetchone():
                raise OutboxKeyError(detail=f"no key set in {self._key_store.where} but the "
                                            f"queue holds sealed items")
            keys = self._key_store.create(KeySet.generate())
            log.info("outbox key created in %s", self._key_store.where)
        keys = self._verified(conn, keys)
        self._note_missing_keys(conn, keys.keys)
        return keys

    def _verified(self, conn: sqlite3.Connection, keys: KeySet) -> KeySet:
        """The keys fit to use: each matches the check value recorded under its id, or opens an
        item sealed under that id (then the record was damaged and is written again). When the
        current key is unfit, new items get a fresh key, so check-ins are still kept."""
        recorded = dict(conn.execute("SELECT key_id, check_value FROM key_checks").fetchall())
        usable = {}
        for key_id, key in keys.keys.items():
            if recorded.get(key_id, key_check(key)) == key_check(key) or \
                    self._opens_an_item(conn, key_id, key):
                usable[key_id] = key
            else:
                log.error("outbox %s: key %s in %s is not the one its items were sealed under",
                          self.path, key_id, self._key_store.where)
        if keys.current not in usable:
            fresh = KeySet.generate()
            self._key_store.save(keys.merged(fresh).with_current(fresh.current))
            usable.update(fresh.keys)
            keys = keys.with_current(fresh.current)
            log.error("outbox %s: new items are sealed under a new key %s", self.path,
                      fresh.current)
        conn.executemany("INSERT OR REPLACE INTO key_checks (key_id, check_value) VALUES (?, ?)",
                         [(key_id, key_check(key)) for key_id, key in usable.items()
                          if recorded.get(key_id) != key_check(key)])  # no write when all known
        return KeySet(keys.current, usable)

    @staticmethod
    def _opens_an_item(conn: sqlite3.Connection, key_id: str, key: bytes) -> bool:
        """True when `key` opens an item sealed under `key_id`, or no item names that id."""
        rows = conn.execute("SELECT kind, idempotency_key, payload FROM items WHERE key_id = ? "
                            "AND payload IS NOT NULL LIMIT 3", (key_id,)).fetchall()
        if not rows:
            return True
        trial = PayloadCipher(KeySet(key_id, {key_id: key}))
        for kind, idempotency_key, blob in rows:
            try:
                trial.open_bytes(blob, _context(kind, idempotency_key))
                return True
            except (OutboxKeyError, PayloadError):
                continue  # this row may be the damaged one: try another
        return False

    def _note_missing_keys(self, conn: sqlite3.Connection, usable: dict[str, bytes]) -> None:
        """Waiting items sealed under keys the store does not hold are kept (not dead-lettered)
        and said: the key store was replaced or lost, and IT can put the key back."""
        missing = {key_id: n for key_id, n in conn.execute(
            "SELECT key_id, count(*) FROM items WHERE status = ? AND key_id IS NOT NULL "
            "GROUP BY key_id", (PENDING,)).fetchall() if key_id not in usable}
        problem = None
        if missing:
            problem = (f"{sum(missing.values())} waiting item(s) are sealed under a key "
                       f"({', '.join(sorted(missing))}) that {self._key_store.where} does not "
                       f"hold: the key was replaced or lost. They are kept, not sent; put the "
                       f"queue's own key back (checkin queue import-key).")
            if problem != self._key_problem:
                log.error("outbox %s: %s", self.path, problem)
        self._key_problem = problem

    def key_problem(self) -> str | None:
        """Why waiting items cannot be opened with the key store as it is now, or None."""
        if self._read("SELECT 1 FROM items WHERE status = ? AND key_id IS NOT NULL LIMIT 1",
                      (PENDING,)):
            try:
                self._keys(reload=True)
            except OutboxKeyError as exc:
                return f"{exc.message} ({exc.detail})"
        else:
            self._key_problem = None
        return self._key_problem

    def import_keys(self, keys: KeySet) -> int:
        """Add the keys of an old key set (the queue's own, put back by IT) to the key store;
        items waiting for them are due now. Returns how many. A key whose check value differs
        from the one recorded under its id is refused: it is not the key those items need."""
        with self._lock, self._write() as conn:
            recorded = dict(conn.execute("SELECT key_id, check_value FROM key_checks").fetchall())
            wrong = [key_id for key_id, key in keys.keys.items()
                     if recorded.get(key_id, key_check(key)) != key_check(key)
                     and not self._opens_an_item(conn, key_id, key)]
            if wrong:
                raise OutboxKeyError("That is not this queue's key: it does not open its items.",
                                     detail=f"check value differs for key {', '.join(wrong)}")
            stored = self._key_store.load()
            merged = keys if stored is None else stored.merged(keys)
            self._key_store.save(merged)
            self._cipher = PayloadCipher(self._load_keys(conn))
            ids = sorted(keys.keys)
            marks = ", ".join("?" * len(ids))
            return conn.execute(f"UPDATE items SET available_at = ? WHERE status = ? AND "
                                f"key_id IN ({marks})", (self._clock(), PENDING, *ids)).rowcount

    def rotate_key(self) -> str:
        """Seal every waiting item under a fresh key and forget the old ones; returns the new id.

        Crash-safe: the new key set (old keys included) is saved before any item is re-sealed,
        and old keys are dropped only after the re-sealed items are committed. Run it from the
        process that sends (other processes holding the old key set reload it on demand).
        """
        with self._lock:
            keys = self._keys(reload=True).keys.rotated()
            self._key_store.save(keys)
            with self._write() as conn:
                conn.execute("INSERT OR IGNORE INTO key_checks (key_id, check_value) "
                             "VALUES (?, ?)", (keys.current, key_check(keys.keys[keys.current])))
                self._cipher = cipher = PayloadCipher(keys)
                rows = conn.execute("SELECT id, kind, idempotency_key, payload FROM items "
                                    "WHERE payload IS NOT NULL AND key_id != ?",
                                    (keys.current,)).fetchall()
                for item_id, kind, key, blob in rows:
                    try:
                        sealed = cipher.reseal(blob, _context(kind, key))
                    except (OutboxKeyError, PayloadError):
                        continue  # waiting for its key, or damaged: claim deals with it
                    conn.execute("UPDATE items SET payload = ?, key_id = ? WHERE id = ?",
                                 (sealed, keys.current, item_id))
                for row_id, checkin_id, label, blob in conn.execute(
                        "SELECT id, checkin_id, label, payload FROM evidence WHERE key_id != ?",
                        (keys.current,)).fetchall():
                    try:
                        sealed = cipher.reseal(blob, _evidence_context(checkin_id, label))
                    except (OutboxKeyError, PayloadError):
                        continue
                    conn.execute("UPDATE evidence SET payload = ?, key_id = ? WHERE id = ?",
                                 (sealed, keys.current, row_id))
            used = {row[0] for row in self._read("SELECT DISTINCT key_id FROM items WHERE "
                                                 "key_id IS NOT NULL UNION SELECT DISTINCT "
                                                 "key_id FROM evidence")}
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

    def has_item(self, idempotency_key: str) -> bool:
        """Whether an item with this idempotency key was ever queued (and not purged yet)."""
        return bool(self._read("SELECT 1 FROM items WHERE idempotency_key = ?",
                               (idempotency_key,)))

    def claim(self, limit: int = 10, lease_s: float = 60.0, *,
              kinds: Collection[str] | None = None,
              not_kinds: Collection[str] = ()) -> list[OutboxItem]:
        """Up to `limit` due items, oldest first, leased for `lease_s` seconds; only of `kinds`
        when given, never of `not_kinds` (so one slow destination's items never hold up
        another's: each sender thread claims its own). An item whose
        lease ran out counts a failed attempt and is due again; one that cannot be opened goes
        to the dead letters rather than blocking the queue; one sealed under a key the key
        store lacks waits (uncounted) for IT to put the key back."""
        now = self._clock()
        self._purge_if_due(now)
        self._recheck_space()
        with self._write() as conn:
            self._repair_times(conn, now)
            conn.execute("UPDATE items SET attempts = attempts + 1, last_error = ?, failed_at = ?, "
                         "lease_until = NULL WHERE status = ? AND lease_until <= ?",
                         (LEASE_EXPIRED, now, PENDING, now))
            conn.execute("UPDATE items SET status = ? WHERE status = ? AND attempts >= ?",
                         (DEAD, PENDING, self.policy.max_attempts))
            only = "" if kinds is None else f" AND kind IN ({', '.join('?' * len(kinds))})"
            never = f" AND kind NOT IN ({', '.join('?' * len(not_kinds))})" if not_kinds else ""
            rows = conn.execute(
                "SELECT id, kind, idempotency_key, payload, attempts, created_at, last_error "
                f"FROM items WHERE status = ? AND lease_until IS NULL AND available_at <= ?{only}"
                f"{never} ORDER BY available_at, id LIMIT ?",
                (PENDING, now, *(kinds or ()), *not_kinds, limit)).fetchall()
            cipher, reloaded = self._keys(), False
            items = []
            for item_id, kind, key, blob, attempts, created_at, last_error in rows:
                try:
                    key_id = key_id_of(blob) if isinstance(blob, bytes) else None
                    if key_id is None:
                        raise PayloadError(detail="no sealed payload in the row")
                    if key_id not in cipher.keys.keys and not reloaded:
                        cipher, reloaded = self._keys(reload=True), True  # rotated elsewhere?
                    if key_id not in cipher.keys.keys:
                        self._hold_for_key(conn, item_id, key_id, now)
                        continue
                    payload = cipher.open(blob, _context(kind, key))
                except (PayloadError, OutboxKeyError) as exc:
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

    def _hold_for_key(self, conn: sqlite3.Connection, item_id: int, key_id: str,
                      now: float) -> None:
        """Not the item's fault: it is kept, due again after the longest backoff, uncounted."""
        conn.execute("UPDATE items SET available_at = ?, last_error = ?, failed_at = ? "
                     "WHERE id = ?", (now + self.policy.max_delay_s,
                                      f"{WAITING_FOR_KEY} {key_id}, not in "
                                      f"{self._key_store.where}", now, item_id))

    def _repair_times(self, conn: sqlite3.Connection, now: float) -> None:
        """A time no sender sets (far in the future, or not a number: a damaged row, or a clock
        set back) would hide an item for good: such an item is due now."""
        far = now + max(self.policy.max_delay_s, 3600.0) + _FAR_FUTURE_S
        conn.execute("UPDATE items SET lease_until = NULL WHERE status = ? AND lease_until IS "
                     "NOT NULL AND (typeof(lease_until) NOT IN ('real', 'integer') OR "
                     "lease_until > ?)", (PENDING, far))
        conn.execute("UPDATE items SET available_at = ? WHERE status = ? AND "
                     "(typeof(available_at) NOT IN ('real', 'integer') OR available_at > ?)",
                     (now, PENDING, far))

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
                           last[0][0] if last else None,
                           self._key_problem if self._cipher is not None else None)

    def entries(self, status: str | None = None, limit: int = 100) -> list[OutboxEntry]:
        """Items for staff to look at, oldest first, without their payloads."""
        now = self._clock()
        rows = self._read(
            "SELECT id, kind, idempotency_key, status, coalesce(lease_until > ?, 0), attempts, "
            "created_at, available_at, delivered_at, last_error FROM items "
            "WHERE ? IS NULL OR status = ? ORDER BY id LIMIT ?", (now, status, status, limit))
        return [OutboxEntry(*row[:4], bool(row[4]), *row[5:]) for row in rows]

    def purge(self) -> int:
        """Delete delivered items and evidence older than the retention time; returns how many
        rows went."""
        cutoff = self._clock() - self.retention_s
        with self._write() as conn:
            return (conn.execute("DELETE FROM items WHERE status = ? AND delivered_at < ?",
                                 (DELIVERED, cutoff)).rowcount
                    + conn.execute("DELETE FROM evidence WHERE created_at < ?",
                                   (cutoff,)).rowcount)

    # -- evidence kept with a check-in -----------------------------------------------------------

    def keep_evidence(self, checkin_id: str, label: str, record: dict) -> None:
        """Keep `record` (e.g. the gateway's raw reply) with the check-in under `label`, sealed
        like the items and durable on return; the same label again replaces it. Purged with
        delivered items after the retention time."""
        if not checkin_id or not label:
            raise PayloadError("The evidence to keep is incomplete.",
                               detail="checkin_id and label must be non-empty")
        with self._lock:
            blob = self._keys().seal(record, _evidence_context(checkin_id, label))
            with self._write() as conn:
                conn.execute("INSERT INTO evidence (checkin_id, label, payload, key_id, "
                             "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (checkin_id, label) "
                             "DO UPDATE SET payload = excluded.payload, key_id = excluded.key_id",
                             (checkin_id, label, blob, key_id_of(blob), self._clock()))

    def evidence(self, checkin_id: str) -> dict[str, dict]:
        """The evidence kept with a check-in, by label (empty once purged)."""
        rows = self._read("SELECT label, payload FROM evidence WHERE checkin_id = ? ORDER BY id",
                          (checkin_id,))
        cipher = self._keys()
        return {label: cipher.open(blob, _evidence_context(checkin_id, label))
                for label, blob in rows}

    def _purge_if_due(self, now: float) -> None:
        if now - self._last_purge >= _PURGE_EVERY_S:
            self._last_purge = now
            self._ensure_reserve()
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
