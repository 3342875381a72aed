"""A file named by the user or the config (a config, a photo, a key, a password, a data file),
read with bounds: only a regular file, never more than a cap, and never a wait (a pipe or a
device in its place is refused before a byte is read). Errors name the file and what it is for.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from terminal.errors import TerminalError


class InputFileError(TerminalError):
    """A file given as input is missing, not a regular file, too large or unreadable."""


def check_input_file(path: str | os.PathLike, what: str, max_bytes: int) -> Path:
    """The path, when it names a regular file of at most `max_bytes` (without opening it)."""
    where = Path(path).expanduser()
    try:
        st = os.stat(where)
    except FileNotFoundError:
        raise InputFileError(f"{what} {where} does not exist.") from None
    except OSError as exc:
        raise InputFileError(f"{what} {where} cannot be read: {exc.strerror}.") from None
    _check_stat(where, st, what, max_bytes)
    return where


def read_input_file(path: str | os.PathLike, what: str, max_bytes: int) -> bytes:
    """The bytes of `path`, a regular file of at most `max_bytes`; else InputFileError."""
    where = Path(path).expanduser()
    try:
        # O_NONBLOCK: opening a pipe for reading would wait for a writer.
        fd = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) |
                     getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputFileError(f"{what} {where} does not exist.") from None
    except OSError as exc:
        raise InputFileError(f"{what} {where} cannot be read: {exc.strerror}.") from None
    try:
        _check_stat(where, os.fstat(fd), what, max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as source:
            data = source.read(max_bytes + 1)
    except OSError as exc:
        raise InputFileError(f"{what} {where} cannot be read: {exc.strerror}.") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while being read
        raise InputFileError(_too_large(what, where, max_bytes))
    return data


def read_input_text(path: str | os.PathLike, what: str, max_bytes: int) -> str:
    """As `read_input_file`, decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_input_file(path, what, max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{what} {Path(path).expanduser()} is not UTF-8 text.") from None


def _check_stat(where: Path, st: os.stat_result, what: str, max_bytes: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"{what} {where} is a folder, not a file.")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(f"{what} {where} is not a regular file (a device or a pipe).")
    if st.st_size > max_bytes:
        raise InputFileError(_too_large(what, where, max_bytes))


def _too_large(what: str, where: Path, max_bytes: int) -> str:
    return f"{what} {where} is larger than {_size(max_bytes)}: not the file expected."


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n // 1024} KiB"
