"""Crash-test child: enqueue check-ins in a loop, printing each key once enqueue has returned.

Run as `python -m tests.terminal.delivery.enqueue_loop DB PREFIX`; the parent kills it with SIGKILL.
"""

from __future__ import annotations

import sys
from itertools import count

from offline_cache.outbox import Outbox
from terminal.delivery.checkin_payload import KIND_CHECKIN
from tests.support.sample_checkins import sample_checkin


def main(db: str, prefix: str) -> None:
    outbox = Outbox(db)
    for n in count():
        record = sample_checkin(n, prefix)
        outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)
        sys.stdout.write(record.checkin_id + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
