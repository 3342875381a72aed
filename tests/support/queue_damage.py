"""A queue in mid-life and what becomes of it when one byte of its file is flipped: the sender
is run over it as the kiosk runs it, and each outcome is counted (issue 17 item 7).

Used by tests/offline_cache/test_damaged_queue.py (a bounded sample) and runnable for a bigger count:
`python -m tests.support.queue_damage FLIPS [SEED]`.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from offline_cache.errors import OutboxError, OutboxSetAsideError
from offline_cache.key_store import FileKeyStore
from offline_cache.outbox import Outbox, OutboxItem, RetryPolicy
from terminal.delivery.sender import Sender, SenderSettings
from tests.support.manual_clock import ManualClock

KIND = "checkin"
POLICY = RetryPolicy(max_attempts=5, base_delay_s=2, max_delay_s=60)
#: Sender passes after the flip, the clock moved past every backoff and lease between them.
PASSES = 12


class RecordingHis:
    """A destination that keeps what it is given (the HIS as the sender sees it)."""

    name = "his"
    kinds = (KIND,)

    def __init__(self) -> None:
        self.posted: list[str] = []

    def deliver(self, item: OutboxItem) -> None:
        self.posted.append(item.idempotency_key)


@dataclass(frozen=True)
class SampleQueue:
    """The queue's bytes and key file, and which items were waiting when it was written."""

    data: bytes
    key_text: bytes
    waiting: frozenset[str]


def make_sample(folder: Path) -> SampleQueue:
    """Twelve items: delivered, dead-lettered, failed once and waiting, and waiting."""
    clock = ManualClock()
    path = folder / "sample.sqlite3"
    with _open(path, clock) as outbox:
        for n in range(12):
            outbox.enqueue(KIND, {"n": n, "name": "Nguyễn Văn An", "pad": "x" * (40 * n)},
                           f"item-{n:02d}")
        first = outbox.claim(5, 30)
        for item in first[:3]:
            outbox.ack(item.id)
        outbox.fail(first[3].id, "HIS answered 400", permanent=True)
        outbox.fail(first[4].id, "HIS answered 503")
        waiting = frozenset(e.idempotency_key for e in outbox.entries("pending"))
    return SampleQueue(path.read_bytes(), (folder / "sample.sqlite3.key").read_bytes(), waiting)


def _open(path: Path, clock: ManualClock) -> Outbox:
    return Outbox(path, key_store=FileKeyStore(path.with_name(path.name + ".key")),
                  policy=POLICY, clock=clock, rng=random.Random(5), busy_timeout_s=2)


@dataclass
class Outcome:
    """What one damaged file came to."""

    kind: str                   # "set aside", "dead-lettered", "clean", or "crash: ..."
    lost: int = 0               # waiting items neither sent, dead-lettered nor set aside
    posted_twice: int = 0       # items sent more than once (a loop on one item)
    new_item_kept: bool = True  # a check-in taken after the damage was sent
    notes: list[str] = field(default_factory=list)


def run_damaged(sample: SampleQueue, data: bytes, folder: Path) -> Outcome:
    """Open the damaged file as the app does (set aside and start afresh if need be), run the
    sender, take one new check-in, and account for every item that was waiting."""
    path = folder / "q.sqlite3"
    path.write_bytes(data)
    path.with_name("q.sqlite3.key").write_bytes(sample.key_text)
    clock = ManualClock()
    his = RecordingHis()
    try:
        try:
            outbox = _open(path, clock)
            aside = False
        except OutboxSetAsideError:
            outbox = _open(path, clock)
            aside = True
        with outbox:
            sender = Sender(outbox, [his], SenderSettings(batch=20, lease_s=30))
            for _ in range(PASSES):
                clock.advance(POLICY.max_delay_s + 60)
                _pass(sender)
            outbox.enqueue(KIND, {"n": 99}, "item-new")
            for _ in range(3):
                clock.advance(POLICY.max_delay_s + 60)
                _pass(sender)
            dead = {e.idempotency_key for e in outbox.entries("dead", limit=1000)}
            still = {e.idempotency_key for e in outbox.entries("pending", limit=1000)}
    except Exception as exc:  # noqa: BLE001 (the count is of exactly these)
        return Outcome(f"crash: {type(exc).__name__}: {str(exc)[:80]}")
    counts = Counter(his.posted)
    outcome = Outcome("set aside" if aside else "clean",
                      posted_twice=sum(1 for n in counts.values() if n > 1),
                      new_item_kept="item-new" in counts)
    if not aside:
        unsent = sample.waiting - set(counts) - dead
        outcome.lost = len(unsent - still)
        if unsent & still:
            outcome.notes.append(f"still waiting: {sorted(unsent & still)}")
        if sample.waiting & dead:
            outcome.kind = "dead-lettered"
            outcome.notes.append(f"{len(sample.waiting & dead)} dead")
    return outcome


def _pass(sender: Sender) -> None:
    """One pass as the sender thread makes it: the queue's own faults are said, not raised."""
    try:
        sender.run_once()
    except OutboxError:
        pass


def flip_trials(count: int, seed: int = 17) -> tuple[Counter, list[str]]:
    """`count` single-byte flips (the byte XORed with a random non-zero value) at random
    offsets; the outcomes counted, the failures listed."""
    rng = random.Random(seed)
    outcomes: Counter = Counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sample = make_sample(root)
        for trial in range(count):
            offset, mask = rng.randrange(len(sample.data)), rng.randrange(1, 256)
            damaged = bytearray(sample.data)
            damaged[offset] ^= mask
            folder = root / f"t{trial}"
            folder.mkdir()
            outcome = run_damaged(sample, bytes(damaged), folder)
            outcomes[outcome.kind.split(":")[0]] += 1
            bad = (outcome.kind.startswith("crash") or outcome.lost or outcome.posted_twice
                   or not outcome.new_item_kept)
            if bad:
                failures.append(f"offset {offset} xor {mask:#04x}: {outcome}")
            shutil.rmtree(folder, ignore_errors=True)
    return outcomes, failures


if __name__ == "__main__":
    flips = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    counted, failed = flip_trials(flips, int(sys.argv[2]) if len(sys.argv) > 2 else 17)
    print(f"{flips} single-byte flips: {dict(counted)}; {len(failed)} failures")
    for line in failed[:30]:
        print(" ", line)
