"""A kiosk in a process of its own, driven line by line on stdin, for the tests of several kiosks
against one HIS: `python -m tests.support.kiosk_process DATA_DIR HIS_URL BLOCK [DEPARTMENTS]`
(DEPARTMENTS: a departments file). `KioskProcess` starts and drives one from a test.

Commands: `checkin [CODE]` runs one check-in of the simulated citizen `an` (at department CODE;
none: the first open one) and prints {"ticket", "state", "department", "reasons"}; `choice`
prints the department choice as the kiosk would show it now {"rooms": {code: [state,
next_open]}}; `drain` waits until the kiosk's queue is empty and prints {"tickets": [...]}
(today's numbers as the console lists them); `quit`. Prints "ready" once the terminal is built.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import keyring
import keyring.backends.fail

from drivers.idcard.sim.profile import load_profile
from offline_cache.outbox import RetryPolicy
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.config import config_from_dict
from terminal.delivery.sender import SenderSettings
from tests.support.repo import ROOT


class KioskProcess:
    """A kiosk process (this module's main) driven from a test."""

    def __init__(self, data_dir: Path, his_url: str, block: int,
                 departments: Path | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.kiosk_process", str(data_dir), his_url,
             str(block), *([str(departments)] if departments else [])], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ready(self) -> None:
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the kiosk process ended"
        return line.strip()

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict:
        return json.loads(self._line())

    def quit(self) -> None:
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def main(data_dir: str, his_url: str, block: int, departments: str = "") -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the queue's key in its key file
    config = config_from_dict({
        "clinic": {"departments_file": departments},
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
            command, _, argument = line.strip().partition(" ")
            if command == "checkin":
                record = terminal.workflow.run(key, department=argument)
                print(json.dumps({"ticket": record.ticket.label if record.ticket else "",
                                  "state": record.state.value, "department": record.department,
                                  "reasons": list(record.decision.reason_codes
                                                  if record.decision else ())}), flush=True)
            elif command == "choice":
                rows = terminal.workflow.department_choice() or []
                print(json.dumps({"rooms": {r.department.code: [r.state.value, r.next_open]
                                            for r in rows}}), flush=True)
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
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])
