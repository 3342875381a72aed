"""A disk already full when the terminal starts (issue 17 item 8): the terminal starts as the
kiosk builds it, says "disk full", and still sends what the queue holds. Real: a small tmpfs,
filled to the last byte (needs root to mount; skipped otherwise)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from offline_cache.errors import OutboxFullError
from terminal.checkin.assembly import build_terminal
from terminal.checkin.daybook import DayBook
from terminal.checkin.outbox_sink import OutboxSink
from terminal.checkin.records import Device, Health
from terminal.config import config_from_dict
from terminal.delivery.service import DeliveryService
from tests.support.sample_checkins import sample_checkin
from tests.support.polling import wait_for
from tests.support.repo import ROOT



@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def _fill(disk: Path) -> None:
    """Write until the disk refuses another byte."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, bytes(size))
            except OSError:
                continue
    finally:
        os.close(fd)
    assert os.statvfs(disk).f_bavail == 0


def _config(disk: Path, his_url: str, tmp_path: Path):
    return config_from_dict({"paths": {"data_dir": str(disk)}, "his": {"base_url": his_url},
                             "logging": {"dir": str(tmp_path / "log")}})


def _queue_while_his_is_down(disk: Path, tmp_path: Path, count: int = 3) -> None:
    """A terminal that ran before: its day book there, check-ins waiting for the HIS."""
    down = _config(disk, "http://127.0.0.1:9", tmp_path)  # nothing listens on the discard port
    DayBook(down.journal_path).close()
    service = DeliveryService.open(down, down.his.base_url)
    try:
        for n in range(count):
            service.queue_checkin(sample_checkin(n, "full"))
    finally:
        service.close()


def test_on_a_full_disk_the_terminal_starts_says_so_and_sends_what_waits(small_disk, his,
                                                                         tmp_path):
    _queue_while_his_is_down(small_disk, tmp_path)
    assert (small_disk / "outbox.sqlite3.reserve").exists()
    _fill(small_disk)

    with build_terminal(_config(small_disk, his.base_url, tmp_path)) as terminal:
        fault = terminal.delivery.startup_fault
        assert isinstance(fault, OutboxFullError) and "disk is full" in fault.message
        [queue] = [s for s in OutboxSink(terminal.delivery, "79001").statuses()
                   if s.device is Device.QUEUE]
        assert queue.health is Health.DEGRADED and "disk is full" in queue.summary
        wait_for(lambda: len(his.received()) == 3, timeout_s=20)
        wait_for(lambda: terminal.delivery.sender.state().waiting == 0)
    assert his.duplicates == 0


def test_queue_status_on_a_full_disk_says_disk_full(small_disk, tmp_path):
    _queue_while_his_is_down(small_disk, tmp_path)
    (small_disk / "outbox.sqlite3.reserve").unlink()  # no reserve left: the file is held alone
    _fill(small_disk)
    config = tmp_path / "checkin.toml"
    config.write_text(f'[paths]\ndata_dir = "{small_disk}"\n'
                      f'[logging]\ndir = "{tmp_path / "log"}"\n')
    done = subprocess.run([sys.executable, "-m", "terminal", "--config", str(config), "queue",
                           "status"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    assert "waiting:         3" in done.stdout and "disk is full" in done.stdout
