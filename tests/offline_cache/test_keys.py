"""Keys: the keyring when a real backend exists, else a 0600 file; rotation loses nothing."""

from __future__ import annotations

import sqlite3
import stat

import keyring
import keyring.backend
import pytest

from offline_cache.errors import OutboxCorruptError, OutboxKeyError
from offline_cache.key_store import (FileKeyStore, KeyringKeyStore, KeySet, default_key_store,
                                     keyring_available)
from offline_cache.outbox import Outbox


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in this process (stands in for the OS's)."""

    priority = 1
    # keyring auto-registers every backend class it sees; only an explicit set_keyring may pick
    # this one, never the discovery that the other tests rely on finding nothing.
    viable = False

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_without_keyring_backend_the_key_is_a_0600_file_beside_the_database(tmp_path):
    assert not keyring_available()  # the fail backend (see tests/support/no_keyring.py)
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        outbox.enqueue("k", {"n": 1}, "a")
    key_file = tmp_path / "q.sqlite3.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        assert outbox.claim(1, 30)[0].payload == {"n": 1}


def test_with_a_keyring_backend_the_key_goes_there_and_no_file_is_written(tmp_path,
                                                                         memory_keyring):
    store = default_key_store(tmp_path / "q.sqlite3")
    assert isinstance(store, KeyringKeyStore)
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        outbox.enqueue("k", {"n": 1}, "a")
    assert not (tmp_path / "q.sqlite3.key").exists()
    assert len(memory_keyring.secrets) == 1
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        assert outbox.claim(1, 30)[0].payload == {"n": 1}


def test_an_existing_key_file_wins_over_a_keyring_that_appeared_later(tmp_path, memory_keyring):
    FileKeyStore(tmp_path / "q.sqlite3.key").save(KeySet.generate())
    assert isinstance(default_key_store(tmp_path / "q.sqlite3"), FileKeyStore)


def test_rotation_reseals_every_waiting_item_and_drops_the_old_key(make_outbox, tmp_path):
    outbox = make_outbox()
    for n in range(5):
        outbox.enqueue("checkin", {"n": n}, f"key-{n}")
    store = FileKeyStore(tmp_path / "outbox.sqlite3.key")
    old = store.load()
    new_id = outbox.rotate_key()
    assert new_id != old.current
    assert set(store.load().keys) == {new_id}
    with sqlite3.connect(tmp_path / "outbox.sqlite3") as raw:
        assert {row[0] for row in raw.execute("SELECT key_id FROM items")} == {new_id}
    outbox.enqueue("checkin", {"n": 5}, "key-5")
    outbox.close()
    reopened = make_outbox()
    assert [item.payload["n"] for item in reopened.claim(10, 30)] == [0, 1, 2, 3, 4, 5]


def test_rotation_interrupted_before_resealing_leaves_items_readable(make_outbox, tmp_path):
    outbox = make_outbox()
    outbox.enqueue("k", {"n": 1}, "a")
    store = FileKeyStore(tmp_path / "outbox.sqlite3.key")
    store.save(store.load().rotated())  # what rotate_key saves first, then the process dies
    outbox.close()
    assert make_outbox().claim(1, 30)[0].payload == {"n": 1}


def test_another_process_rotating_is_picked_up_on_demand(make_outbox):
    sender, admin = make_outbox(), make_outbox()
    sender.enqueue("k", {"n": 1}, "a")
    sender.stats()
    admin.rotate_key()
    assert sender.claim(1, 30)[0].payload == {"n": 1}


def test_missing_key_with_sealed_items_is_a_typed_error_not_a_new_key(make_outbox, tmp_path):
    outbox = make_outbox()
    outbox.enqueue("k", {}, "a")
    outbox.close()
    (tmp_path / "outbox.sqlite3.key").unlink()
    with pytest.raises(OutboxKeyError):
        make_outbox().claim(1, 30)
    assert not (tmp_path / "outbox.sqlite3.key").exists()


def test_damaged_key_file_of_an_empty_queue_is_set_aside_and_a_new_key_made(make_outbox,
                                                                            tmp_path):
    (tmp_path / "outbox.sqlite3.key").write_text('{"current": "x"')
    outbox = make_outbox()
    outbox.enqueue("k", {"n": 1}, "a")
    assert outbox.claim(1, 30)[0].payload == {"n": 1}
    [aside] = tmp_path.glob("outbox.sqlite3.key.corrupt-*")
    assert aside.read_text() == '{"current": "x"'


def test_damaged_key_file_of_a_queue_with_items_sets_both_aside(make_outbox, tmp_path):
    outbox = make_outbox()
    outbox.enqueue("k", {"n": 1}, "a")
    outbox.close()
    (tmp_path / "outbox.sqlite3.key").write_bytes(b"\x00" * 100)
    with pytest.raises(OutboxCorruptError) as info:
        make_outbox()
    assert "key file" in info.value.message and info.value.moved_to.exists()
    fresh = make_outbox()
    assert fresh.stats().waiting == 0
    fresh.enqueue("k", {"n": 2}, "b")
    assert fresh.claim(1, 30)[0].payload == {"n": 2}


def test_a_key_file_replaced_by_another_valid_key_keeps_the_items_and_says_so(make_outbox,
                                                                            tmp_path):
    """Issue 17 item 1: every waiting item used to be dead-lettered at the next claim."""
    store = FileKeyStore(tmp_path / "outbox.sqlite3.key")
    outbox = make_outbox()
    for n in range(3):
        outbox.enqueue("checkin", {"n": n}, f"key-{n}")
    own = store.load()
    outbox.close()
    store.save(KeySet.generate())  # someone copies another terminal's key file over this one

    outbox = make_outbox()
    assert outbox.claim(10, 30) == []
    stats = outbox.stats()
    assert (stats.waiting, stats.dead) == (3, 0)
    assert own.current in outbox.key_problem() and "kept" in outbox.key_problem()
    outbox.enqueue("checkin", {"n": 3}, "key-3")  # check-ins are still taken...
    assert [i.payload for i in outbox.claim(10, 30)] == [{"n": 3}]  # ...and sent
    assert "waiting for its key" in outbox.entries()[0].last_error

    assert outbox.import_keys(own) == 3  # IT puts the queue's own key back
    assert outbox.key_problem() is None
    assert sorted(i.payload["n"] for i in outbox.claim(10, 30)) == [0, 1, 2]


def test_a_key_with_the_right_id_but_other_bytes_is_refused_on_import(make_outbox, tmp_path):
    outbox = make_outbox()
    outbox.enqueue("checkin", {"n": 1}, "key-1")
    own = FileKeyStore(tmp_path / "outbox.sqlite3.key").load()
    forged = KeySet(own.current, {own.current: bytes(32)})
    with pytest.raises(OutboxKeyError) as info:
        outbox.import_keys(forged)
    assert "not this queue's key" in info.value.message
    assert outbox.claim(1, 30)[0].payload == {"n": 1}
