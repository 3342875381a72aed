"""Fixtures: a gateway simulator on loopback (port 0) and clients aimed at it over HTTP."""

from __future__ import annotations

import dataclasses

import pytest

from terminal.eligibility import GatewayClient, GatewaySettings
from tests.support.gateway_queries import CLINIC
from terminal.simulators.gateway import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME, DEMO_USERNAME,
                                  GatewaySimulator)



@pytest.fixture
def sim():
    with GatewaySimulator() as simulator:
        yield simulator


@pytest.fixture
def settings(sim) -> GatewaySettings:
    # Short timeouts keep the fault tests fast; one retry shows retrying without slowing them.
    return GatewaySettings(base_url=sim.base_url, username=DEMO_USERNAME, password=DEMO_PASSWORD,
                           staff_name=DEMO_STAFF_NAME, staff_id=DEMO_STAFF_ID,
                           facility_code=CLINIC, timeout_s=1.0, connect_timeout_s=0.5, retries=1)


@pytest.fixture
def make_client(settings):
    clients = []

    def make(**changes) -> GatewayClient:
        client = GatewayClient(dataclasses.replace(settings, **changes))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client) -> GatewayClient:
    return make_client()
