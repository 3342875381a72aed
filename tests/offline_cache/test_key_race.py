"""Two processes making the first enqueue into a new queue at the same moment share one key:
no item is sealed under a key that another process's key file then replaces (issue 17, item 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from offline_cache.outbox import Outbox
from tests.support.repo import ROOT

TRIALS = int(os.environ.get("KEY_RACE_TRIALS", "40"))
ITEMS = 4


def _child() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.offline_cache.first_enqueue"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def test_two_processes_enqueueing_first_into_a_new_queue_lose_nothing(tmp_path):
    children = [_child(), _child()]
    lost = refused = 0
    try:
        for trial in range(TRIALS):
            db = tmp_path / f"q{trial}.sqlite3"
            for n, child in enumerate(children):  # both told before either answers
                child.stdin.write(f"{db} p{n} {ITEMS}\n")
                child.stdin.flush()
            kept = 0
            for child in children:
                answer = child.stdout.readline().split()
                assert answer[0] == "done"
                kept += int(answer[1])
            refused += 2 * ITEMS - kept
            with Outbox(db) as outbox:
                opened = outbox.claim(limit=100, lease_s=30)
                assert outbox.stats().dead + len(opened) == kept
                lost += kept - len(opened)
    finally:
        for child in children:
            child.stdin.close()
            child.wait(30)
    print(f"key race: {TRIALS} trials, {2 * ITEMS * TRIALS} items, {refused} refused, {lost} lost")
    assert (refused, lost) == (0, 0)
