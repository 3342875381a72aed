"""Malformed, partial, huge and oddly typed replies, served by the simulator over HTTP: each ends
as a typed pending result with a plain message, or as a result with the bad facts dropped."""

from __future__ import annotations

import json

import pytest

from terminal.eligibility import EligibilityStatus
from terminal.eligibility.client import MAX_REPLY_BYTES

from tests.support.gateway_queries import query_for


def _lookup_with_reply(sim, client, body: str):
    client.login()
    sim.faults.set(reply_override=body, scope="lookup")
    return client.lookup(query_for(sim, "an"))


@pytest.mark.parametrize("body, why", [
    ("", "not JSON"),
    ("[]", "JSON list"),
    ('"000"', "JSON str"),
    ("null", "JSON NoneType"),
    ('{"ghiChu": "no code"}', "no maKetQua"),
    ('{"maKetQua": ["000"]}', "maKetQua of type list"),
    ('{"maKetQua": true}', "maKetQua of type bool"),
    ('{"maKetQua": 3.5}', "maKetQua of type float"),
    ('{"maKetQua": "000"', "not JSON"),
    ("<html><body>Proxy error</body></html>", "HTML"),
    ("\ufeff<!DOCTYPE html>", "not JSON"),
    ("[" * 100_000, "nested too deeply"),
    ('{"maKetQua": 1' + "0" * 5000 + "}", "not JSON"),
])
def test_a_reply_without_a_readable_code_is_pending(sim, client, body, why):
    result = _lookup_with_reply(sim, client, body)
    assert result.status is EligibilityStatus.PENDING
    assert "MalformedReply" in result.error_detail and why in result.error_detail
    assert result.message_en.startswith("The insurance gateway sent a reply that cannot be read")


def test_a_numeric_code_is_read_as_text(sim, client):
    result = _lookup_with_reply(sim, client, '{"maKetQua": 0}')
    assert result.code == "000" and result.status is EligibilityStatus.ELIGIBLE


def test_a_huge_reply_is_refused_at_the_cap(sim, client):
    client.login()
    sim.faults.set(huge_reply_bytes=MAX_REPLY_BYTES * 3, scope="lookup")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.PENDING and "ReplyTooLarge" in result.error_detail
    assert f"over {MAX_REPLY_BYTES}" in result.error_detail  # refused at the cap


def test_missing_fields_leave_facts_empty_not_an_error(sim, client):
    result = _lookup_with_reply(sim, client, '{"maKetQua": "000"}')
    assert result.status is EligibilityStatus.ELIGIBLE
    assert result.facts.card_number is None and result.facts.valid_to is None
    assert result.route_ok is None
    # No visit list in the reply: the visits come from the history call (reference §6).
    assert result.facts.history_source == "lskcb2025"


def test_oddly_typed_fields_are_dropped_and_named(sim, client):
    reply = {"maKetQua": "000", "maThe": "DN4797901234567", "gtTheTu": 20250101,
             "gtTheDen": "31/02/2030", "maDKBD": {"code": "79001"}, "ngayDu5Nam": None,
             "hoTen": ["Nguyễn Văn An"], "dsLichSuKCB2018": [
                 "not a visit", {"maCSKCB": "79001", "ngayVao": "2024-11-04", "tinhTrang": 9},
                 {"maCSKCB": 79001, "ngayVao": 202411040815, "lyDoVV": "2"}],
             "dsLichSuKT2018": "none"}
    result = _lookup_with_reply(sim, client, json.dumps(reply, ensure_ascii=False))
    facts = result.facts
    assert result.status is EligibilityStatus.ELIGIBLE and facts.card_number == "DN4797901234567"
    assert facts.valid_from is None and facts.valid_to is None and facts.registered_facility is None
    assert set(facts.dropped_fields) >= {"gtTheTu", "gtTheDen", "maDKBD", "hoTen",
                                        "dsLichSuKCB2018[0]", "dsLichSuKCB2018[1].ngayVao",
                                        "dsLichSuKCB2018[1].tinhTrang"}
    assert len(facts.visits) == 2
    assert facts.visits[1].facility_code == "79001" and facts.visits[1].admitted.hour == 8
    assert facts.visits[1].admission_reason.name == "EMERGENCY"
    assert result.to_json_dict()["dropped_fields"] == list(facts.dropped_fields)


@pytest.mark.parametrize("body", ["{}", '{"maKetQua": "200"}', '{"maKetQua": "200", "APIKey": 5}',
                                  '{"maKetQua": "200", "APIKey": {"access_token": ""}}'])
def test_a_login_reply_without_a_token_is_pending(sim, client, body):
    sim.faults.set(reply_override=body, scope="login")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.PENDING and "MalformedReply" in result.error_detail
