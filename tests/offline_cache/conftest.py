"""Outboxes on real SQLite files in the test's folder, with a hand-moved clock."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from offline_cache.key_store import FileKeyStore
from offline_cache.outbox import Outbox, RetryPolicy
from tests.support.manual_clock import ManualClock
from tests.support.no_keyring import no_os_keyring  # noqa: F401  (autouse)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_outbox(tmp_path, clock) -> Callable[..., Outbox]:
    opened: list[Outbox] = []

    def make(name: str = "outbox.sqlite3", **kwargs) -> Outbox:
        path = tmp_path / name
        kwargs.setdefault("key_store", FileKeyStore(path.with_name(path.name + ".key")))
        kwargs.setdefault("policy", RetryPolicy(max_attempts=5, base_delay_s=2, max_delay_s=60))
        kwargs.setdefault("rng", random.Random(7))
        outbox = Outbox(path, clock=clock, **kwargs)
        opened.append(outbox)
        return outbox

    yield make
    for outbox in opened:
        outbox.close()
