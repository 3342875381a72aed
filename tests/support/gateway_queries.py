"""Queries that match the gateway simulator's cards, and the clinic the tests look up for."""

from __future__ import annotations

from terminal.eligibility import EligibilityQuery
from terminal.simulators.gateway import GatewaySimulator

CLINIC = "79001"


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
