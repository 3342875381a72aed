"""Tokens, the password (plain or hashed), ID numbers and names never reach a log or a result's
detail, even at DEBUG with urllib3 logging the URLs (which carry the token)."""

from __future__ import annotations

import logging

from terminal.eligibility.client import password_hash
from terminal.simulators.gateway import DEMO_PASSWORD

from tests.support.gateway_queries import query_for


def test_debug_logs_and_error_details_hold_no_credentials(sim, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(timeout_s=0.3)
    query = query_for(sim, "an")
    assert client.lookup(query).code == "000"
    token = client._token
    sim.faults.set(latency_ms=600, scope="lookup")  # a read timeout: its text holds the URL
    result = client.lookup(query)
    sim.faults.clear()
    sim.expire_tokens()
    assert client.lookup(query).code == "000"  # a refused token, then a fresh one
    texts = caplog.text + result.error_detail + repr(result) + repr(query)
    assert "token=***" in caplog.text  # urllib3 did log the URLs, redacted
    for secret in (token.access, token.id_token, client._token.access, DEMO_PASSWORD,
                   password_hash(DEMO_PASSWORD), query.id_number, query.full_name):
        assert secret not in texts
