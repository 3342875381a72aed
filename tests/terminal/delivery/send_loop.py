"""Crash-test child: run the sender against an HIS until killed.

Run as `python -m tests.terminal.delivery.send_loop DB HIS_URL LEASE_S`; prints "ready" once started.
"""

from __future__ import annotations

import sys
import threading

from offline_cache.outbox import Outbox, RetryPolicy
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import Sender, SenderSettings


def main(db: str, his_url: str, lease_s: float) -> None:
    outbox = Outbox(db)
    settings = SenderSettings(batch=5, lease_s=lease_s, idle_s=0.05,
                              offline_backoff=RetryPolicy(base_delay_s=0.05, max_delay_s=0.2))
    Sender(outbox, [HisClient(his_url, timeout_s=30)], settings).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
