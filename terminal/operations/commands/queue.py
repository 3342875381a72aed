"""`checkin queue status | list | retry ID | dead-letters | import-key FILE`: the outbox for IT
staff, identifiers masked."""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from pathlib import Path

from offline_cache.errors import OutboxError
from offline_cache.key_store import FileKeyStore
from offline_cache.outbox import OutboxEntry
from offline_cache.schema import DEAD, DELIVERED, PENDING
from terminal.operations.cli_args import whole_number
from terminal.config import Config
from terminal.delivery.service import open_outbox
from terminal.errors import TerminalError
from terminal.privacy import mask_id, mask_text


#: SQLite's largest row id; a bigger number is refused by argparse, not by a traceback.
MAX_ITEM_ID = 2**63 - 1
MAX_LIMIT = 100_000


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    s = int(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60}s"
    if s < 86400:
        return f"{s // 3600}h {s % 3600 // 60}m"
    return f"{s // 86400}d {s % 86400 // 3600}h"


def _as_terminal_errors(handler: Callable[[argparse.Namespace, Config], int]):
    """The outbox's errors reach the CLI's error report like the core's own."""
    @functools.wraps(handler)
    def run(args: argparse.Namespace, config: Config) -> int:
        try:
            return handler(args, config)
        except OutboxError as exc:
            raise TerminalError(exc.message, exc.detail) from exc
    return run


def _print_entries(entries: list[OutboxEntry]) -> None:
    if not entries:
        print("(none)")
        return
    now = time.time()
    print(f"{'ID':>6}  {'KIND':<20} {'KEY':<14} {'STATE':<10} {'TRIES':>5}  {'AGE':<8} LAST ERROR")
    for e in entries:
        state = "sending" if e.in_flight else e.status
        print(f"{e.id:>6}  {e.kind:<20} {mask_id(e.idempotency_key):<14} {state:<10} "
              f"{e.attempts:>5}  {_age(now - e.created_at):<8} {mask_text(e.last_error or '')}")


def _status(_args: argparse.Namespace, config: Config) -> int:
    with open_outbox(config) as outbox:
        stats = outbox.stats()
        key_problem = outbox.key_problem()
        space = outbox.space_fault
    print(f"queue file:      {config.queue_path}")
    print(f"waiting:         {stats.waiting} ({stats.in_flight} being sent)")
    print(f"oldest waiting:  {_age(stats.oldest_waiting_age_s)}")
    print(f"dead letters:    {stats.dead}")
    print(f"delivered, kept: {stats.delivered}")
    print(f"last error:      {mask_text(stats.last_error or '-')}")
    if space is not None:
        print(f"disk:            {space.message}")
    if key_problem:
        print(f"key:             {key_problem}")
    return 1 if key_problem or space is not None else 0


def _list(args: argparse.Namespace, config: Config) -> int:
    with open_outbox(config) as outbox:
        _print_entries(outbox.entries(args.status, args.limit))
    return 0


def _dead_letters(args: argparse.Namespace, config: Config) -> int:
    with open_outbox(config) as outbox:
        _print_entries(outbox.entries(DEAD, args.limit))
    return 0


def _retry(args: argparse.Namespace, config: Config) -> int:
    with open_outbox(config) as outbox:
        outbox.retry(args.id)
    print(f"item {args.id} will be sent again now")
    return 0


def _import_key(args: argparse.Namespace, config: Config) -> int:
    try:
        keys = FileKeyStore(Path(args.file)).load()
    except OutboxError as exc:
        raise TerminalError(f"{args.file} is not a queue key file ({exc.detail}).") from None
    if keys is None:
        raise TerminalError(f"Key file {args.file} does not exist.")
    with open_outbox(config) as outbox:
        due = outbox.import_keys(keys)
        left = outbox.key_problem()
    print(f"key added: {due} waiting item(s) will be sent now")
    if left:
        print(f"still: {left}")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("queue", help="look at the offline queue, retry dead letters")
    sub = parser.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = sub.add_parser("status", help="counts, oldest waiting item, last error")
    status.set_defaults(handler=_as_terminal_errors(_status))
    listing = sub.add_parser("list", help="items, oldest first (identifiers masked)")
    listing.add_argument("--status", choices=(PENDING, DELIVERED, DEAD))
    listing.add_argument("--limit", type=whole_number(1, MAX_LIMIT, "limit"), default=100)
    listing.set_defaults(handler=_as_terminal_errors(_list))
    dead = sub.add_parser("dead-letters", help="items given up on, with their last error")
    dead.add_argument("--limit", type=whole_number(1, MAX_LIMIT, "limit"), default=100)
    dead.set_defaults(handler=_as_terminal_errors(_dead_letters))
    retry = sub.add_parser("retry", help="send a dead letter (or waiting item) again now")
    retry.add_argument("id", type=whole_number(1, MAX_ITEM_ID, "item ID"),
                       help="item ID from `queue list` or `queue dead-letters`")
    retry.set_defaults(handler=_as_terminal_errors(_retry))
    imported = sub.add_parser("import-key", help="put the queue's own key back (from a backup or "
                                                 "a key file set aside) so the items waiting for "
                                                 "it are sent")
    imported.add_argument("file", help="key file (JSON key set, as the queue writes it)")
    imported.set_defaults(handler=_as_terminal_errors(_import_key))
