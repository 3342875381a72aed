"""A kiosk in a process of its own, driven line by line on stdin, for the tests of several kiosks
against one HIS: `python -m tests.support.kiosk_process DATA_DIR HIS_URL BLOCK`.

Commands: `checkin` runs one check-in of the simulated citizen `an` and prints {"ticket": ...};
`drain` waits until the kiosk's queue is empty and prints {"tickets": [...]} (today's numbers as
the console lists them); `quit`. Prints "ready" once the terminal is built.
"""

from __future__ import annotations

import json
import sys
import time

import keyring
import keyring.backends.fail

from drivers.idcard.sim.profile import load_profile
from offline_cache.outbox import RetryPolicy
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.config import config_from_dict
from terminal.delivery.sender import SenderSettings


def main(data_dir: str, his_url: str, block: int) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the queue's key in its key file
    config = config_from_dict({
        "paths": {"data_dir": data_dir}, "terminal": {"number_block": block},
        "his": {"base_url": his_url, "number_timeout_s": 2.0},
        # the camera replays as fast as it can, so the liveness challenge goes unmet: numbers,
        # not faces, are under test here
        "checkin": {"one_ticket_a_day": False, "face_unavailable": "accept",
                    "face_review": "accept"},
        "printer": {"kind": "none"}})
    terminal = build_terminal(config, sim=SimOptions(profile="an", realtime_camera=False))
    # A HIS back up is found within a fraction of a second, not after the app's long backoff.
    terminal.delivery.sender.settings = SenderSettings(
        lease_s=30, idle_s=0.05, offline_backoff=RetryPolicy(base_delay_s=0.05, max_delay_s=0.2))
    key = load_profile("an").printed_access_key
    print("ready", flush=True)
    try:
        for line in sys.stdin:
            command = line.strip()
            if command == "checkin":
                record = terminal.workflow.run(key)
                print(json.dumps({"ticket": record.ticket.label if record.ticket else "",
                                  "state": record.state.value}), flush=True)
            elif command == "drain":
                deadline = time.monotonic() + 30
                while terminal.outbox.stats().waiting and time.monotonic() < deadline:
                    terminal.delivery.sender.wake()
                    time.sleep(0.05)
                print(json.dumps({"tickets": [s.ticket for s in terminal.staff.today()],
                                  "waiting": terminal.outbox.stats().waiting}), flush=True)
            elif command == "quit":
                break
    finally:
        terminal.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
