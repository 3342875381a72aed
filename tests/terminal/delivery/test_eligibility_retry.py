"""A lookup deferred while the gateway was down is asked again when it is back, and the answer
reaches the HIS as an update of the check-in: through the real eligibility service and gateway
simulator, and through the bare lookup seam with a tiny HTTP gateway of the test's own."""

from __future__ import annotations

import dataclasses
import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from drivers.idcard.sim.profile import load_profile
from offline_cache.outbox import RetryPolicy
from offline_cache.schema import DEAD
from terminal.delivery.checkin_payload import (KIND_CHECKIN, KIND_ELIGIBILITY_LOOKUP,
                                               EligibilityLookupPayload, EligibilityPayload)
from terminal.config import config_from_dict
from terminal.delivery.checkin_payload import PatientPayload
from terminal.delivery.eligibility_retry import EligibilityRetry, GatewayLookup
from terminal.services import open_eligibility_service
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import Sender, SenderSettings
from tests.support.sample_checkins import PENDING_ELIGIBILITY, sample_checkin


class _Gateway(BaseHTTPRequestHandler):
    """Answers every card lookup with result code 000 (card information correct)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"maKetQua": "000", "ghiChu": "Thông tin thẻ chính xác"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class TinyGatewayLookup:
    """The lookup seam over plain HTTP: status "pending" when the gateway cannot be reached."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, query: EligibilityLookupPayload) -> EligibilityPayload:
        try:
            answer = requests.post(self.url, json={"maThe": query.id_number,
                                                   "hoTen": query.full_name}, timeout=2).json()
        except requests.RequestException:
            return EligibilityPayload("pending", "", "Gateway not reached.", "")
        return EligibilityPayload("eligible", answer["maKetQua"], answer["ghiChu"],
                                  "2025-03-01T08:05:00+07:00")


def _queue_deferred(outbox, record) -> None:
    outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)
    query = EligibilityLookupPayload(record.checkin_id, record.patient.id_number,
                                     record.patient.full_name, record.patient.birth_date)
    outbox.enqueue(KIND_ELIGIBILITY_LOOKUP, query.to_dict(), f"{record.checkin_id}:lookup")


@pytest.fixture
def gateway_port():
    probe = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    port = probe.server_address[1]
    probe.server_close()  # the gateway starts down
    return port


def test_deferred_lookup_is_delivered_when_the_gateway_is_back(outbox, his, clock, gateway_port):
    _queue_deferred(outbox, sample_checkin(1, eligibility=PENDING_ELIGIBILITY))
    lookup = TinyGatewayLookup(f"http://127.0.0.1:{gateway_port}/api/egw/KQNhanLichSuKCB2024")
    sender = Sender(outbox, [HisClient(his.base_url), EligibilityRetry(outbox, lookup)],
                    SenderSettings(offline_backoff=RetryPolicy(base_delay_s=4, max_delay_s=8)),
                    clock=clock, rng=random.Random(1))

    while sender.run_once():
        pass
    assert sender.state().offline_destinations == ("insurance gateway",)
    [received] = his.received()  # the check-in itself did not wait for the gateway
    assert received.checkin["eligibility"]["status"] == "pending" and not received.updated

    gateway = ThreadingHTTPServer(("127.0.0.1", gateway_port), _Gateway)
    threading.Thread(target=gateway.serve_forever, args=(0.05,), daemon=True).start()
    try:
        clock.advance(8)
        while sender.run_once():
            pass
    finally:
        gateway.shutdown()
        gateway.server_close()
    [received] = his.received()
    assert received.updated
    assert received.checkin["eligibility"]["status"] == "eligible"
    assert received.checkin["eligibility"]["code"] == "000"
    assert sender.state().online and outbox.stats().waiting == 0


def test_damaged_deferred_lookup_is_dead_lettered(outbox, clock):
    outbox.enqueue(KIND_ELIGIBILITY_LOOKUP, {"checkin_id": "nope"}, "x:lookup")
    sender = Sender(outbox, [EligibilityRetry(outbox, TinyGatewayLookup("http://127.0.0.1:9"))],
                    clock=clock)
    sender.run_once()
    assert [e.idempotency_key for e in outbox.entries(DEAD)] == ["x:lookup"]


def test_deferred_lookup_reaches_the_his_when_the_gateway_simulator_is_back(outbox, his, clock):
    # "an" of the simulator's cards: result 000; the check-in was made while the gateway was down.
    an = load_profile("an")
    patient = PatientPayload(an.id_number, an.full_name, an.birth_date.isoformat(), "M", "")
    record = dataclasses.replace(sample_checkin(7, eligibility=PENDING_ELIGIBILITY),
                                 patient=patient)
    _queue_deferred(outbox, record)
    config = config_from_dict({"gateway": {"retries": 0}})
    with open_eligibility_service(config) as service:
        service.simulator.faults.set(connection_reset=True)  # the gateway is down
        sender = Sender(outbox, [HisClient(his.base_url),
                                 EligibilityRetry(outbox, GatewayLookup(service.lookup))],
                        SenderSettings(offline_backoff=RetryPolicy(base_delay_s=4, max_delay_s=8)),
                        clock=clock, rng=random.Random(2))
        while sender.run_once():
            pass
        assert sender.state().offline_destinations == ("insurance gateway",)
        assert not his.received()[0].updated

        service.simulator.faults.clear()  # back
        clock.advance(8)
        while sender.run_once():
            pass
    [received] = his.received()
    assert received.updated
    eligibility = received.checkin["eligibility"]
    assert (eligibility["status"], eligibility["code"]) == ("eligible", "000")
    assert eligibility["checked_at"]
    assert sender.state().online and outbox.stats().waiting == 0
