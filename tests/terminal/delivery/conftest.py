"""Delivery tests run against the real HIS simulator on loopback and real outbox files."""

from __future__ import annotations

import random

import pytest

from offline_cache.key_store import FileKeyStore
from offline_cache.outbox import Outbox, RetryPolicy
from terminal.simulators.his.server import HisSimulator
from tests.support.manual_clock import ManualClock
from tests.support.no_keyring import no_os_keyring  # noqa: F401  (autouse)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def his():
    with HisSimulator() as simulator:
        yield simulator


@pytest.fixture
def outbox(tmp_path, clock):
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path, key_store=FileKeyStore(path.with_name("outbox.sqlite3.key")),
                policy=RetryPolicy(max_attempts=5, base_delay_s=2, max_delay_s=60),
                clock=clock, rng=random.Random(3)) as box:
        yield box
