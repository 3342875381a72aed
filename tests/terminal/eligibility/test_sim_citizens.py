"""The gateway simulator's cards and the simulated chip's citizens describe the same people, so a
demo check-in reads a chip and finds that person's HI card."""

from __future__ import annotations

import json

import pytest

from drivers.idcard.sim.profile import list_profiles, load_profile
from tests.support.repo import ROOT

CARDS = json.loads((ROOT / "terminal" / "simulators" / "gateway" / "cards.json").read_text(encoding="utf-8"))
BY_LABEL = {card["label"]: card for card in CARDS["cards"] if "label" in card}


@pytest.mark.parametrize("name", list_profiles())
def test_every_citizen_with_a_card_matches_the_chip(name):
    profile = load_profile(name)
    card = BY_LABEL.get(name)
    if card is None:  # a citizen with no HI card on file is a scenario too (050)
        assert all(c.get("cccd") != profile.id_number for c in CARDS["cards"])
        return
    assert card["cccd"] == profile.id_number
    assert card["hoTen"] == profile.full_name
    assert card["ngaySinh"] == profile.birth_date.strftime("%d/%m/%Y")


def test_most_citizens_have_a_card():
    assert len(set(list_profiles()) & set(BY_LABEL)) >= 5
