"""The terminal's secret key for person tags (privacy.keyed_tag): made once, kept 0600 beside the
day book, so every kiosk process sharing the book tags a person alike and a copy of the book alone
cannot be matched to ID numbers."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from terminal.checkin.daybook import DayBookError

KEY_BYTES = 32


def person_key_path(daybook_path: Path) -> Path:
    return daybook_path.with_name(daybook_path.name + ".key")


def load_person_key(path: Path) -> bytes:
    """The key in `path`, made (random, 0600) when the file does not exist yet."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(tmp, path)  # atomic: of two processes racing, one key wins for both
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        key = path.read_bytes()
    except OSError as exc:
        raise DayBookError("The terminal cannot keep its local records (the key file of the day "
                           "book cannot be read or made). Call IT.",
                           detail=f"{path}: {exc!r}") from exc
    if len(key) != KEY_BYTES:
        raise DayBookError("The key file of the day book is damaged. Call IT (deleting it makes "
                           "a new one; today's repeat-ticket guard then starts afresh).",
                           detail=f"{path}: {len(key)} bytes")
    return key
