"""Every exchange of a lookup kept as evidence (Decree 188 Art 38, reference §6): the raw reply of
each call, or its failure and time; bodies capped, and never in a log."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from terminal.eligibility import EligibilityStatus
from terminal.eligibility.records import EVIDENCE_BODY_CHARS

from tests.support.gateway_queries import query_for


def test_each_call_is_kept_with_its_raw_reply(sim, client):
    before = datetime.now().astimezone()
    result = client.lookup(query_for(sim, "an"))
    assert [(e.call, e.http_status, e.failure) for e in result.evidence] == [
        ("lookup", 200, ""), ("lskcb2025", 200, ""), ("copay", 200, "")]
    lookup, history, copay = result.evidence
    assert json.loads(lookup.body)["maKetQua"] == "000"
    assert json.loads(history.body)["dsLichSuKCB2025"][0]["maCSKCB"] == "79001"
    assert json.loads(copay.body)["MaKetQua"] == "200"
    assert before <= lookup.at <= history.at <= copay.at and lookup.at.tzinfo is not None
    assert "token" not in lookup.body and "Nguyễn" not in repr(lookup)


def test_a_lookup_that_got_no_reply_keeps_its_failure_and_time(sim, make_client):
    client = make_client(timeout_s=0.3)
    client.login()
    sim.faults.set(latency_ms=2000, scope="lookup")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.PENDING
    (exchange,) = result.evidence
    assert exchange.call == "lookup" and exchange.http_status is None and exchange.body == ""
    assert exchange.failure.startswith("GatewayTimeout")


def test_an_unreachable_gateway_and_a_refused_login_are_kept(sim, make_client):
    result = make_client(base_url="http://127.0.0.1:9", retries=0).lookup(query_for(sim, "an"))
    assert [e.failure.split(":")[0] for e in result.evidence] == ["GatewayUnreachable"]
    result = make_client(password="wrong").lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.AUTH_ERROR
    assert result.evidence[-1].failure.startswith("GatewayAuthError")


def test_a_refused_token_keeps_both_replies(sim, client):
    client.login()
    sim.expire_tokens()
    result = client.lookup(query_for(sim, "an"))
    assert [(e.call, json.loads(e.body)["maKetQua"]) for e in result.evidence[:2]] == [
        ("lookup", "401"), ("lookup", "000")]


def test_an_error_page_is_kept_as_it_came(sim, client):
    sim.faults.set(html_error=True, http_status=500, scope="lookup")
    result = client.lookup(query_for(sim, "an"))
    assert result.evidence[0].http_status == 500 and "<html>" in result.evidence[0].body


def test_a_huge_body_is_kept_cut_to_the_cap(sim, client):
    sim.faults.set(huge_reply_bytes=200_000, scope="lookup")
    result = client.lookup(query_for(sim, "an"))
    assert len(result.evidence[0].body) == EVIDENCE_BODY_CHARS


def test_no_body_reaches_a_log(sim, client, caplog):
    caplog.set_level(logging.DEBUG)
    result = client.lookup(query_for(sim, "an"))
    for exchange in result.evidence:
        assert exchange.body and exchange.body[:60] not in caplog.text
    assert "Nguyễn Văn An" not in caplog.text and "7901234567" not in caplog.text
