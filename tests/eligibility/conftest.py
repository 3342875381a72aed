"""Fixtures: a gateway simulator on loopback (port 0) and clients aimed at it over HTTP."""

from __future__ import annotations

import dataclasses

import pytest

from terminal.eligibility import EligibilityQuery, GatewayClient, GatewaySettings
from terminal.simulators.gateway import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME, DEMO_USERNAME,
                                  GatewaySimulator)

CLINIC = "79001"


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


def query_for(sim: GatewaySimulator, label: str, by: str = "id", **changes) -> EligibilityQuery:
    """The query that matches the simulator's card `label` (by ID or card number)."""
    card = sim.gateway.data.by_label(label)
    values = {"full_name": card.record["hoTen"], "birth_date": card.record["ngaySinh"]}
    if by == "id":
        values["id_number"] = card.id_number
    else:
        values["card_number"] = card.record["maThe"]
    values.update(changes)
    return EligibilityQuery(**values)
