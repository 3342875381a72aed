"""The route check: is the card's registered primary-care facility this clinic?"""

from __future__ import annotations

import requests

from tests.support.gateway_queries import query_for


def test_a_card_registered_here_is_on_route(sim, client):
    result = client.lookup(query_for(sim, "an"))
    assert result.facts.registered_facility == "79001" and result.route_ok is True


def test_a_card_registered_elsewhere_is_off_route_and_the_suffix_is_dropped(sim, client):
    result = client.lookup(query_for(sim, "binh"))  # maDKBD "01253_BV"
    assert result.facts.registered_facility == "01253" and result.route_ok is False
    assert result.status.is_usable  # off route is still eligible: the desk decides the benefit


def test_the_check_follows_the_clinic_code(sim, make_client):
    assert make_client(facility_code="01253").lookup(query_for(sim, "binh")).route_ok is True
    assert make_client(facility_code="01253").lookup(query_for(sim, "an")).route_ok is False


def test_a_replaced_card_is_checked_on_its_new_facility(sim, client):
    result = client.lookup(query_for(sim, "code-003"))  # old card at 79001, new one at 79024
    assert result.facts.registered_facility == "79001"
    assert result.facts.new_card.facility_code == "79024" and result.route_ok is False


def test_no_facility_means_no_route_verdict(sim, client):
    result = client.lookup(query_for(sim, "code-100"))  # an error reply carries no card
    assert result.facts.registered_facility is None and result.route_ok is None


def test_simulator_answers_deeply_nested_json_instead_of_dropping_the_connection(sim):
    nested = b"[" * 60_000  # under the request cap; json.loads hits the recursion limit
    answer = requests.post(f"{sim.base_url}/api/token/take", data=nested, timeout=5,
                           headers={"Content-Type": "application/json"})
    garbage = requests.post(f"{sim.base_url}/api/token/take", data=b"not json", timeout=5,
                            headers={"Content-Type": "application/json"})
    assert answer.status_code == garbage.status_code and answer.json() == garbage.json()
