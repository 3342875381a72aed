"""Single-byte flips anywhere in a queue file in mid-life (issue 17 item 7): each ends in a
clean run, dead letters, or the file set aside; never a crash, a lost item, an item sent twice,
or a new check-in not kept. A bounded sample here; `python -m tests.support.queue_damage N` runs
more."""

from __future__ import annotations

import os

from tests.support.queue_damage import flip_trials

FLIPS = int(os.environ.get("QUEUE_FLIPS", "150"))


def test_single_byte_flips_never_crash_lose_or_repeat_an_item():
    outcomes, failures = flip_trials(FLIPS, seed=int(os.environ.get("QUEUE_FLIPS_SEED", "17")))
    print(f"queue flips: {FLIPS} tried, {dict(outcomes)}, {len(failures)} failures")
    assert failures == []
    assert sum(outcomes.values()) == FLIPS
