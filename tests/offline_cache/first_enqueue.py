"""Race-test child: for each line `DB PREFIX N` read from stdin, open that (new) queue and enqueue
N items at once, then print `done K` (K: how many enqueues returned; the others raised). Two of these answering the same line race for the queue's
first key, as the kiosk and a `checkin` command do.

Run as `python -m tests.offline_cache.first_enqueue`.
"""

from __future__ import annotations

import sys

from offline_cache.errors import OutboxError
from offline_cache.outbox import Outbox


def _enqueue(db: str, prefix: str, count: int) -> int:
    kept = 0
    try:
        with Outbox(db) as outbox:
            for n in range(count):
                try:
                    outbox.enqueue("checkin", {"n": n, "by": prefix}, f"{prefix}-{n}")
                except OutboxError as exc:
                    sys.stderr.write(f"enqueue failed: {exc.detail}\n")
                else:
                    kept += 1
    except OutboxError as exc:
        sys.stderr.write(f"open failed: {exc.detail}\n")
    return kept


def main() -> None:
    for line in sys.stdin:
        db, prefix, count = line.split()
        sys.stdout.write(f"done {_enqueue(db, prefix, int(count))}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
