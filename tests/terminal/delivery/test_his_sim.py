"""The HIS simulator and the HIS client against each other, over real loopback HTTP."""

from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.delivery.checkin_payload import (KIND_ELIGIBILITY_UPDATE, EligibilityUpdatePayload,
                                               QueueNumberRequest)
from terminal.delivery.errors import DeliveryFailed, DeliveryRejected, DeliveryUnreachable
from terminal.delivery.his_client import HisClient
from terminal.simulators.his.server import HisSimulator
from tests.support.sample_checkins import ELIGIBLE, outbox_item as _item, sample_checkin, sample_checkin_item as _checkin_item


def test_checkin_arrives_with_its_idempotency_key(his):
    HisClient(his.base_url).deliver(_checkin_item())
    [received] = his.received()
    assert received.idempotency_key == sample_checkin(1).checkin_id
    assert received.checkin == sample_checkin(1).to_dict()


def test_resending_the_same_key_is_stored_once_and_counted_as_duplicate(his):
    client = HisClient(his.base_url)
    client.deliver(_checkin_item())
    client.deliver(_checkin_item())
    assert len(his.received()) == 1
    assert his.duplicates == 1


@pytest.mark.parametrize("fault, error", [
    ({"mode": "error", "status": 503}, DeliveryUnreachable),
    ({"mode": "error", "status": 429}, DeliveryUnreachable),
    ({"mode": "disconnect"}, DeliveryUnreachable),
    ({"mode": "error", "status": 500}, DeliveryFailed),
    ({"mode": "error", "status": 422}, DeliveryRejected),
])
def test_faults_map_to_what_the_sender_should_do(his, fault, error):
    his.fail_next(1, **fault)
    with pytest.raises(error):
        HisClient(his.base_url).deliver(_checkin_item())
    assert his.received() == []
    HisClient(his.base_url).deliver(_checkin_item())  # one fault, then served again
    assert len(his.received()) == 1


def test_lost_reply_stores_but_the_client_cannot_know(his):
    his.fail_next(1, "lost_reply")
    with pytest.raises(DeliveryUnreachable):
        HisClient(his.base_url).deliver(_checkin_item())
    assert len(his.received()) == 1


def test_slow_reply_beyond_the_timeout_is_unreachable_but_stored(his):
    his.fail_next(1, "slow", delay_s=1.5)
    with pytest.raises(DeliveryUnreachable):
        HisClient(his.base_url, timeout_s=0.5).deliver(_checkin_item())
    assert len(his.received()) == 1


def test_stopped_his_is_unreachable(his):
    url = his.base_url
    his.stop()
    with pytest.raises(DeliveryUnreachable):
        HisClient(url).deliver(_checkin_item())


def test_malformed_checkin_is_rejected_for_good(his):
    payload = {**sample_checkin(1).to_dict(), "ticket": "not a ticket"}
    with pytest.raises(DeliveryRejected) as info:
        HisClient(his.base_url).deliver(_item(payload, "k"))
    assert "400" in info.value.detail


def test_eligibility_update_before_its_checkin_is_retried_then_applied(his):
    record = sample_checkin(1)
    update = EligibilityUpdatePayload(record.checkin_id, ELIGIBLE)
    update_item = _item(update.to_dict(), update.idempotency_key, KIND_ELIGIBILITY_UPDATE)
    client = HisClient(his.base_url)
    with pytest.raises(DeliveryFailed):
        client.deliver(update_item)
    client.deliver(_checkin_item())
    client.deliver(update_item)
    [received] = his.received()
    assert received.updated
    assert received.checkin["eligibility"]["status"] == "eligible"


def test_faults_can_be_armed_over_http_and_what_arrived_listed(his):
    answer = requests.post(f"{his.base_url}/_sim/faults", json={"count": 2, "mode": "error",
                                                                "status": 503}, timeout=5)
    assert answer.status_code == 200
    client = HisClient(his.base_url)
    for _ in range(2):
        with pytest.raises(DeliveryUnreachable):
            client.deliver(_checkin_item())
    client.deliver(_checkin_item())
    listing = requests.get(f"{his.base_url}/checkins", timeout=5).json()
    assert [c["idempotency_key"] for c in listing["checkins"]] == [sample_checkin(1).checkin_id]
    assert requests.post(f"{his.base_url}/_sim/faults", json={"mode": "explode"},
                         timeout=5).status_code == 400


def test_store_file_keeps_what_arrived_across_restarts(tmp_path):
    store = tmp_path / "his.json"
    with HisSimulator(store_path=store) as first:
        HisClient(first.base_url).deliver(_checkin_item())
    with HisSimulator(store_path=store) as second:
        assert [r.idempotency_key for r in second.received()] == [sample_checkin(1).checkin_id]
        HisClient(second.base_url).deliver(_checkin_item())
        assert second.duplicates == 1
    assert store.stat().st_mode & 0o777 == 0o600  # patients' identities in clear: owner only


@settings(max_examples=60, deadline=None)
@given(body=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                         max_leaves=12),
       path=st.sampled_from(["/checkins", f"/checkins/{'a' * 32}/eligibility"]))
