"""Where the outbox's encryption keys live: the OS keyring where a real backend exists, else a
0600 key file beside the database. Several keys are kept while a rotation is under way."""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backends.fail
import keyring.errors

from offline_cache.errors import OutboxKeyError

KEY_BYTES = 32  # AES-256
KEY_ID_BYTES = 4
KEYRING_SERVICE = "offline_cache.outbox"


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
            raise OutboxKeyError(detail=f"stored key set is malformed: {type(exc).__name__}") from None
        if not isinstance(current, str) or current not in keys or \
                any(len(v) != KEY_BYTES or len(k) != 2 * KEY_ID_BYTES for k, v in keys.items()):
            raise OutboxKeyError(detail="stored key set is malformed: bad ids or key lengths")
        return cls(current=current, keys=keys)


class KeyStore(Protocol):
    """Loads and saves the key set of one outbox database."""

    where: str

    def load(self) -> KeySet | None: ...

    def save(self, keys: KeySet) -> None: ...


class FileKeyStore:
    """The key set in a file readable by its owner only (mode 0600), replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = f"key file {path}"

    def load(self) -> KeySet | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise OutboxKeyError(detail=f"cannot read {self.path}: {exc.strerror}") from None
        return KeySet.from_text(text)

    def save(self, keys: KeySet) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(keys.to_text())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)  # the umask or an older file must not widen it
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            raise OutboxKeyError(detail=f"cannot write {self.path}: {exc.strerror}") from None


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


def _fsync_dir(path: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
