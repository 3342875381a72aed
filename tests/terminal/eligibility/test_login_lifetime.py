"""Found by the gateway fuzz target (tests/fuzz): a login reply whose `expires_in` is beyond any
float raised OverflowError out of GatewayClient.login, so the lookup crashed instead of ending as
a result. Absurd lifetimes (huge, infinite, negative, NaN) now get the default."""

from __future__ import annotations

import time

import pytest

from terminal.eligibility import EligibilityStatus
from terminal.eligibility.client import DEFAULT_TOKEN_LIFETIME_S
from tests.support.gateway_queries import query_for


@pytest.mark.parametrize("expires", ["1" + "0" * 400, "1e400", "-5", "NaN", "2592001"])
def test_an_absurd_token_lifetime_gets_the_default(sim, client, expires):
    body = ('{"maKetQua": "200", "APIKey": {"access_token": "a", "id_token": "b", '
            f'"expires_in": {expires}}}}}')
    sim.faults.set(reply_override=body, scope="login")
    client.login()
    assert 0 < client._token.refresh_at - time.monotonic() <= DEFAULT_TOKEN_LIFETIME_S
    sim.faults.clear()  # the real gateway again: the made-up token is refused, a fresh login works
    assert client.lookup(query_for(sim, "an")).status is EligibilityStatus.ELIGIBLE
