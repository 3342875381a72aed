"""Fixtures for the operations tests: real servers (the CLI helpers are tests/support/checkin_cli.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

class _SkewedClock(BaseHTTPRequestHandler):
    skew_s = 0.0

    def date_time_string(self, timestamp=None) -> str:
        return formatdate(time.time() + self.skew_s, usegmt=True)

    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def skewed_server() -> Iterator[Callable[[float], str]]:
    """Start a loopback HTTP server whose `Date` is `skew_s` ahead; returns its URL."""
    servers = []

    def start(skew_s: float) -> str:
        handler = type("Handler", (_SkewedClock,), {"skew_s": skew_s})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
