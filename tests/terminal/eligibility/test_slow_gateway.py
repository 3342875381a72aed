"""A slow gateway holds nothing past its deadline (issue 17 item 6): headers dripped a byte a
second end a lookup at `timeout_s`, a second lookup does not wait behind a login past its own
deadline, and deferred lookups never hold up check-ins going to the HIS."""

from __future__ import annotations

import threading
import time
from datetime import datetime

from offline_cache.outbox import Outbox
from terminal.delivery.checkin_payload import EligibilityLookupPayload, iso_birth_date
from terminal.delivery.eligibility_retry import EligibilityRetry, GatewayLookup
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import Sender, SenderSettings
from terminal.eligibility import EligibilityStatus
from terminal.services import EligibilityService
from terminal.simulators.his.server import HisSimulator
from tests.support.sample_checkins import sample_checkin
from tests.support.gateway_queries import query_for
from tests.support.polling import wait_for

#: One byte a second: every read timeout is met, the headers alone take minutes.
DRIP_MS = 1000


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_headers_dripped_a_byte_a_second_end_the_lookup_at_its_timeout(sim, make_client):
    client = make_client(timeout_s=1.5, retries=0)
    sim.faults.set(drip_headers_ms=DRIP_MS, scope="lookup")
    client.login()
    result, took = _timed(lambda: client.lookup(query_for(sim, "an")))
    assert took < 1.5 + 0.5  # the headers alone would take ~2 minutes
    assert result.status is EligibilityStatus.PENDING and "headers not whole" in result.error_detail


def test_a_login_dripping_its_headers_ends_at_the_timeout_too(sim, make_client):
    client = make_client(timeout_s=1.0, retries=0)
    sim.faults.set(drip_headers_ms=DRIP_MS, scope="login")
    result, took = _timed(lambda: client.lookup(query_for(sim, "an")))
    assert took < 1.0 + 0.5 and result.status is EligibilityStatus.PENDING


def test_a_second_lookup_waits_behind_a_slow_login_no_longer_than_its_own_deadline(sim,
                                                                                  make_client):
    client = make_client(timeout_s=1.5, retries=0)
    sim.faults.set(drip_headers_ms=DRIP_MS, scope="login")
    first: list = []
    logging_in = threading.Thread(
        target=lambda: first.append(_timed(lambda: client.lookup(query_for(sim, "an")))))
    logging_in.start()
    time.sleep(0.5)  # the first lookup holds the login
    second, took = _timed(lambda: client.lookup(query_for(sim, "binh")))
    logging_in.join(10)
    assert took < 1.5 + 0.5 and second.status is EligibilityStatus.PENDING
    assert first and first[0][1] < 1.5 + 0.5


def test_deferred_lookups_on_a_slow_gateway_do_not_hold_up_check_ins_for_the_his(sim, make_client,
                                                                                tmp_path):
    sim.faults.set(drip_headers_ms=DRIP_MS)
    service = EligibilityService(make_client(timeout_s=3.0, retries=0))
    with HisSimulator() as his, Outbox(tmp_path / "q.sqlite3") as outbox:
        card = sim.gateway.data.by_label("an")
        for n in range(4):
            born = datetime.strptime(card.record["ngaySinh"], "%d/%m/%Y").date()
            query = EligibilityLookupPayload(sample_checkin(n, "deferred").checkin_id,
                                             card.id_number, card.record["hoTen"],
                                             iso_birth_date(born))
            outbox.enqueue("eligibility_lookup", query.to_dict(), f"{query.checkin_id}:lookup")
        sender = Sender(outbox, [HisClient(his.base_url, timeout_s=2),
                                 EligibilityRetry(outbox, GatewayLookup(service.lookup))],
                        SenderSettings(idle_s=0.05))
        sender.start()
        try:
            time.sleep(0.3)  # the lookups are under way on the gateway
            record = sample_checkin(1, "slow-gateway")
            queued_at = time.monotonic()
            outbox.enqueue("checkin", record.to_dict(), record.checkin_id)
            sender.wake()
            wait_for(lambda: len(his.received()) == 1, timeout_s=30)
            # A single sender thread would wait out at least one lookup's 3 s first.
            assert time.monotonic() - queued_at < 1.0
            wait_for(lambda: sender.state().offline_destinations == ("insurance gateway",))
            assert outbox.stats().dead == 0  # the lookups wait for the gateway, none refused
        finally:
            sender.stop()
