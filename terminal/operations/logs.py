"""Logging set-up: a size-capped rotating file in the platform's log folder, optionally the local
syslog socket too (for the hospital's collector), identifiers masked, each line naming the kiosk."""

from __future__ import annotations

import errno
import logging
import logging.handlers
from pathlib import Path

from terminal.privacy import mask_text

LOG_FILE_NAME = "checkin.log"
_FORMAT = "%(asctime)s %(levelname)s kiosk=%(kiosk)s site=%(site)s %(name)s: %(message)s"
#: Syslog adds its own time and host; the tag `checkin:` is what rsyslog / journald filter on.
_SYSLOG_FORMAT = "checkin[%(process)d]: %(levelname)s kiosk=%(kiosk)s site=%(site)s %(name)s: %(message)s"


class KioskFilter(logging.Filter):
    """Puts the kiosk's id and site on every record (`%(kiosk)s`, `%(site)s`), so a collector
    holding the lines of fifty kiosks can tell them apart."""

    def __init__(self, kiosk: str, site: str) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.site = site

    def filter(self, record: logging.LogRecord) -> bool:
        record.kiosk = self.kiosk
        record.site = self.site
        return True


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


def syslog_handler(socket_path: str, facility: str = "local0") -> logging.Handler:
    """A handler writing to the local syslog socket (a unix datagram socket such as /dev/log,
    served by journald or rsyslog); FileNotFoundError when there is no such socket. Once made,
    the handler reconnects by itself when journald or rsyslog restarts."""
    if not Path(socket_path).exists():  # the handler itself would drop every line silently
        raise FileNotFoundError(errno.ENOENT, "no syslog socket", socket_path)
    handler = logging.handlers.SysLogHandler(
        address=socket_path,
        facility=logging.handlers.SysLogHandler.facility_names[facility])
    handler.setFormatter(logging.Formatter(_SYSLOG_FORMAT))
    return handler


def configure_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 1_000_000,
                      backups: int = 5, to_stderr: bool = False, *, kiosk: str = "",
                      site: str = "", syslog: str = "", syslog_facility: str = "local0") -> Path:
    """Send the root logger to `log_dir/checkin.log` (rotating), optionally to the syslog socket
    `syslog` and to stderr; every line masked and naming the kiosk."""
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
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
    if to_stderr:
        handlers.append(logging.StreamHandler())
        handlers[-1].setFormatter(logging.Formatter(_FORMAT))
    if syslog:
        handlers.append(syslog_handler(syslog, syslog_facility))
    for handler in handlers:
        handler._checkin = True  # type: ignore[attr-defined]
        handler.addFilter(KioskFilter(kiosk or "-", site or "-"))
        handler.addFilter(MaskingFilter())
        root.addHandler(handler)
    root.setLevel(level.upper())
    # Pillow's DEBUG output lists each opened photo's EXIF tags, which can name the person in it.
    logging.getLogger("PIL").setLevel(max(root.level, logging.INFO))
    return path
