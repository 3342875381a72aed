"""The co-pay standing from the co-pay service over HTTP (reference §6): the year's total, its
as-of date and the exemption (Decree 188/2025 Art 18(2)); every code and fault costs the co-pay
only, noted, never the card's answer."""

from __future__ import annotations

import time
from datetime import date

import pytest

from terminal.eligibility import EligibilityStatus, client as client_module

from tests.support.gateway_queries import query_for

THRESHOLD = 6 * 2_340_000


def test_above_the_threshold_with_five_years_the_fund_exempts(sim, client):
    copay = client.lookup(query_for(sim, "an")).copay
    assert copay is not None
    assert (copay.paid_vnd, copay.threshold_vnd, copay.code) == (16_500_000, THRESHOLD, "200")
    assert copay.as_of == date(2026, 8, 5)
    assert copay.exempt and copay.exempt_from == date(2026, 4, 5)


def test_below_the_threshold_no_exemption_and_the_total_is_rounded(sim, client):
    copay = client.lookup(query_for(sim, "binh")).copay
    assert copay is not None
    assert (copay.paid_vnd, copay.exempt, copay.exempt_from) == (2_150_000, False, None)
    assert copay.as_of == date(2026, 9, 30)


def test_nothing_on_file_is_204_a_total_of_zero_as_of_today(sim, client):
    copay = client.lookup(query_for(sim, "em")).copay
    assert copay is not None
    assert (copay.code, copay.paid_vnd, copay.exempt) == ("204", 0, False)
    assert copay.as_of == date.today()


def test_an_unknown_threshold_never_exempts(sim, make_client):
    copay = make_client(copay_threshold_vnd=0).lookup(query_for(sim, "an")).copay
    assert copay is not None and copay.threshold_vnd is None and not copay.exempt


def test_no_copay_is_asked_for_a_card_that_cannot_be_used_or_when_off(sim, client, make_client):
    assert client.lookup(query_for(sim, "dung")).copay is None
    assert make_client(copay=False).lookup(query_for(sim, "an")).copay is None
    assert sim.stats()["copay_calls"] == 0


def test_the_credentials_go_in_headers_not_the_url(sim, client):
    result = client.lookup(query_for(sim, "an"))
    assert result.copay is not None  # the simulator accepts only header credentials


def test_an_expired_session_gets_one_fresh_login(sim, client):
    client.login()
    sim.faults.set(copay_session_expired=True, scope="copay", remaining=1)
    result = client.lookup(query_for(sim, "an"))
    assert result.copay is not None and client.logins == 2
    assert [e.http_status for e in result.evidence if e.call == "copay"] == [401, 200]


def test_a_token_past_the_ten_minutes_is_renewed_before_the_call(sim, make_client, monkeypatch):
    monkeypatch.setattr(client_module, "COPAY_SESSION_S", 0.5)
    monkeypatch.setattr(client_module, "COPAY_SESSION_MARGIN_S", 0.1)
    sim.gateway.copay_session_s = 0.5
    client = make_client()
    assert client.lookup(query_for(sim, "an")).copay is not None
    time.sleep(0.5)
    result = client.lookup(query_for(sim, "an"))
    assert result.copay is not None and client.logins == 2
    assert [e.http_status for e in result.evidence if e.call == "copay"] == [200]  # no refusal


@pytest.mark.parametrize("fault", ["copay_session_expired", "copay_ip_mismatch"])
def test_a_session_refused_twice_leaves_the_copay_unknown(sim, client, fault):
    sim.faults.set(**{fault: True}, scope="copay")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.ELIGIBLE and result.copay is None
    assert "co-pay not known" in result.gateway_note and "another IP" in result.gateway_note
    assert [e.http_status for e in result.evidence if e.call == "copay"] == [401, 401]


def test_a_restricted_account_leaves_the_copay_unknown(sim, client):
    sim.faults.set(copay_restricted=True, scope="copay")
    result = client.lookup(query_for(sim, "an"))
    assert result.copay is None and "restricted" in result.gateway_note
    assert result.evidence[-1].http_status == 500
    assert "Có lỗi xảy ra" in result.evidence[-1].body


def test_a_17_character_card_is_asked_by_its_15_character_code(sim, client):
    card = sim.gateway.data.by_label("an")
    result = client.lookup(query_for(sim, "an", by="card", card_number=card.record["maThe"] + "K1"))
    assert result.code == "000" and result.copay is not None and result.copay.paid_vnd


def test_a_400_leaves_the_copay_unknown(sim, client):
    sim.faults.set(reply_override='{"MaKetQua": "400", "DataCCT": null}', scope="copay")
    result = client.lookup(query_for(sim, "an"))
    assert result.copay is None and "MaKetQua 400" in result.gateway_note


@pytest.mark.parametrize("fault, kind", [({"latency_ms": 3000}, "GatewayTimeout"),
                                         ({"connection_reset": True}, "GatewayUnreachable"),
                                         ({"http_status": 503}, "GatewayUnavailable"),
                                         ({"invalid_json": True}, "MalformedReply")])
def test_a_slow_or_down_service_costs_the_copay_only(sim, make_client, fault, kind):
    client = make_client(timeout_s=1.0, retries=0)
    client.login()
    sim.faults.set(**fault, scope="copay")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.ELIGIBLE and result.facts.visits
    assert result.copay is None and kind in result.gateway_note
    assert result.evidence[-1].call == "copay"


def test_a_200_without_a_readable_total_is_unreadable(sim, client):
    sim.faults.set(reply_override='{"MaKetQua": "200", "DataCCT": [{"tBNCCTLuyKe": "many"}]}',
                   scope="copay")
    result = client.lookup(query_for(sim, "an"))
    assert result.copay is None and "MalformedReply" in result.gateway_note
