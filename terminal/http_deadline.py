"""One deadline for a whole HTTP request (connect, status line and headers, body, and urllib3's
own retries): when it passes, the request's socket is shut down from a timer thread, so a server
dripping its headers a byte a second cannot hold the caller past it.

requests' timeouts bound each wait for data, not the request: a byte every few seconds keeps any
read timeout from firing. Sessions made with `deadline_session()` mount adapters whose
connections report their socket to the deadline of the thread that uses them; a request is run
inside `whole_request_deadline(seconds)`, which says afterwards whether it was cut.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Deadline:
    """The deadline of the request running in one thread; `expired` once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._connections: list[HTTPConnection] = []

    def remaining(self) -> float:
        return max(0.0, self.ends_at - time.monotonic())

    def watch(self, connection: HTTPConnection) -> None:
        with self._lock:
            self._connections.append(connection)
            if self.expired:
                _cut(connection)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for connection in self._connections:
                _cut(connection)


def _cut(connection: HTTPConnection) -> None:
    """Shut the socket down under whatever read or write waits on it (it then returns at once,
    as at the end of a connection); urllib3 drops the connection after."""
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    try:
        # socket.socket's own shutdown: an SSL socket's would drop its TLS state under the
        # thread still reading.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # closed meanwhile


@contextmanager
def whole_request_deadline(seconds: float) -> Iterator[Deadline]:
    """Run one request (and the reading of its body) within `seconds`."""
    deadline = Deadline(seconds)
    outer = getattr(_current, "deadline", None)
    _current.deadline = deadline
    timer = threading.Timer(seconds, deadline.expire)
    timer.daemon = True
    timer.start()
    try:
        yield deadline
    finally:
        timer.cancel()
        _current.deadline = outer


def _watch_current(connection: HTTPConnection) -> None:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(connection)


class _Watched:
    """Reports the connection to the thread's deadline before each request and after a
    connect (a pooled connection is reused without one)."""

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _watch_current(self)  # type: ignore[arg-type]

    def request(self, *args, **kwargs):
        _watch_current(self)  # type: ignore[arg-type]
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections (direct or through a proxy) obey the deadline."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


def mount_deadline_adapters(session: requests.Session, adapter: DeadlineAdapter) -> None:
    session.mount("http://", adapter)
    session.mount("https://", adapter)
