"""Run the real `checkin` CLI from the checkout as IT would, and what its tests need around it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.support.repo import ROOT


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
