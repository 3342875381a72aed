"""Faults of the file underneath: a damaged database is set aside loudly, a full disk refuses
the new item and keeps the queue intact, a newer schema is not touched."""

from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest

from offline_cache.errors import OutboxCorruptError, OutboxFullError, OutboxSchemaError
from offline_cache.schema import CURRENT_VERSION

BULKY = {"photo": os.urandom(3000).hex()}  # incompressible, so the file really grows


def test_garbage_file_is_moved_aside_and_a_new_queue_started(make_outbox, tmp_path):
    path = tmp_path / "outbox.sqlite3"
    garbage = b"this is not a database, " * 400
    path.write_bytes(garbage)
    with pytest.raises(OutboxCorruptError) as info:
        make_outbox()
    moved = info.value.moved_to
    assert moved.read_bytes() == garbage
    assert moved.parent == tmp_path and moved.name.startswith("outbox.sqlite3.corrupt-")
    assert "damaged" in info.value.message
    outbox = make_outbox()
    outbox.enqueue("k", {"n": 1}, "a")
    assert outbox.claim(1, 30)[0].payload == {"n": 1}


def test_damaged_pages_are_detected_and_set_aside(make_outbox, tmp_path):
    outbox = make_outbox()
    for n in range(30):
        outbox.enqueue("k", BULKY, f"key-{n}")
    outbox.close()
    path = tmp_path / "outbox.sqlite3"
    data = bytearray(path.read_bytes())
    assert len(data) > 8 * 4096
    data[4096 * 2:4096 * 6] = os.urandom(4096 * 4)  # B-tree pages overwritten, header intact
    path.write_bytes(bytes(data))
    with pytest.raises(OutboxCorruptError) as info:
        make_outbox()
    assert info.value.moved_to.read_bytes() == bytes(data)
    assert make_outbox().stats().waiting == 0


def test_size_limit_reached_fails_enqueue_clearly_and_keeps_the_queue(make_outbox):
    outbox = make_outbox(max_size_bytes=96 * 1024)
    kept = _fill_until_full(outbox)
    outbox.close()
    _assert_all_deliverable(make_outbox(max_size_bytes=None), kept)


@pytest.fixture
def tiny_filesystem(tmp_path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {result.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_full_filesystem_fails_enqueue_clearly_and_keeps_the_queue(tiny_filesystem, clock):
    from offline_cache.outbox import Outbox

    with Outbox(tiny_filesystem / "outbox.sqlite3", clock=clock) as outbox:
        kept = _fill_until_full(outbox)
        subprocess.run(["mount", "-o", "remount,size=2m", str(tiny_filesystem)], check=True)
        _assert_all_deliverable(outbox, kept)


def _fill_until_full(outbox) -> list[str]:
    kept = []
    for n in range(1000):
        try:
            outbox.enqueue("k", {**BULKY, "n": n}, f"key-{n}")
        except OutboxFullError as exc:
            assert "disk is full" in exc.message
            assert len(kept) >= 5
            assert [e.idempotency_key for e in outbox.entries(limit=1000)] == kept
            return kept
        kept.append(f"key-{n}")
    raise AssertionError("the queue never filled up")


def _assert_all_deliverable(outbox, kept: list[str]) -> None:
    """Once there is room again, every item kept before the fault is claimed whole."""
    items = outbox.claim(limit=1000, lease_s=30)
    assert [item.idempotency_key for item in items] == kept
    assert [item.payload for item in items] == [{**BULKY, "n": n} for n in range(len(kept))]


def test_database_from_a_newer_version_is_set_aside_untouched_and_a_new_queue_used(make_outbox,
                                                                                   tmp_path):
    path = tmp_path / "outbox.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(OutboxSchemaError) as info:
        make_outbox()
    assert info.value.moved_to.read_bytes() == before  # a newer version can still send its items
    assert info.value.moved_to.name.startswith("outbox.sqlite3.newer-")
    assert "newer version" in info.value.message and info.value.moved_to.name in info.value.message
    outbox = make_outbox()
    outbox.enqueue("k", {"n": 1}, "a")
    assert outbox.claim(1, 30)[0].payload == {"n": 1}
