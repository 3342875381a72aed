"""Login, token reuse, refresh before expiry, and one refresh on an auth failure in both forms."""

from __future__ import annotations

import time

import pytest

from terminal.eligibility import EligibilityStatus

from tests.support.gateway_queries import query_for


def test_the_token_is_taken_once_and_reused(sim, make_client):
    client = make_client(history=False, copay=False)  # the card lookup alone
    for label in ("an", "binh", "em"):
        assert client.lookup(query_for(sim, label)).code == "000"
    assert client.logins == 1
    assert sim.stats() == {"logins": 1, "lookups": 3, "requests": 4, "connections": 1,
                           "history_calls": 0, "copay_calls": 0}


def test_the_lookups_history_and_copay_calls_share_the_token(sim, client):
    for label in ("an", "binh", "em"):
        assert client.lookup(query_for(sim, label)).code == "000"
    assert client.logins == 1
    stats = sim.stats()
    assert {k: stats[k] for k in ("logins", "lookups", "requests", "history_calls",
                                  "copay_calls")} == {"logins": 1, "lookups": 3, "requests": 10,
                                                      "history_calls": 3, "copay_calls": 3}
    assert stats["connections"] <= 2  # history and co-pay side by side, on pooled connections


def test_an_unpooled_client_opens_a_connection_per_request(sim, make_client):
    client = make_client(pooled=False, history=False, copay=False)
    for label in ("an", "binh"):
        assert client.lookup(query_for(sim, label)).code == "000"
    assert sim.stats()["connections"] == 3


def test_the_token_is_refreshed_before_it_expires(sim, make_client):
    client = make_client(history=False, copay=False)
    sim.gateway.token_lifetime_s = 1.0  # the refresh margin is a tenth of it
    assert client.lookup(query_for(sim, "an")).code == "000"
    time.sleep(1.0)
    before = sim.stats()["requests"]
    assert client.lookup(query_for(sim, "an")).code == "000"
    # A fresh login then the lookup: no request was refused on the way.
    assert client.logins == 2 and sim.stats()["requests"] - before == 2


@pytest.mark.parametrize("form", ["body", "http"])
def test_a_token_ended_mid_session_is_renewed_once(sim, client, form):
    sim.faults.set(auth_failure_form=form)
    assert client.lookup(query_for(sim, "an")).code == "000"
    assert sim.expire_tokens() == 1
    result = client.lookup(query_for(sim, "binh"))
    assert result.code == "000" and result.status is EligibilityStatus.ELIGIBLE
    assert client.logins == 2


@pytest.mark.parametrize("form", ["body", "http"])
def test_a_token_refused_after_a_fresh_login_is_an_auth_error(sim, client, form):
    sim.faults.set(auth_failure_form=form, reply_override='{"maKetQua": "401"}', scope="lookup")
    if form == "http":
        sim.faults.set(reply_override=None, http_status=401, scope="lookup")
    result = client.lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.AUTH_ERROR and result.code == "401"
    assert client.logins == 2  # refreshed once, not in a loop
    assert "IT" in result.next_step_en


def test_a_wrong_password_is_an_auth_error_and_no_lookup_is_sent(sim, make_client):
    result = make_client(password="wrong").lookup(query_for(sim, "an"))
    assert result.status is EligibilityStatus.AUTH_ERROR and result.code == "401"
    assert sim.stats()["lookups"] == 0


def test_the_simulator_checks_every_part_of_the_token(sim, client):
    import requests
    client.login()
    token = client._token
    good = {"token": token.access, "id_token": token.id_token, "username": "sim-clinic",
            "password": client._password_md5}
    url = sim.base_url + "/api/egw/KQNhanLichSuKCB2024"
    body = {"maThe": "001090004521", "hoTen": "Nguyễn Văn An", "ngaySinh": "15/03/1990",
            "hoTenCb": "Trần Thị Lan", "cccdCb": "079185000123"}
    assert requests.post(url, params=good, json=body, timeout=2).json()["maKetQua"] == "000"
    for key in good:
        bad = {**good, key: good[key] + "x"}
        assert requests.post(url, params=bad, json=body, timeout=2).json()["maKetQua"] == "401"


@pytest.mark.parametrize("case, upper", [("upper", True), ("lower", False)])
def test_the_password_hash_goes_in_the_configured_case(sim, make_client, case, upper):
    from terminal.config import config_from_dict
    from terminal.eligibility import GatewaySettings
    from terminal.eligibility.client import password_hash

    config = config_from_dict({"gateway": {"password_hash_case": case}})
    settings = GatewaySettings.from_config(config, "secret")
    assert settings.password_hash_upper is upper
    digest = password_hash("secret", upper)
    assert digest == (digest.upper() if upper else digest.lower()) and not digest.isdigit()
    client = make_client(password_hash_upper=upper)
    assert client.lookup(query_for(sim, "an")).code == "000"  # the gateway takes both


def test_upper_case_is_the_default():
    from terminal.config import Config
    from terminal.eligibility.client import password_hash

    assert Config().gateway.password_hash_case == "upper"
    assert password_hash("sim-password") == "780CDEAC1A4F5F1706AE32F0E695B15B"
