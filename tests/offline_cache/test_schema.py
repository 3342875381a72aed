"""A queue written by the previous schema version (1) is read, migrated and delivered."""

from __future__ import annotations

import sqlite3

from offline_cache.key_store import FileKeyStore, KeySet
from offline_cache.payload_cipher import PayloadCipher
from offline_cache.schema import CURRENT_VERSION

# The DDL as version 1 shipped it (frozen here on purpose: the migration must meet the real thing).
V1_DDL = """
CREATE TABLE "items" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "idempotency_key" TEXT NOT NULL,
   "payload" BLOB,
   "status" TEXT NOT NULL DEFAULT 'pending',
   "attempts" INTEGER NOT NULL DEFAULT 0,
   "available_at" REAL NOT NULL,
   "last_error" TEXT,
   "created_at" REAL NOT NULL,
   "delivered_at" REAL
);
CREATE UNIQUE INDEX "items_key" ON "items" ("idempotency_key");
CREATE INDEX "items_due" ON "items" ("status", "available_at");
PRAGMA user_version = 1;
"""


def _write_v1_queue(path, keys: KeySet, now: float) -> None:
    cipher = PayloadCipher(keys)
    rows = [  # waiting; failed once; delivered (payload erased); dead letter
        ("checkin", "v1-a", cipher.seal({"n": 1}, b"checkin\nv1-a"), "pending", 0, now - 50, None,
         None),
        ("checkin", "v1-b", cipher.seal({"n": 2}, b"checkin\nv1-b"), "pending", 1, now - 10,
         "HIS answered 503", None),
        ("checkin", "v1-c", None, "delivered", 0, now - 40, None, now - 30),
        ("checkin", "v1-d", cipher.seal({"n": 4}, b"checkin\nv1-d"), "dead", 20, now - 60,
         "HIS answered 400", None),
    ]
    with sqlite3.connect(path) as raw:
        raw.executescript(V1_DDL)
        raw.executemany("INSERT INTO items (kind, idempotency_key, payload, status, attempts, "
                        "available_at, last_error, delivered_at, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [row + (now - 100,) for row in rows])


def test_v1_queue_is_migrated_and_its_items_delivered(make_outbox, tmp_path, clock):
    keys = KeySet.generate()
    FileKeyStore(tmp_path / "outbox.sqlite3.key").save(keys)
    _write_v1_queue(tmp_path / "outbox.sqlite3", keys, clock.now)

    outbox = make_outbox()
    items = outbox.claim(10, 30)
    assert [(i.idempotency_key, i.payload, i.attempts) for i in items] == [
        ("v1-a", {"n": 1}, 0), ("v1-b", {"n": 2}, 1)]
    assert items[1].last_error == "HIS answered 503"
    stats = outbox.stats()
    assert (stats.waiting, stats.in_flight, stats.delivered, stats.dead) == (2, 2, 1, 1)
    outbox.retry(4)
    assert outbox.claim(10, 30)[0].payload == {"n": 4}
    with sqlite3.connect(tmp_path / "outbox.sqlite3") as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        key_ids = raw.execute("SELECT key_id FROM items ORDER BY id").fetchall()
    assert key_ids == [(keys.current,), (keys.current,), (None,), (keys.current,)]


def test_migrated_v1_schema_equals_a_new_database_schema(make_outbox, tmp_path, clock):
    _write_v1_queue(tmp_path / "old.sqlite3", KeySet.generate(), clock.now)
    make_outbox("old.sqlite3").close()
    make_outbox("new.sqlite3").close()

    def shape(name: str) -> list:
        with sqlite3.connect(tmp_path / name) as raw:
            columns = raw.execute("SELECT name, type, [notnull], dflt_value "
                                  "FROM pragma_table_info('items') ORDER BY name").fetchall()
            indexes = raw.execute("SELECT name, [unique] FROM pragma_index_list('items') "
                                  "ORDER BY name").fetchall()
        return [columns, indexes]

    assert shape("old.sqlite3") == shape("new.sqlite3")


def test_rotation_reseals_items_carried_over_from_v1(make_outbox, tmp_path, clock):
    keys = KeySet.generate()
    FileKeyStore(tmp_path / "outbox.sqlite3.key").save(keys)
    _write_v1_queue(tmp_path / "outbox.sqlite3", keys, clock.now)
    outbox = make_outbox()
    outbox.rotate_key()
    assert [i.payload for i in outbox.claim(10, 30)] == [{"n": 1}, {"n": 2}]
