"""Where the outbox's encryption keys live: the OS keyring where a real backend exists, else a
0600 key file beside the database. Several keys are kept while a rotation is under way.

A queue's first key is made once: `create` never replaces a key set another process saved first
(the outbox also makes it under the database's write lock), so two processes starting a new
queue at the same moment end up sharing one key.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backends.fail
import keyring.errors

from offline_cache.errors import KeySetDamagedError, OutboxKeyError

log = logging.getLogger(__name__)

KEY_BYTES = 32  # AES-256
KEY_ID_BYTES = 4
KEYRING_SERVICE = "offline_cache.outbox"
#: A key file is a few hundred bytes; reading stops here (a device or a huge file put in its place).
MAX_KEY_TEXT = 64 * 1024
_CHECK_LABEL = b"offline_cache key check"


def key_check(key: bytes) -> str:
    """A check value of a key (as card schemes have): tells two keys with the same id apart
    without revealing either."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class KeySet:
    """The keys items may be sealed under; new items use `current`."""

    current: str
    keys: dict[str, bytes] = field(repr=False)

    @classmethod
    def generate(cls) -> KeySet:
        key_id = secrets.token_hex(KEY_ID_BYTES)
        return cls(current=key_id, keys={key_id: secrets.token_bytes(KEY_BYTES)})

    def rotated(self) -> KeySet:
        """A set with a fresh current key; the old keys stay so old items can still be read."""
        fresh = KeySet.generate()
        return KeySet(current=fresh.current, keys={**self.keys, **fresh.keys})

    def keeping(self, key_ids: set[str]) -> KeySet:
        """The current key plus those of `key_ids` (the ones items still use)."""
        kept = {k: v for k, v in self.keys.items() if k in key_ids or k == self.current}
        return KeySet(current=self.current, keys=kept)

    def with_current(self, key_id: str) -> KeySet:
        return KeySet(current=key_id, keys=self.keys)

    def merged(self, other: KeySet) -> KeySet:
        """This set with the keys of `other` added (this set's current key stays current)."""
        return KeySet(current=self.current, keys={**other.keys, **self.keys})

    def to_text(self) -> str:
        return json.dumps({"current": self.current,
                           "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()}})

    @classmethod
    def from_text(cls, text: str) -> KeySet:
        """Parse a stored key set; anything malformed is an OutboxKeyError, never a crash."""
        try:
            data = json.loads(text)
            current = data["current"]
            keys = {str(k): base64.b64decode(v, validate=True) for k, v in data["keys"].items()}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise KeySetDamagedError(
                detail=f"stored key set is malformed: {type(exc).__name__}") from None
        if not isinstance(current, str) or current not in keys or \
                any(len(v) != KEY_BYTES or len(k) != 2 * KEY_ID_BYTES for k, v in keys.items()):
            raise KeySetDamagedError(detail="stored key set is malformed: bad ids or key lengths")
        return cls(current=current, keys=keys)


class KeyStore(Protocol):
    """Loads and saves the key set of one outbox database."""

    where: str

    def load(self) -> KeySet | None: ...

    def save(self, keys: KeySet) -> None: ...

    def create(self, keys: KeySet) -> KeySet:
        """Save `keys` only where no key set is stored yet; returns the set stored after."""
        ...


def read_key_text(path: Path) -> str:
    """A key file's text, read up to MAX_KEY_TEXT; anything but a regular file (a device, a
    pipe, a folder put in its place) is refused without reading it. FileNotFoundError passes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise OutboxKeyError(detail=f"cannot read {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise KeySetDamagedError(detail=f"{path} is not a regular file: not a key file")
        with os.fdopen(fd, "rb", closefd=False) as source:
            data = source.read(MAX_KEY_TEXT + 1)
    except OSError as exc:
        raise OutboxKeyError(detail=f"cannot read {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_KEY_TEXT:
        raise KeySetDamagedError(detail=f"{path} is over {MAX_KEY_TEXT} bytes: not a key file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise KeySetDamagedError(detail=f"{path} is not text: not a key file") from None


class FileKeyStore:
    """The key set in a file readable by its owner only (mode 0600), replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = f"key file {path}"

    def load(self) -> KeySet | None:
        try:
            text = read_key_text(self.path)
        except FileNotFoundError:
            return None
        return KeySet.from_text(text)

    def save(self, keys: KeySet) -> None:
        tmp = self._write_temporary(keys)
        try:
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            raise OutboxKeyError(detail=f"cannot write {self.path}: {exc.strerror}") from None
        finally:
            _remove(tmp)

    def create(self, keys: KeySet) -> KeySet:
        """Link a complete file into place, which fails when one is there already: no process
        ever sees half a key file, and none replaces a key another made first."""
        tmp = self._write_temporary(keys)
        try:
            os.link(tmp, self.path)
        except FileExistsError:
            pass  # another process made the key first: use it
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
                raise OutboxKeyError(detail=f"cannot write {self.path}: {exc.strerror}") from None
            self._create_in_place(keys)  # a file system without hard links
        finally:
            _remove(tmp)
        try:
            _fsync_dir(self.path.parent)
        except OSError as exc:
            raise OutboxKeyError(detail=f"cannot write {self.path}: {exc.strerror}") from None
        stored = self.load()
        if stored is None:
            raise OutboxKeyError(detail=f"{self.path} vanished right after it was made")
        return stored

    def _create_in_place(self, keys: KeySet) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        except OSError as exc:
            raise OutboxKeyError(detail=f"cannot write {self.path}: {exc.strerror}") from None
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(keys.to_text())
            out.flush()
            os.fsync(out.fileno())

    def _write_temporary(self, keys: KeySet) -> Path:
        """The key set in a 0600 file of a name no other process uses, on the disk."""
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(keys.to_text())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)  # the umask must not widen it
        except OSError as exc:
            _remove(tmp)
            raise OutboxKeyError(detail=f"cannot write {self.path}: {exc.strerror}") from None
        return tmp


class KeyringKeyStore:
    """The key set as one secret in the OS keyring, named after the database file."""

    def __init__(self, db_path: Path) -> None:
        self.username = str(db_path.resolve())
        self.where = f"OS keyring ({KEYRING_SERVICE} / {self.username})"

    def load(self) -> KeySet | None:
        try:
            text = keyring.get_password(KEYRING_SERVICE, self.username)
        except keyring.errors.KeyringError as exc:
            raise OutboxKeyError(detail=f"keyring read failed: {type(exc).__name__}") from None
        return None if text is None else KeySet.from_text(text)

    def save(self, keys: KeySet) -> None:
        try:
            keyring.set_password(KEYRING_SERVICE, self.username, keys.to_text())
        except keyring.errors.KeyringError as exc:
            raise OutboxKeyError(detail=f"keyring write failed: {type(exc).__name__}") from None

    def create(self, keys: KeySet) -> KeySet:
        """The keyring has no create-if-absent: the outbox calls this under the database's write
        lock, which every process using this queue takes before making its key."""
        stored = self.load()
        if stored is not None:
            return stored
        self.save(keys)
        return self.load() or keys


def keyring_available() -> bool:
    """True when the keyring has a real backend (not the `fail` one chosen when none exists)."""
    backend = keyring.get_keyring()
    return not isinstance(backend, keyring.backends.fail.Keyring) and backend.priority > 0


def key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".key")


def default_key_store(db_path: Path) -> KeyStore:
    """A key file already beside the database wins (so keys are never looked for in two places
    at once); else the keyring where a real backend exists; else a new key file."""
    key_file = key_file_path(db_path)
    if key_file.exists() or not keyring_available():
        return FileKeyStore(key_file)
    return KeyringKeyStore(db_path)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a stray temporary file is untidy, not a fault
        log.warning("cannot remove %s: %s", path, exc.strerror)


def _fsync_dir(path: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
