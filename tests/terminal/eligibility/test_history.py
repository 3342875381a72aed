"""Visit history from Lskcb2025 when the lookup's list is null (reference §6), over HTTP: filled,
marked with its source, asked only for usable cards, and never costing the card's answer."""

from __future__ import annotations

from terminal.eligibility import EligibilityStatus
from terminal.eligibility.records import AdmissionReason

from tests.support.gateway_queries import query_for


def test_a_null_visit_list_is_filled_from_lskcb2025(sim, client):
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.ELIGIBLE
    assert result.facts.history_source == "lskcb2025"
    assert [v.facility_code for v in result.facts.visits] == ["79001", "79024"]
    assert result.facts.visits[1].admission_reason is AdmissionReason.INTER_ROUTE
    assert [e.call for e in result.evidence] == ["lookup", "lskcb2025", "copay"]
    assert sim.stats()["history_calls"] == 1


def test_the_history_call_uses_the_replys_card_code_for_a_lookup_by_id(sim, client):
    result = client.lookup(query_for(sim, "an", by="id"))
    assert result.facts.history_source == "lskcb2025" and len(result.facts.visits) == 2


def test_a_list_in_the_lookup_is_taken_as_it_is(sim, client):
    sim.faults.set(history_in_lookup=True)
    result = client.lookup(query_for(sim, "an"))
    assert result.facts.history_source == "lookup" and len(result.facts.visits) == 2
    assert sim.stats()["history_calls"] == 0


def test_a_card_without_visits_has_an_empty_history_from_lskcb2025(sim, client):
    result = client.lookup(query_for(sim, "em"))
    assert result.facts.history_source == "lskcb2025" and result.facts.visits == ()


def test_no_history_is_asked_for_a_card_that_cannot_be_used(sim, client):
    result = client.lookup(query_for(sim, "dung"))
    assert result.status is EligibilityStatus.NOT_ELIGIBLE
    assert result.facts.history_source == "none" and sim.stats()["history_calls"] == 0


def test_history_can_be_switched_off(sim, make_client):
    result = make_client(history=False).lookup(query_for(sim, "an"))
    assert result.facts.history_source == "none" and sim.stats()["history_calls"] == 0


def test_a_failing_history_call_costs_the_visits_only(sim, client):
    sim.faults.set(http_status=500, scope="history")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.ELIGIBLE and result.code == "000"
    assert result.facts.history_source == "none" and result.facts.visits == ()
    assert "visit history not available" in result.gateway_note
    assert result.copay is not None  # the co-pay call still went
    history = [e for e in result.evidence if e.call == "lskcb2025"]
    assert history and history[-1].http_status == 500


def test_a_slow_history_call_ends_at_the_lookups_deadline(sim, make_client):
    client = make_client(timeout_s=0.6, copay=False)
    client.login()
    sim.faults.set(latency_ms=2000, scope="history")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.ELIGIBLE
    assert "GatewayTimeout" in result.gateway_note
    last = result.evidence[-1]
    assert last.call == "lskcb2025" and "GatewayTimeout" in last.failure


def test_a_history_answer_with_another_code_is_no_history(sim, client):
    sim.faults.set(reply_override='{"maKetQua": "050", "dsLichSuKCB2025": null}',
                   scope="history")
    result = client.lookup(query_for(sim, "an"))
    assert result.facts.history_source == "none" and "maKetQua 050" in result.gateway_note


def test_a_refused_token_on_the_history_call_is_renewed_once(sim, client):
    client.login()
    sim.faults.set(reply_override='{"maKetQua": "401"}', scope="history", remaining=1)
    result = client.lookup(query_for(sim, "an"))
    assert result.facts.history_source == "lskcb2025" and client.logins == 2


def test_unreadable_history_entries_are_dropped_and_named(sim, client):
    sim.faults.set(reply_override='{"maKetQua": "000", "dsLichSuKCB2025": '
                                  '[{"maCSKCB": "79001", "ngayVao": "2024-99"}, 5]}',
                   scope="history")
    result = client.lookup(query_for(sim, "an"))
    assert len(result.facts.visits) == 1
    assert set(result.facts.dropped_fields) == {"dsLichSuKCB2025[0].ngayVao", "dsLichSuKCB2025[1]"}


def test_history_and_copay_are_asked_side_by_side(sim, make_client):
    import time

    client = make_client(timeout_s=3.0)
    client.login()
    sim.faults.set(latency_ms=400)
    started = time.monotonic()
    result = client.lookup(query_for(sim, "an"))
    elapsed = time.monotonic() - started
    assert result.facts.history_source == "lskcb2025" and result.copay is not None
    assert 0.8 <= elapsed < 1.15  # lookup, then both at once: two waits, not three
    assert [e.call for e in result.evidence] == ["lookup", "lskcb2025", "copay"]
