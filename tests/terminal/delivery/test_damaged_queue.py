"""A damaged queue at start (issue 17 item 7): whatever stands at the queue's path, delivery
starts as the kiosk starts it, says what is wrong, sets the file aside untouched, and the next
check-in reaches the HIS through a fresh queue; no item is sent twice."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from offline_cache.errors import OutboxCorruptError, OutboxSchemaError
from offline_cache.key_store import FileKeyStore, KeySet
from offline_cache.outbox import Outbox
from offline_cache.schema import CURRENT_VERSION
from terminal.checkin.outbox_sink import OutboxSink
from terminal.checkin.records import Device, Health
from terminal.config import config_from_dict
from terminal.delivery.checkin_payload import KIND_CHECKIN
from terminal.delivery.service import DeliveryService
from tests.support.sample_checkins import sample_checkin
from tests.support.polling import wait_for
from tests.support.repo import ROOT



def _queue_with_items(path: Path, count: int = 3) -> None:
    with Outbox(path) as outbox:
        for n in range(count):
            record = sample_checkin(n, "old")
            outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)


def _patch(path: Path, offset: int, value: bytes) -> None:
    data = bytearray(path.read_bytes())
    data[offset:offset + len(value)] = value
    path.write_bytes(bytes(data))


def _replace_in_file(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) == 1 and len(old) == len(new)
    path.write_bytes(data.replace(old, new))


def bad_magic(path):
    _queue_with_items(path)
    _patch(path, 0, b"SQLite formaT")


def bad_page_size_byte(path):
    _queue_with_items(path)
    _patch(path, 16, b"\x10\x01")


def bad_write_version_byte(path):
    _queue_with_items(path)
    _patch(path, 18, b"\x07")


def bad_payload_fraction_byte(path):
    _queue_with_items(path)
    _patch(path, 21, b"\x41")


def bad_text_encoding_byte(path):
    _queue_with_items(path)
    _patch(path, 59, b"\x02")  # UTF-16le: every text would read as other text


def folder_in_its_place(path):
    path.mkdir()
    (path / "something").write_text("x")


def broken_link_in_its_place(path):
    path.symlink_to(path.parent / "gone" / "outbox.sqlite3")


def link_to_a_device(path):
    path.symlink_to("/dev/zero")


def pipe_in_its_place(path):
    os.mkfifo(path)


def folder_for_its_journal(path):
    _queue_with_items(path)
    Path(f"{path}-wal").mkdir()


def newer_schema(path):
    _queue_with_items(path)
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")


def column_type_altered(path):
    _queue_with_items(path)
    _replace_in_file(path, b'"available_at" REAL', b'"available_at" TEXT')


def id_no_longer_the_row_id(path):
    """One flipped byte: `id` becomes an ordinary column, empty in every row; the sender used to
    post the same check-ins again on every pass, as no ack could name them."""
    _queue_with_items(path)
    _replace_in_file(path, b'"items" (\n   "id" INTEGER PRIMARY',
                     b'"items" (\n   "id" INTEGEQ PRIMARY')


def index_column_altered(path):
    _queue_with_items(path)
    with sqlite3.connect(path) as raw:  # as a flipped byte in the schema text would leave it
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute("UPDATE sqlite_master SET sql = replace(sql, '\"status\", ', '') "
                    "WHERE name = 'items_due'")


def invalid_utf8_text(path):
    _queue_with_items(path)
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE items SET last_error = CAST(x'c3ff41' AS TEXT) WHERE id = 1")


def garbage_key_file(path):
    _queue_with_items(path)
    path.with_name(path.name + ".key").write_bytes(b"\x00garbage" * 10)


SET_ASIDE = [bad_magic, bad_page_size_byte, bad_write_version_byte, bad_payload_fraction_byte,
             bad_text_encoding_byte, folder_in_its_place, broken_link_in_its_place,
             link_to_a_device, pipe_in_its_place, folder_for_its_journal, newer_schema,
             column_type_altered, id_no_longer_the_row_id, index_column_altered,
             garbage_key_file]


def _open_delivery(tmp_path, his) -> DeliveryService:
    config = config_from_dict({"queue": {"path": str(tmp_path / "outbox.sqlite3")},
                               "his": {"base_url": his.base_url}})
    return DeliveryService.open(config, his.base_url)


def _queue_status(service: DeliveryService):
    [queue] = [s for s in OutboxSink(service, "79001").statuses() if s.device is Device.QUEUE]
    return queue


@pytest.mark.parametrize("damage", SET_ASIDE, ids=lambda d: d.__name__)
def test_a_damaged_queue_is_set_aside_said_and_check_ins_go_on(tmp_path, his, damage):
    path = tmp_path / "outbox.sqlite3"
    damage(path)
    before = {p.name for p in tmp_path.iterdir()}
    service = _open_delivery(tmp_path, his)
    try:
        fault = service.startup_fault
        assert isinstance(fault, (OutboxCorruptError, OutboxSchemaError))
        assert fault.moved_to is not None and os.path.lexists(fault.moved_to)
        assert fault.moved_to.name in fault.message and "Call IT" in fault.message
        assert fault.moved_to.name not in before  # moved, not copied: nothing was deleted
        queue = _queue_status(service)
        assert queue.health is Health.DEGRADED and fault.message in queue.summary
        service.queue_checkin(sample_checkin(1, "new"))
        wait_for(lambda: len(his.received()) == 1)
        wait_for(lambda: service.sender.state().waiting == 0)
    finally:
        service.close()
    assert his.duplicates == 0


def test_a_key_file_replaced_by_another_key_keeps_the_items_and_says_so(tmp_path, his):
    path = tmp_path / "outbox.sqlite3"
    _queue_with_items(path)
    FileKeyStore(path.with_name(path.name + ".key")).save(KeySet.generate())
    service = _open_delivery(tmp_path, his)
    try:
        assert service.startup_fault is None
        queue = _queue_status(service)
        assert queue.health is Health.DEGRADED
        assert "3 waiting item(s) are sealed under a key" in queue.summary
        service.queue_checkin(sample_checkin(1, "new"))
        # the HIS has it a moment before the sender marks it delivered: wait for both
        wait_for(lambda: len(his.received()) == 1 and service.outbox.stats().waiting == 3)
        stats = service.outbox.stats()
        assert (stats.waiting, stats.dead) == (3, 0)
    finally:
        service.close()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "terminal", *args], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=180)


def test_the_terminal_starts_on_a_damaged_queue_says_so_and_keeps_checking_in(tmp_path):
    """As `checkin run` builds it (build_terminal), through the CLI: a folder where the queue
    file should be used to end every start with a traceback."""
    config = tmp_path / "checkin.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path}"\n[logging]\ndir = "{tmp_path / "log"}"\n')
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "outbox.sqlite3").mkdir()  # the demo's own queue
    said = []
    for _run in range(2):  # and again on the next start: the fresh queue is used
        done = _cli("--config", str(config), "demo", "--json", "--reader", "in-process")
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        result = json.loads(done.stdout)
        assert result["ticket"] and result["sent_to_his_ms"] is not None
        said.append([line for line in done.stderr.splitlines() if line.startswith("queue: ")])
    assert len(said[0]) == 1 and said[1] == []
    assert "a folder stands where the queue file should be" in said[0][0]
    assert len(list((tmp_path / "demo").glob("outbox.sqlite3.corrupt-*"))) == 1


def test_queue_status_on_a_damaged_queue_is_one_line_and_a_non_zero_exit(tmp_path):
    config = tmp_path / "checkin.toml"
    queue = tmp_path / "q.sqlite3"
    config.write_text(f'[queue]\npath = "{queue}"\n[logging]\ndir = "{tmp_path / "log"}"\n')
    newer_schema(queue)
    done = _cli("--config", str(config), "queue", "status")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("checkin: The offline queue file comes from a newer")
    assert len(done.stderr.strip().splitlines()) == 1
    done = _cli("--config", str(config), "queue", "status")
    assert done.returncode == 0 and "waiting:         0" in done.stdout
