"""The sender against the real HIS simulator: delivery, offline detection and backoff, recovery,
dead letters, and the state it reports for the UI."""

from __future__ import annotations

import random
import threading

import pytest

from offline_cache.outbox import Outbox, OutboxItem, RetryPolicy
from offline_cache.schema import DEAD
from terminal.delivery.checkin_payload import KIND_CHECKIN
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import Sender, SenderSettings
from terminal.simulators.his.server import HisSimulator
from tests.support.sample_checkins import sample_checkin
from tests.support.polling import wait_for

OFFLINE_BACKOFF = RetryPolicy(base_delay_s=4, max_delay_s=32)


def _queue(outbox, count: int, prefix: str = "t") -> list[str]:
    keys = []
    for n in range(count):
        record = sample_checkin(n, prefix)
        outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)
        keys.append(record.checkin_id)
    return keys


def _sender(outbox, his, clock, **kwargs) -> Sender:
    settings = SenderSettings(batch=kwargs.pop("batch", 10), lease_s=60, idle_s=0.02,
                              offline_backoff=OFFLINE_BACKOFF)
    return Sender(outbox, [HisClient(his.base_url, timeout_s=2)], settings, clock=clock,
                  rng=random.Random(5), **kwargs)


def test_drains_every_item_to_the_his_once(outbox, his, clock):
    keys = _queue(outbox, 25)
    sender = _sender(outbox, his, clock)
    while sender.run_once():
        pass
    assert sorted(r.idempotency_key for r in his.received()) == sorted(keys)
    assert his.duplicates == 0
    state = sender.state()
    assert (state.online, state.waiting, state.dead) == (True, 0, 0)


def test_unreachable_his_makes_it_offline_backs_off_and_counts_no_attempt(outbox, his, clock):
    _queue(outbox, 3)
    his.fail_next(1, "error", status=503)
    changes = []
    sender = _sender(outbox, his, clock, on_change=changes.append)
    sender.run_once()
    state = sender.state()
    assert not state.online and state.offline_destinations == ("clinic HIS",)
    assert state.waiting == 3 and "503" in state.last_error
    assert his.received() == []  # one failed try, then the rest of the batch was held back
    assert all(e.attempts == 0 for e in outbox.entries())
    clock.advance(OFFLINE_BACKOFF.base_delay_s / 2 - 0.1)  # inside the shortest backoff
    assert sender.run_once() == 0
    clock.advance(OFFLINE_BACKOFF.base_delay_s / 2 + 0.2)
    while sender.run_once():
        pass
    assert len(his.received()) == 3
    assert sender.state().online
    assert [c.online for c in changes][:1] == [False] and changes[-1].online


def test_offline_backoff_grows_while_the_his_stays_down(outbox, his, clock):
    _queue(outbox, 1)
    his.fail_next(100, "error", status=503)
    sender = _sender(outbox, his, clock)
    waits = []
    for _ in range(5):
        sender.run_once()
        [entry] = outbox.entries()
        waits.append(entry.available_at - clock.now)
        clock.advance(waits[-1])
    for n, wait in enumerate(waits, start=1):
        ceiling = min(32, 4 * 2 ** (n - 1))
        assert ceiling / 2 <= wait <= ceiling, waits
    assert outbox.entries()[0].attempts == 0


def test_server_error_counts_an_attempt_and_stays_online(outbox, his, clock):
    _queue(outbox, 1)
    his.fail_next(1, "error", status=500)
    sender = _sender(outbox, his, clock)
    sender.run_once()
    [entry] = outbox.entries()
    assert entry.attempts == 1 and "500" in entry.last_error
    assert sender.state().online


def test_refused_checkin_is_dead_lettered_and_the_rest_delivered(outbox, his, clock):
    bad = {**sample_checkin(99).to_dict(), "face_decision": "maybe"}
    outbox.enqueue(KIND_CHECKIN, bad, "bad-one")
    keys = _queue(outbox, 2)
    sender = _sender(outbox, his, clock)
    sender.run_once()
    assert [e.idempotency_key for e in outbox.entries(DEAD)] == ["bad-one"]
    assert sorted(r.idempotency_key for r in his.received()) == sorted(keys)
    assert sender.state().dead == 1


def test_item_of_unknown_kind_is_dead_lettered(outbox, his, clock):
    outbox.enqueue("fax", {}, "k")
    _sender(outbox, his, clock).run_once()
    assert "fax" in outbox.entries(DEAD)[0].last_error


class _SlowDestination:
    """A destination whose deliveries take 20 s of the manual clock each."""

    name, kinds = "slow", ("slow",)

    def __init__(self, clock) -> None:
        self.clock, self.delivered = clock, []

    def deliver(self, item: OutboxItem) -> None:
        self.clock.advance(20)
        self.delivered.append(item.idempotency_key)


def test_batch_stops_before_its_lease_can_run_out_and_gives_the_rest_back(outbox, clock):
    for n in range(5):
        outbox.enqueue("slow", {}, f"k{n}")
    destination = _SlowDestination(clock)
    sender = Sender(outbox, [destination], SenderSettings(batch=5, lease_s=60), clock=clock)
    assert sender.run_once() == 2  # 0 s and 20 s in; at 40 s half the lease is gone
    assert destination.delivered == ["k0", "k1"]
    assert [e.attempts for e in outbox.entries()] == [0] * 5
    while sender.run_once():
        pass
    assert destination.delivered == [f"k{n}" for n in range(5)]


def test_background_thread_resumes_by_itself_when_the_his_comes_back(tmp_path):
    his = HisSimulator()
    his.start()
    port = his.port
    his.stop()  # the HIS is down: connections are refused
    settings = SenderSettings(idle_s=0.02,
                              offline_backoff=RetryPolicy(base_delay_s=0.05, max_delay_s=0.2))
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        sender = Sender(outbox, [HisClient(f"http://127.0.0.1:{port}", timeout_s=2)], settings)
        sender.start()
        try:
            keys = _queue(outbox, 5)
            sender.wake()
            wait_for(lambda: not sender.state().online)
            assert sender.state().waiting == 5
            with HisSimulator(port=port) as back:
                wait_for(lambda: len(back.received()) == 5)
                wait_for(lambda: sender.state().online and sender.state().waiting == 0)
                assert sorted(r.idempotency_key for r in back.received()) == sorted(keys)
        finally:
            sender.stop()


def test_stop_ends_the_thread_in_the_middle_of_an_idle_wait(outbox, his):
    before = set(threading.enumerate())
    sender = Sender(outbox, [HisClient(his.base_url)], SenderSettings(idle_s=3600))
    sender.start()
    [thread] = [t for t in threading.enumerate() if t not in before and t.name == "outbox-sender"]
    sender.stop()  # waits for the thread up to 30 s; the idle wait alone would take an hour
    assert not thread.is_alive()


@pytest.mark.parametrize("fault", ["lost_reply", "disconnect"])
def test_lost_answer_is_resent_and_the_his_keeps_it_once(outbox, his, clock, fault):
    [key] = _queue(outbox, 1)
    his.fail_next(1, fault)
    sender = _sender(outbox, his, clock)
    sender.run_once()
    clock.advance(OFFLINE_BACKOFF.max_delay_s)
    sender.run_once()
    assert [r.idempotency_key for r in his.received()] == [key]
    assert outbox.stats().delivered == 1