def test_any_json_body_is_answered_with_a_clear_status_never_a_crash(shared_his, body, path):
    answer = requests.post(shared_his.base_url + path, data=json.dumps(body),
                           headers={"Idempotency-Key": "k"}, timeout=5)
    assert answer.status_code in (200, 201, 400, 409)
    assert "error" in answer.json() or answer.status_code < 300


@pytest.fixture(scope="module")
def shared_his():
    with HisSimulator() as simulator:
        yield simulator


def test_deeply_nested_json_is_a_bad_request_not_a_dropped_connection(his):
    answer = requests.post(f"{his.base_url}/checkins", data=b"[" * 100_000, timeout=5,
                           headers={"Idempotency-Key": "k"})
    assert answer.status_code == 400


def test_a_client_that_stops_sending_is_disconnected_after_the_idle_timeout():
    with HisSimulator(idle_timeout_s=0.3) as sim:
        with socket.create_connection((sim.host, sim.port), timeout=5) as sock:
            sock.sendall(b"POST /checkins HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
            started = time.monotonic()
            assert sock.recv(1024) == b""  # closed by the server, nothing answered
            assert time.monotonic() - started < 3


# queue numbers ------------------------------------------------------------------------------

def _ask(n: int, department: str = "NOI", sequence: str = "") -> QueueNumberRequest:
    return QueueNumberRequest(sample_checkin(n).checkin_id, department, "A", sequence,
                              "aged_75_plus" if sequence else "")


def test_the_his_numbers_each_rooms_queue_and_says_how_many_wait(his):
    client = HisClient(his.base_url)
    first, second = client.queue_number(_ask(1)), client.queue_number(_ask(2))
    assert (first.ticket, first.ahead, second.ticket, second.ahead) == ("A001", 0, "A002", 1)
    assert client.queue_number(_ask(1)) == first  # asking again: the same number
    assert client.queue_number(_ask(3, "NHI")).ticket == "A001"  # another room, its own queue
    priority = client.queue_number(_ask(4, sequence="UT"))
    assert (priority.ticket, priority.ahead) == ("UT-001", 0)
    assert client.queue_number(_ask(5)).ahead == 3  # the priority patient is called first


def test_a_his_that_is_down_gives_no_number_and_keeps_its_faults_for_check_ins(his):
    his.fail_next(1, status=503)
    client = HisClient(his.base_url, number_timeout_s=1.0)
    with pytest.raises(DeliveryUnreachable):
        client.queue_number(_ask(1))
    with pytest.raises(DeliveryUnreachable):  # the check-in still meets the armed fault
        client.deliver(_checkin_item())


def test_a_number_given_offline_is_kept_when_free_and_replaced_when_taken(his):
    told = []
    client = HisClient(his.base_url, on_number=lambda checkin_id, answer: told.append(
        (checkin_id, answer.ticket)))
    taken = client.queue_number(QueueNumberRequest(sample_checkin(1).checkin_id, "A", "A"))
    assert taken.ticket == "A001"
    client.deliver(_checkin_item(1))  # the number the HIS gave it: kept
    client.deliver(_checkin_item(5))  # A005, free: kept
    clash = replace(sample_checkin(1001), ticket="A001")  # another kiosk's A001, offline
    client.deliver(_item(clash.to_dict(), clash.checkin_id))
    assert told == [(clash.checkin_id, "A006")]  # after the highest the HIS holds
    assert sorted(c.ticket for c in his.received()) == ["A001", "A005", "A006"]
    client.deliver(_item(clash.to_dict(), clash.checkin_id))  # a re-send: the same answer
    assert told[-1] == (clash.checkin_id, "A006")


@pytest.mark.parametrize("body", [b"not json", b'{"number": 0, "ticket": "A000"}',
                                  b'{"number": 3, "ticket": "<b>"}', b'[]'])
def test_a_garbled_number_answer_is_a_typed_error(body):
    with _one_reply_server(body) as url:
        with pytest.raises(DeliveryFailed):
            HisClient(url).queue_number(_ask(1))


@contextmanager
def _one_reply_server(body: bytes):
    """A server that answers every POST with 200 and `body`."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (stdlib's name)
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("body", [
    {}, [], {"schema": "queue-number/1"},
    {"schema": "queue-number/1", "checkin_id": "x", "department": "NOI", "counter": "A",
     "sequence": "", "priority": ""},
    {"schema": "queue-number/1", "checkin_id": "0" * 32, "department": "NOI", "counter": "A",
     "sequence": "", "priority": "vip"}])
def test_a_bad_queue_number_request_is_refused_plainly(his, body):
    reply = requests.post(f"{his.base_url}/queue-numbers", json=body, timeout=5)
    assert reply.status_code == 400 and "error" in reply.json()


def test_a_check_in_time_that_is_no_date_is_numbered_on_the_his_own_day(his):
    odd = replace(sample_checkin(7), checked_in_at="2025-13-45T08:00:00+07:00")
    HisClient(his.base_url).deliver(_item(odd.to_dict(), odd.checkin_id))
    assert [c.ticket for c in his.received()] == ["A007"]
