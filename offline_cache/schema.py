"""The outbox database's schema, versioned in `PRAGMA user_version`, and its migrations.

Migration N takes a database from version N to N + 1; version 0 is an empty file, so a new
database is built by the same steps an old one is upgraded by. Never edit a released step: add one.
"""

from __future__ import annotations

import functools
import sqlite3
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


def _add_key_checks(db: sqlite_utils.Database) -> None:
    """Version 3: the check value of every key items were sealed under, so a key store holding
    other keys than this queue's (a key file replaced) is told apart from damaged items."""
    db["key_checks"].create({"key_id": str, "check_value": str}, pk="key_id",
                            not_null={"check_value"})


def _add_evidence(db: sqlite_utils.Database) -> None:
    """Version 4: evidence kept with a check-in (the gateway's raw replies or failures), sealed
    like the items, one row per check-in and label (a later one replaces it), purged by age."""
    db["evidence"].create({"id": int, "checkin_id": str, "label": str, "payload": bytes,
                           "key_id": str, "created_at": float}, pk="id",
                          not_null={"checkin_id", "label", "payload", "key_id", "created_at"})
    db["evidence"].create_index(["checkin_id", "label"], unique=True, index_name="evidence_key")
    db["evidence"].create_index(["created_at"], index_name="evidence_age")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_create_v1, _add_lease_and_key_id,
                                                              _add_key_checks, _add_evidence]
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


def _affinity(declared: str) -> str:
    """SQLite's column affinity of a declared type (its documented rules, in order)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if any(word in t for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in t or not t:
        return "BLOB"
    if any(word in t for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def structure(conn: sqlite3.Connection) -> list[tuple]:
    """The schema as it behaves (tables, columns with affinity, constraints and defaults,
    indexes and their columns), not as it is spelt, so versions of the DDL's writer compare
    equal and an altered byte that changes behaviour does not."""
    shape: list[tuple] = []
    objects = conn.execute("SELECT type, name, tbl_name FROM sqlite_master "
                           "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    for kind, name, table in objects:
        shape.append((kind, name, table))
        if kind == "table":
            for _cid, column, declared, notnull, default, pk, hidden in conn.execute(
                    f"PRAGMA table_xinfo({_quoted(name)})"):
                # Only a key declared exactly INTEGER is the row id; any other spelling makes
                # `id` an ordinary column, empty in every existing row.
                rowid = pk == 1 and (declared or "").upper() == "INTEGER"
                shape.append((name, column, _affinity(declared or ""), notnull,
                              None if default is None else str(default).strip("'\""), pk, hidden,
                              rowid))
            indexes = []
            for _seq, index, unique, origin, partial in conn.execute(
                    f"PRAGMA index_list({_quoted(name)})"):
                columns = tuple(row[2] for row in conn.execute(
                    f"PRAGMA index_info({_quoted(index)})"))
                indexes.append((name, index, unique, origin, partial, columns))
            shape.extend(sorted(indexes))
    return shape


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


@functools.cache
def expected_structure() -> tuple[tuple, ...]:
    """The structure a database built by this code's migrations has."""
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    try:
        return tuple(structure(db.conn))
    finally:
        db.close()
