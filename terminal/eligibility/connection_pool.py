"""The gateway client's HTTP connection pool (a requests Session): TLS verification (optionally a
clinic CA bundle), an explicit proxy, retries only where a retry is safe, and connections that
obey a whole-request deadline (terminal.http_deadline).

Safe to retry: a connection that never opened (refused, connect timeout) and 502/503/504 from the
gateway or a proxy, which say the request was not processed. Not retried at once: a read timeout
or a connection dropped after the request went out. The gateway may be working on it, and a second
wait would hold up the desk; the result is "pending" and the lookup is retried later.
"""

from __future__ import annotations

import logging

import requests
from urllib3.util.retry import Retry

from terminal.eligibility.errors import redact
from terminal.http_deadline import DeadlineAdapter, mount_deadline_adapters

RETRY_STATUSES = (502, 503, 504)
BACKOFF_FACTOR_S = 0.2
BACKOFF_MAX_S = 2.0
POOL_SIZE = 4


class RedactingFilter(logging.Filter):
    """Rewrites a record with gateway credentials (query-string tokens) replaced by ***.

    urllib3 logs request URLs at DEBUG and retries at WARNING; the gateway's URLs carry the token
    and the password hash, so its loggers get this filter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        return True


def guard_library_logs() -> None:
    """Add the redacting filter to urllib3's loggers (once)."""
    for name in ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.connection"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


def open_connection_pool(retries: int, ca_bundle: str = "",
                         proxy: str = "") -> requests.Session:
    """A requests session for the gateway; the environment's proxy and CA settings are ignored
    so that the config alone decides (a kiosk must behave the same under any login shell)."""
    guard_library_logs()
    retry = Retry(total=retries, connect=retries, read=0, status=retries, other=0, redirect=0,
                  allowed_methods=frozenset({"POST"}), status_forcelist=RETRY_STATUSES,
                  backoff_factor=BACKOFF_FACTOR_S, backoff_max=BACKOFF_MAX_S,
                  respect_retry_after_header=False, raise_on_status=False,
                  raise_on_redirect=False)
    adapter = DeadlineAdapter(max_retries=retry, pool_connections=1, pool_maxsize=POOL_SIZE)
    session = requests.Session()
    session.trust_env = False
    mount_deadline_adapters(session, adapter)
    session.verify = ca_bundle or True
    if proxy:
        session.proxies = {"http": proxy, "https": proxy}
    session.headers.update({"Accept": "application/json", "User-Agent": "checkin-terminal"})
    return session
