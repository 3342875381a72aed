"""Logging set-up: a size-capped rotating file in the platform's log folder, identifiers masked."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from terminal.privacy import mask_text

LOG_FILE_NAME = "checkin.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskingFilter(logging.Filter):
    """Rewrites each record's final text with identifiers masked.

    Code masks what it logs (`mask_id`, `mask_name`); this filter is the net under it, so a
    stray ID number in an exception text never lands in a file in clear.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def configure_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 1_000_000,
                      backups: int = 5, to_stderr: bool = False) -> Path:
    """Send the root logger to `log_dir/checkin.log` (rotating) and, optionally, to stderr."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_checkin", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                             encoding="utf-8")
    ]
    if to_stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler._checkin = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(MaskingFilter())
        root.addHandler(handler)
    root.setLevel(level.upper())
    # Pillow's DEBUG output lists each opened photo's EXIF tags, which can name the person in it.
    logging.getLogger("PIL").setLevel(max(root.level, logging.INFO))
    return path
