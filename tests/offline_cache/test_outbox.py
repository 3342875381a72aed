"""The outbox's seam on a real SQLite file: enqueue, claim, ack, idempotency, stats, retention."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from offline_cache.errors import ItemNotFoundError, OutboxError, PayloadError
from offline_cache.schema import DEAD, DELIVERED, PENDING


def test_enqueued_item_is_claimed_with_its_payload(make_outbox):
    outbox = make_outbox()
    item_id = outbox.enqueue("checkin", {"ticket": "A001", "name": "Nguyễn Văn An"}, "key-1")
    [item] = outbox.claim(limit=10, lease_s=30)
    assert (item.id, item.kind, item.idempotency_key) == (item_id, "checkin", "key-1")
    assert item.payload == {"ticket": "A001", "name": "Nguyễn Văn An"}
    assert item.attempts == 0


def test_same_idempotency_key_twice_is_one_item(make_outbox):
    outbox = make_outbox()
    first = outbox.enqueue("checkin", {"n": 1}, "same")
    second = outbox.enqueue("checkin", {"n": 2}, "same")
    assert first == second
    assert outbox.stats().waiting == 1
    assert [item.payload for item in outbox.claim(10, 30)] == [{"n": 1}]


def test_claimed_item_is_not_claimed_again_while_leased(make_outbox):
    outbox = make_outbox()
    outbox.enqueue("k", {}, "a")
    assert len(outbox.claim(10, 30)) == 1
    assert outbox.claim(10, 30) == []
    assert outbox.stats().in_flight == 1


def test_claim_is_oldest_first_and_respects_limit(make_outbox, clock):
    outbox = make_outbox()
    for n in range(5):
        outbox.enqueue("k", {"n": n}, f"key-{n}")
        clock.advance(1)
    assert [i.payload["n"] for i in outbox.claim(limit=3, lease_s=30)] == [0, 1, 2]
    assert [i.payload["n"] for i in outbox.claim(limit=3, lease_s=30)] == [3, 4]


def test_ack_erases_the_payload_and_counts_delivered(make_outbox, tmp_path):
    outbox = make_outbox()
    item_id = outbox.enqueue("checkin", {"secret": "x"}, "a")
    outbox.claim(1, 30)
    outbox.ack(item_id)
    outbox.ack(item_id)  # a second ack (a sender retrying its ack) changes nothing
    stats = outbox.stats()
    assert (stats.waiting, stats.delivered) == (0, 1)
    with sqlite3.connect(tmp_path / "outbox.sqlite3") as raw:
        assert raw.execute("SELECT payload, status FROM items").fetchall() == [(None, DELIVERED)]


def test_payload_is_not_in_clear_on_disk(make_outbox, tmp_path):
    outbox = make_outbox()
    outbox.enqueue("checkin", {"id_number": "079093001234"}, "a")
    outbox.close()
    for path in tmp_path.glob("outbox.sqlite3*"):
        assert b"079093001234" not in path.read_bytes()


def test_ack_or_fail_of_unknown_item_is_a_typed_error(make_outbox):
    outbox = make_outbox()
    with pytest.raises(ItemNotFoundError):
        outbox.ack(999)
    with pytest.raises(ItemNotFoundError):
        outbox.fail(999, "x")


@pytest.mark.parametrize("payload", [["a", "list"], {"when": object()}, {"x": float("nan")}])
def test_payload_that_is_not_a_json_object_is_refused(make_outbox, payload):
    outbox = make_outbox()
    with pytest.raises(PayloadError):
        outbox.enqueue("k", payload, "a")
    assert outbox.stats().waiting == 0


def test_stats_report_waiting_age_and_last_error(make_outbox, clock):
    outbox = make_outbox()
    outbox.enqueue("k", {}, "a")
    clock.advance(40)
    outbox.enqueue("k", {}, "b")
    clock.advance(2)
    [first, _] = outbox.claim(10, 30)
    outbox.fail(first.id, "HIS answered 500")
    stats = outbox.stats()
    assert stats.waiting == 2
    assert stats.oldest_waiting_age_s == pytest.approx(42)
    assert stats.last_error == "HIS answered 500"


def test_delivered_items_are_purged_after_retention(make_outbox, clock):
    outbox = make_outbox(retention_s=3600)
    outbox.enqueue("k", {}, "old")
    outbox.enqueue("k", {}, "new")
    [old, new] = outbox.claim(10, 30)
    outbox.ack(old.id)
    clock.advance(3000)
    outbox.ack(new.id)
    assert outbox.purge() == 0
    clock.advance(700)
    assert outbox.purge() == 1
    assert [e.idempotency_key for e in outbox.entries()] == ["new"]


def test_retry_of_delivered_item_is_refused(make_outbox):
    outbox = make_outbox()
    item_id = outbox.enqueue("k", {}, "a")
    outbox.ack(item_id)
    with pytest.raises(OutboxError):
        outbox.retry(item_id)


def test_entries_filter_by_status(make_outbox):
    outbox = make_outbox()
    for key in "abc":
        outbox.enqueue("k", {}, key)
    a, b, _ = outbox.claim(10, 30)
    outbox.ack(a.id)
    outbox.fail(b.id, "bad", permanent=True)
    assert [e.idempotency_key for e in outbox.entries(DEAD)] == ["b"]
    assert [e.status for e in outbox.entries()] == [DELIVERED, DEAD, PENDING]


def test_threads_enqueue_and_claim_without_losing_items(make_outbox):
    outbox = make_outbox()
    seen: list[int] = []

    def produce(worker: int) -> None:
        for n in range(40):
            outbox.enqueue("k", {"n": n}, f"{worker}-{n}")

    def consume() -> None:
        for _ in range(200):
            for item in outbox.claim(5, 60):
                seen.append(item.id)
                outbox.ack(item.id)

    threads = [threading.Thread(target=produce, args=(w,)) for w in range(3)]
    threads.append(threading.Thread(target=consume))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen.extend(item.id for item in outbox.claim(1000, 60))
    assert sorted(seen) == list(range(1, 121))
