"""Failure handling: backoff with jitter, dead letters, release while offline, lease expiry."""

from __future__ import annotations

import random

import pytest

from offline_cache.outbox import LEASE_EXPIRED, RetryPolicy
from offline_cache.schema import DEAD


def test_backoff_grows_exponentially_within_jitter_bounds_and_is_capped():
    policy = RetryPolicy(base_delay_s=2, max_delay_s=60)
    rng = random.Random(1)
    for failures, ceiling in [(1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (30, 60)]:
        delays = [policy.delay_s(failures, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # jittered, not a fixed step


def test_failed_item_is_due_again_only_after_its_backoff(make_outbox, clock):
    outbox = make_outbox(policy=RetryPolicy(max_attempts=10, base_delay_s=2, max_delay_s=60))
    outbox.enqueue("k", {}, "a")
    for failures in range(1, 6):
        [item] = outbox.claim(1, 30)
        assert item.attempts == failures - 1
        outbox.fail(item.id, f"failure {failures}")
        ceiling = min(60, 2 * 2 ** (failures - 1))
        clock.advance(ceiling / 2 - 0.01)
        assert outbox.claim(1, 30) == [], f"due too early after failure {failures}"
        clock.advance(ceiling / 2 + 0.02)


def test_item_is_dead_lettered_after_max_attempts_with_last_error(make_outbox, clock):
    outbox = make_outbox(policy=RetryPolicy(max_attempts=3, base_delay_s=1, max_delay_s=1))
    item_id = outbox.enqueue("k", {}, "a")
    for n in range(3):
        [item] = outbox.claim(1, 30)
        outbox.fail(item.id, f"HIS answered 500 (try {n + 1})")
        clock.advance(2)
    assert outbox.claim(1, 30) == []
    [entry] = outbox.entries(DEAD)
    assert (entry.id, entry.attempts, entry.last_error) == (item_id, 3, "HIS answered 500 (try 3)")
    assert outbox.stats().dead == 1


def test_permanent_failure_is_dead_lettered_at_once(make_outbox):
    outbox = make_outbox()
    outbox.enqueue("k", {}, "a")
    [item] = outbox.claim(1, 30)
    outbox.fail(item.id, "HIS answered 400", permanent=True)
    assert [e.last_error for e in outbox.entries(DEAD)] == ["HIS answered 400"]


def test_dead_letter_retried_is_delivered_with_fresh_attempts(make_outbox):
    outbox = make_outbox()
    item_id = outbox.enqueue("k", {"n": 1}, "a")
    [item] = outbox.claim(1, 30)
    outbox.fail(item.id, "bad", permanent=True)
    outbox.retry(item_id)
    [again] = outbox.claim(1, 30)
    assert (again.id, again.attempts, again.payload) == (item_id, 0, {"n": 1})


def test_release_gives_item_back_without_counting_an_attempt(make_outbox):
    outbox = make_outbox(policy=RetryPolicy(max_attempts=2))
    outbox.enqueue("k", {}, "a")
    for _ in range(5):  # an outage longer than max_attempts must not dead-letter anything
        [item] = outbox.claim(1, 30)
        outbox.release(item.id, "connection refused")
    [item] = outbox.claim(1, 30)
    assert item.attempts == 0
    assert item.last_error == "connection refused"


def test_expired_lease_brings_item_back_counting_an_attempt(make_outbox, clock):
    outbox = make_outbox()
    outbox.enqueue("k", {"n": 1}, "a")
    [item] = outbox.claim(1, lease_s=30)
    clock.advance(29)
    assert outbox.claim(1, 30) == []
    clock.advance(1)
    [again] = outbox.claim(1, 30)
    assert (again.id, again.payload, again.attempts) == (item.id, {"n": 1}, 1)
    assert again.last_error == LEASE_EXPIRED


def test_item_whose_lease_expires_on_its_last_attempt_is_dead_lettered(make_outbox, clock):
    outbox = make_outbox(policy=RetryPolicy(max_attempts=2))
    outbox.enqueue("k", {}, "a")
    for _ in range(2):
        assert len(outbox.claim(1, lease_s=10)) == 1
        clock.advance(11)
    assert outbox.claim(1, 10) == []
    assert [e.last_error for e in outbox.entries(DEAD)] == [LEASE_EXPIRED]


def test_late_fail_after_delivery_does_not_resurrect_the_item(make_outbox):
    outbox = make_outbox()
    item_id = outbox.enqueue("k", {}, "a")
    outbox.claim(1, 30)
    outbox.ack(item_id)
    outbox.fail(item_id, "timeout")
    outbox.release(item_id, "timeout")
    assert outbox.stats().waiting == 0
    assert outbox.claim(1, 30) == []


@pytest.mark.parametrize("max_attempts", [1, 4])
def test_max_attempts_is_configurable(make_outbox, clock, max_attempts):
    outbox = make_outbox(policy=RetryPolicy(max_attempts=max_attempts, base_delay_s=1,
                                            max_delay_s=1))
    outbox.enqueue("k", {}, "a")
    tries = 0
    while items := outbox.claim(1, 30):
        tries += 1
        outbox.fail(items[0].id, "x")
        clock.advance(5)
    assert tries == max_attempts
