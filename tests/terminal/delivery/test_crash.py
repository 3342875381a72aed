"""Crash tests: processes killed with SIGKILL at random moments lose no check-in that was
acknowledged as queued, and every check-in reaches the HIS exactly once (by idempotency key)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from offline_cache.outbox import Outbox
from terminal.delivery.checkin_payload import KIND_CHECKIN
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import Sender
from tests.support.sample_checkins import sample_checkin
from tests.support.polling import wait_for
from tests.support.repo import ROOT

ENQUEUE_ROUNDS = 15
SENDER_KILLS = 4
LEASE_S = 1.0


def _child(module: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)



def _kill(child: subprocess.Popen) -> str:
    """SIGKILL the child; returns everything it printed."""
    child.send_signal(signal.SIGKILL)
    out = child.stdout.read()
    child.wait(10)
    child.stdout.close()
    return out


def test_enqueues_that_returned_survive_sigkill_and_arrive_exactly_once(tmp_path, his):
    db = tmp_path / "outbox.sqlite3"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    confirmed: list[str] = []
    for round_ in range(ENQUEUE_ROUNDS):
        child = _child("tests.terminal.delivery.enqueue_loop", str(db), f"round{round_}")
        first = child.stdout.readline()  # the first enqueue returned: the child is running
        time.sleep(rng.uniform(0, 0.2))
        printed = first + _kill(child)
        confirmed += printed.split("\n")[:-1]  # whole lines only: a cut-off key never returned

    with Outbox(db) as outbox:
        stored = [e.idempotency_key for e in outbox.entries(limit=10**6)]
        missing = set(confirmed) - set(stored)
        assert not missing, f"seed {seed}: {len(missing)} acknowledged enqueues lost"
        assert len(stored) == len(set(stored))
        assert len(confirmed) > ENQUEUE_ROUNDS
        sender = Sender(outbox, [HisClient(his.base_url)])
        while sender.run_once():
            pass
        assert outbox.stats().waiting == 0 and outbox.stats().dead == 0
    received = [r.idempotency_key for r in his.received()]
    assert sorted(received) == sorted(stored)
    assert his.duplicates == 0


def test_sender_killed_mid_delivery_then_restarted_delivers_exactly_once(tmp_path, his):
    db = tmp_path / "outbox.sqlite3"
    with Outbox(db) as outbox:
        keys = []
        for n in range(40):
            record = sample_checkin(n, "kill")
            outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)
            keys.append(record.checkin_id)

    rng = random.Random()
    for kill in range(SENDER_KILLS):
        answered = len(his.received()) + his.duplicates
        slow = kill % 2 == 0
        if slow:
            # The HIS keeps the next check-in and answers late: the kill lands between the HIS
            # keeping it and the sender acknowledging it, the case that makes duplicates.
            his.fail_next(1, "slow", delay_s=30)
        child = _child("tests.terminal.delivery.send_loop", str(db), his.base_url, str(LEASE_S))
        assert child.stdout.readline() == "ready\n"
        # Kept by the HIS (a slow fault is taken before the HIS stores the check-in, so waiting
        # for the fault to be taken would race the store).
        wait_for(lambda: len(his.received()) + his.duplicates > answered)
        time.sleep(rng.uniform(0, 0.05))
        _kill(child)
        his.clear_faults()

    final = _child("tests.terminal.delivery.send_loop", str(db), his.base_url, str(LEASE_S))
    try:
        with Outbox(db) as outbox:
            wait_for(lambda: outbox.stats().delivered == len(keys))
            assert outbox.stats().dead == 0
    finally:
        _kill(final)
    assert sorted(r.idempotency_key for r in his.received()) == sorted(keys)
    assert his.duplicates >= SENDER_KILLS // 2  # re-sent after the kills, kept once
