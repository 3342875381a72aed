"""Secrets the terminal needs (the gateway password, the kiosk PIN): read from the config, a file
the config names, the OS keyring, or the terminal's own 0600 secrets file; never logged.

A secret is named `table.key` (e.g. `gateway.password`). Looked up in this order: the config value,
the file named by `table.key_file`, the keyring (service "checkin-terminal"), the secrets file in
the user's config folder. `store_secret` writes to the keyring when a real backend exists, else to
that file (created 0600, replaced atomically).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import fail

from terminal import paths
from terminal.config import Config
from terminal.errors import TerminalError
from terminal.input_file import InputFileError, read_input_text

log = logging.getLogger(__name__)

KEYRING_SERVICE = "checkin-terminal"
SECRETS_FILE_NAME = "secrets.json"


class SecretError(TerminalError):
    """A secret's file cannot be read or written."""


def secrets_file() -> Path:
    return paths.user_config_file().parent / SECRETS_FILE_NAME


def _keyring_usable() -> bool:
    return not isinstance(keyring.get_keyring(), fail.Keyring)


#: A secret (or the secrets file) is short; a larger file is not one (or is a device).
MAX_SECRET_FILE_BYTES = 64 * 1024


def _read_file(path: Path, name: str) -> str:
    try:
        return read_input_text(path, f"The file holding {name},", MAX_SECRET_FILE_BYTES).strip()
    except InputFileError as exc:
        raise SecretError(exc.message, detail=f"{path}: {exc.detail}") from None


def _read_store(name: str) -> str:
    path = secrets_file()
    if not path.is_file():
        return ""
    try:
        data = json.loads(_read_file(path, name) or "{}")
    except ValueError:
        raise SecretError(f"The secrets file {path} is damaged; set {name} again.",
                          detail="not JSON") from None
    value = data.get(name, "") if isinstance(data, dict) else ""
    return value if isinstance(value, str) else ""


def read_secret(name: str, config: Config) -> str:
    """The secret `name`, or "" when it is set nowhere."""
    table_name, _, key = name.partition(".")
    table = getattr(config, table_name, None)
    if value := getattr(table, key, ""):
        return value
    if file_name := getattr(table, f"{key}_file", ""):
        return _read_file(Path(file_name).expanduser(), name)
    if _keyring_usable():
        try:
            if value := keyring.get_password(KEYRING_SERVICE, name) or "":
                return value
        except keyring.errors.KeyringError as exc:
            log.warning("keyring lookup of %s failed: %s", name, type(exc).__name__)
    return _read_store(name)


def store_secret(name: str, value: str) -> str:
    """Keep `value` as the secret `name`; returns where it went ("keyring" or the file path)."""
    if _keyring_usable():
        try:
            keyring.set_password(KEYRING_SERVICE, name, value)
            return "keyring"
        except keyring.errors.KeyringError as exc:
            log.warning("keyring store of %s failed (%s); using the secrets file", name,
                        type(exc).__name__)
    path = secrets_file()
    data = {}
    if path.is_file():
        try:
            loaded = json.loads(_read_file(path, name) or "{}")
            data = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            log.warning("secrets file was damaged; rewriting it")
    data[name] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secrets-")  # created 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except OSError as exc:
        raise SecretError(f"The secret {name} cannot be stored: {exc.strerror}.",
                          detail=repr(exc)) from None
    return str(path)
