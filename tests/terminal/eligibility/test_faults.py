"""Each simulator fault, seen through the client over HTTP: the result is pending (or, when a
retry is safe and the fault passes, the answer), never an exception, never a hang."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from terminal.eligibility import EligibilityQuery, EligibilityStatus

from tests.support.gateway_queries import query_for


def _pending(result, kind: str) -> None:
    assert result.status is EligibilityStatus.PENDING, result
    assert result.status.awaits_verdict and not result.status.is_usable
    assert kind in result.error_detail
    assert result.message_vi and result.message_en and result.next_step_en


def test_added_latency_within_the_timeout_only_slows(sim, client):
    sim.faults.set(latency_ms=200)
    started = time.monotonic()
    assert client.lookup(query_for(sim, "an")).code == "000"
    assert time.monotonic() - started >= 0.4  # login and lookup each waited


def test_latency_past_the_read_timeout_is_pending_and_not_retried(sim, make_client):
    client = make_client(timeout_s=0.3)
    client.login()
    sim.faults.set(latency_ms=10_000)
    before = sim.stats()
    result = client.lookup(query_for(sim, "an"))
    _pending(result, "GatewayTimeout")
    assert "in time" in result.message_en
    assert sim.stats()["requests"] - before["requests"] == 1  # a read timeout is not retried
    # the client gave up on the read timeout, before the gateway got to answer the lookup
    assert sim.stats()["lookups"] == before["lookups"]


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_5xx_is_pending(sim, client, status):
    sim.faults.set(http_status=status)
    result = client.lookup(query_for(sim, "an"))
    _pending(result, f"HTTP {status}")


def test_a_passing_502_is_retried_and_answered(sim, client):
    client.login()
    sim.faults.set(http_status=502, remaining=1)
    assert client.lookup(query_for(sim, "an")).code == "000"


def test_a_500_is_not_retried(sim, client):
    client.login()
    sim.faults.set(http_status=500, remaining=1)
    _pending(client.lookup(query_for(sim, "an")), "HTTP 500")
    assert sim.faults.get().remaining == 0


@pytest.mark.parametrize("status", [200, 500])
def test_an_html_error_page_is_pending_with_a_plain_message(sim, client, status):
    sim.faults.set(html_error=True, http_status=status if status != 200 else 0)
    result = client.lookup(query_for(sim, "an"))
    _pending(result, "MalformedReply" if status == 200 else "HTTP 500")
    if status == 200:
        assert "HTML" in result.error_detail and "cannot be read" in result.message_en


def test_invalid_json_is_pending(sim, client):
    sim.faults.set(invalid_json=True, scope="lookup")
    _pending(client.lookup(query_for(sim, "an")), "not JSON")


def test_truncated_json_is_pending(sim, client):
    sim.faults.set(truncated_json=True, scope="lookup")
    _pending(client.lookup(query_for(sim, "an")), "MalformedReply")


def test_a_truncated_login_reply_is_pending(sim, client):
    sim.faults.set(truncated_json=True, scope="login")
    _pending(client.lookup(query_for(sim, "an")), "MalformedReply")


def test_a_connection_reset_is_pending_and_not_retried(sim, client):
    client.login()
    sim.faults.set(connection_reset=True, remaining=1)
    _pending(client.lookup(query_for(sim, "an")), "GatewayUnreachable")
    assert client.lookup(query_for(sim, "an")).code == "000"  # the next lookup works


def test_a_maintenance_window_is_pending_after_the_safe_retries(sim, client):
    sim.faults.set(maintenance=True)
    result = client.lookup(query_for(sim, "an"))
    _pending(result, "GatewayUnavailable")
    assert "maintenance" in result.message_en and "bảo trì" in result.message_vi
    assert sim.stats()["requests"] == 2  # the login tried twice (retries=1), nothing more


def test_a_closed_port_is_pending(make_client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = make_client(base_url=f"http://127.0.0.1:{port}").lookup(
        EligibilityQuery(full_name="An", birth_date=1990, id_number="001090004521"))
    _pending(result, "GatewayUnreachable")
    assert "cannot be reached" in result.message_en


def test_faults_are_switched_over_http(sim, client):
    url = sim.base_url + "/_sim/faults"
    assert requests.get(url, timeout=2).json()["http_status"] == 0
    reply = requests.post(url, json={"http_status": 500, "remaining": 2}, timeout=2)
    assert reply.status_code == 200 and reply.json()["remaining"] == 2
    assert client.lookup(query_for(sim, "an")).status is EligibilityStatus.PENDING
    assert requests.delete(url, timeout=2).json()["http_status"] == 0
    assert client.lookup(query_for(sim, "an")).code == "000"
    bad = requests.post(url, json={"latency": 5}, timeout=2)
    assert bad.status_code == 400 and "unknown fault" in bad.json()["error"]
    assert requests.post(url, json={"latency_ms": "slow"}, timeout=2).status_code == 400


def test_tokens_are_ended_over_http(sim, client):
    assert client.lookup(query_for(sim, "an")).code == "000"
    reply = requests.post(sim.base_url + "/_sim/tokens", json={"expire_now": True}, timeout=2)
    assert reply.json()["expired"] == 1
    assert client.lookup(query_for(sim, "an")).code == "000" and client.logins == 2


def test_a_gateway_dripping_its_reply_a_byte_at_a_time_is_pending_within_the_timeout(
        sim, make_client):
    """Each byte comes well within the read timeout, so only the whole-body deadline can end it."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 5000\r\n\r\n")
            try:
                while not stop.wait(0.05):
                    conn.sendall(b" ")
            except OSError:
                pass  # the client hung up

    threading.Thread(target=drip, daemon=True).start()
    client = make_client(base_url=f"http://127.0.0.1:{listener.getsockname()[1]}", timeout_s=0.5,
                         retries=0)
    started = time.monotonic()
    try:
        result = client.lookup(query_for(sim, "an"))
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 3.0  # 5000 bytes at 20 a second would be 250 s
    assert result.status is EligibilityStatus.PENDING and "still arriving" in result.error_detail
