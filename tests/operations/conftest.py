"""Helpers for the operations tests: run the real `checkin` CLI, write configs, real servers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_checkin(*args: str, stdin: str = "", timeout: float = 120,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m terminal ARGS` from the checkout, as IT would type `checkin ARGS`; `env` is
    added to this process's environment."""
    return subprocess.run([sys.executable, "-m", "terminal", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def doctor_json(config: Path, *parts: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    args = ["--config", str(config), "doctor", "--json", "--timeout", "20"]
    for part in parts:
        args += ["--part", part]
    done = run_checkin(*args, env=env)
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def check_of(report: dict, part: str) -> dict:
    return next(check for check in report["checks"] if check["part"] == part)


def write_config(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
