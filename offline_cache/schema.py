"""The outbox database's schema, versioned in `PRAGMA user_version`, and its migrations.

Migration N takes a database from version N to N + 1; version 0 is an empty file, so a new
database is built by the same steps an old one is upgraded by. Never edit a released step: add one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from offline_cache.errors import OutboxSchemaError

#: Item states: waiting to be sent (maybe claimed under a lease), delivered, or given up on.
PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"


def _create_v1(db: sqlite_utils.Database) -> None:
    """Version 1: one table of items; a claim pushed `available_at` forward by the lease."""
    db["items"].create({
        "id": int, "kind": str, "idempotency_key": str, "payload": bytes, "status": str,
        "attempts": int, "available_at": float, "last_error": str, "created_at": float,
        "delivered_at": float,
    }, pk="id", not_null={"kind", "idempotency_key", "status", "attempts", "available_at",
                          "created_at"},
        defaults={"status": PENDING, "attempts": 0})
    db["items"].create_index(["idempotency_key"], unique=True, index_name="items_key")
    db["items"].create_index(["status", "available_at"], index_name="items_due")


def _add_lease_and_key_id(db: sqlite_utils.Database) -> None:
    """Version 2: an explicit lease (so stats can tell in-flight items), the sealing key's id per
    item (so a key rotation finds what to re-seal by index), and when the last failure was."""
    items = db["items"]
    items.add_column("lease_until", float)
    items.add_column("key_id", str)
    items.add_column("failed_at", float)
    # The key id sits in clear at bytes 4..7 of a sealed payload (see payload_cipher).
    db.execute("UPDATE items SET key_id = lower(hex(substr(payload, 4, 4))) "
               "WHERE payload IS NOT NULL")
    items.create_index(["key_id"], index_name="items_key_id")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_create_v1, _add_lease_and_key_id]
CURRENT_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(db: sqlite_utils.Database) -> int:
    """The database's version; one newer than this code is refused before anything touches it."""
    found = schema_version(db)
    if found > CURRENT_VERSION:
        raise OutboxSchemaError(detail=f"database schema version {found}, this code knows up to "
                                       f"{CURRENT_VERSION}")
    return found


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the database to the current version inside the caller's transaction; returns the
    version found."""
    found = refuse_newer(db)
    for step in MIGRATIONS[found:]:
        step(db)
    if found != CURRENT_VERSION:
        db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
    return found
