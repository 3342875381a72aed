"""A replaced card followed to its new code (terminal/eligibility/replacement.py), over the
client and the gateway simulator on loopback: the rule the check-in's lookup and the queue's
deferred one share."""

from __future__ import annotations

import json
from datetime import date

from terminal.eligibility import EligibilityQuery, EligibilityStatus
from terminal.eligibility.replacement import look_up

CHI = EligibilityQuery(full_name="Phạm Thị Chi", birth_date=date(2001, 8, 20),
                       id_number="031301006789")
AN = EligibilityQuery(full_name="Nguyễn Văn An", birth_date=date(1990, 3, 15),
                      id_number="001090004521")
AN_CARD = "DN4797901234567"


def _lookups(answer) -> int:
    """The lookups among the calls behind an answer (history and co-pay calls come with them)."""
    return len([e for e in answer.evidence if e.call == "lookup"])


def test_a_card_not_replaced_is_asked_once(client, sim):
    answer = look_up(client.lookup, AN)
    assert answer.result.status is EligibilityStatus.ELIGIBLE and answer.replaced_card == ""
    assert answer.card_number == AN_CARD
    assert _lookups(answer) == 1
    assert sim.stats()["lookups"] == 1


def test_a_new_code_not_on_file_keeps_the_first_answer_under_the_new_code(client, sim):
    answer = look_up(client.lookup, CHI)
    assert answer.result.code == "004"  # the simulator has no card under the new code
    assert (answer.replaced_card, answer.card_number) == ("GD4797923456789", "GD4797923456790")
    assert _lookups(answer) == 2
    assert sim.stats()["lookups"] == 2


def test_a_new_code_with_its_own_answer_decides(client, sim):
    old = "DN4797901234500"
    sim.faults.set(reply_override=json.dumps({
        "maKetQua": "003", "ghiChu": "", "maThe": old, "maDKBD": "79001",
        "gtTheTu": "01/01/2020", "gtTheDen": "31/12/2024", "maTheMoi": AN_CARD,
        "gtTheTuMoi": "01/01/2025", "gtTheDenMoi": "31/12/2030", "maDKBDMoi": "79001"}),
        scope="lookup", remaining=1)
    answer = look_up(client.lookup, AN)
    assert answer.result.code == "000" and answer.result.facts.card_number == AN_CARD
    assert (answer.replaced_card, answer.card_number) == (old, AN_CARD)
    codes = [json.loads(e.body)["maKetQua"] for e in answer.evidence if e.call == "lookup"]
    assert codes == ["003", "000"]


def test_force_fresh_reaches_both_lookups(client):
    asked: list[bool] = []

    def lookup(query, *, force_fresh=False):
        asked.append(force_fresh)
        return client.lookup(query)

    look_up(lookup, CHI, force_fresh=True)
    assert asked == [True, True]
