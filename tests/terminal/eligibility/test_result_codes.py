"""Every result code of the reference, asked of the simulator over HTTP through the client."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from terminal.eligibility import EligibilityQuery, EligibilityStatus
from terminal.eligibility.codes import CODES, CardNote

from tests.support.gateway_queries import query_for
from tests.support.repo import ROOT

REFERENCE = Path("/work/shared/reference/hi-gateway.md")
DOC = ROOT / "docs" / "eligibility.md"

# code → (card label, query changes, client settings changes)
HOW = {
    "000": ("an", {}, {}),
    "001": ("code-001", {}, {}),
    "002": ("code-002", {}, {}),
    "003": ("code-003", {}, {}),
    "004": ("chi", {}, {}),
    "010": ("dung", {}, {}),
    "051": ("code-051", {}, {}),
    "054": ("an", {}, {"staff_id": "079100000000"}),
    "055": ("an", {}, {"staff_name": "Trần Thị Lam"}),
    "060": ("an", {"full_name": "Trần Văn An"}, {}),
    "061": ("an", {"full_name": "Nguyễn Văn Anh"}, {}),
    "070": ("an", {"birth_date": "16/03/1990"}, {}),
    "100": ("code-100", {}, {}),
    "101": ("code-101", {}, {}),
    "110": ("code-110", {}, {}),
    "120": ("code-120", {}, {}),
    "121": ("code-121", {}, {}),
    "122": ("code-122", {}, {}),
    "123": ("code-123", {}, {}),
    "124": ("code-124", {}, {}),
    "130": ("code-130", {}, {}),
    "205": ("code-205", {}, {}),
    "401": ("an", {}, {"password": "not-the-password"}),
    "500": ("code-500", {}, {}),
}
# Codes that need a number no card has.
BY_NUMBER = {
    "050": {"id_number": "092195007531", "full_name": "Vũ Thị Giang", "birth_date": 1995},
    "052": {"card_number": "DN4997900000001", "full_name": "Nguyễn Văn An", "birth_date": 1990},
    "053": {"card_number": "DN6797900000001", "full_name": "Nguyễn Văn An", "birth_date": 1990},
}
_S = EligibilityStatus
EXPECTED_CLASS = {
    "000": _S.ELIGIBLE, "001": _S.ELIGIBLE_WITH_NOTE, "002": _S.ELIGIBLE_WITH_NOTE,
    "003": _S.ELIGIBLE_WITH_NOTE, "004": _S.ELIGIBLE_WITH_NOTE, "130": _S.ELIGIBLE_WITH_NOTE,
    "010": _S.NOT_ELIGIBLE, "050": _S.NOT_ELIGIBLE, "110": _S.NOT_ELIGIBLE,
    **{c: _S.NOT_ELIGIBLE for c in ("120", "121", "122", "123", "124")},
    **{c: _S.INPUT_ERROR for c in ("051", "052", "053", "060", "061", "070", "205")},
    "054": _S.AUTH_ERROR, "055": _S.AUTH_ERROR, "401": _S.AUTH_ERROR,
    "100": _S.GATEWAY_ERROR, "101": _S.GATEWAY_ERROR, "500": _S.GATEWAY_ERROR,
}


def documented_classes() -> dict[str, str]:
    """Code → class from the result-code table of docs/eligibility.md (a range row: each code)."""
    classes = {}
    for first, last, status in re.findall(r"^\| (\d{3})(?:–(\d{3}))? \| (\w+) \|",
                                          DOC.read_text(encoding="utf-8"), re.M):
        for number in range(int(first), int(last or first) + 1):
            classes[f"{number:03d}"] = status
    return classes


def test_the_table_covers_exactly_the_documented_codes_in_their_documented_class():
    assert documented_classes() == {code: status.value for code, status in EXPECTED_CLASS.items()}
    assert set(CODES) == set(EXPECTED_CLASS) == set(HOW) | set(BY_NUMBER)
    if REFERENCE.is_file():  # the shared reference is on the team's machines, not in CI
        listed = set(re.findall(r"^\| (\d{3}) \|", REFERENCE.read_text(encoding="utf-8"), re.M))
        assert listed == set(CODES)


@pytest.mark.parametrize("code", sorted(EXPECTED_CLASS))
def test_every_code_comes_back_typed(sim, make_client, code):
    if code in BY_NUMBER:
        query, client = EligibilityQuery(**BY_NUMBER[code]), make_client()
    else:
        label, changes, settings = HOW[code]
        query, client = query_for(sim, label, **changes), make_client(**settings)
    result = client.lookup(query)
    assert result.code == code
    assert result.status is EXPECTED_CLASS[code]
    assert result.message_vi and result.message_en and result.next_step_vi and result.next_step_en
    assert result.status.is_usable == (code in ("000", "001", "002", "003", "004", "130"))
    assert result.to_json_dict()["code"] == code


def test_an_unknown_code_is_shown_as_such_never_eligible(sim, client):
    result = client.lookup(query_for(sim, "code-999"))
    assert result.code == "999"
    assert result.status is EligibilityStatus.UNKNOWN
    assert not result.status.is_usable
    assert "999" in result.message_en and "999" in result.message_vi


def test_the_2018_endpoint_answers_without_staff_fields(sim, make_client):
    from terminal.eligibility.client import LOOKUP_2018_PATH
    client = make_client(lookup_path=LOOKUP_2018_PATH, staff_id="", staff_name="")
    assert client.lookup(query_for(sim, "an")).code == "000"
    # The 2024 endpoint without a registered staff member is refused (054).
    assert make_client(staff_id="", staff_name="").lookup(query_for(sim, "an")).code == "054"


def test_card_facts_are_typed(sim, client):
    from datetime import date
    result = client.lookup(query_for(sim, "an", by="card"))
    facts = result.facts
    assert facts.card_number == "DN4797901234567"
    assert (facts.valid_from, facts.valid_to) == (date(2025, 1, 1), date(2030, 12, 31))
    assert facts.five_years_from == date(2016, 1, 1)
    assert (facts.benefit.level, facts.benefit.group) == (4, "DN")
    assert facts.registered_facility == "79001" and result.route_ok is True
    assert len(facts.visits) == 2 and facts.visits[0].admitted.year == 2024
    assert facts.visits[1].admission_reason.name == "INTER_ROUTE"
    assert result.visits_summary.startswith("2 recent visit(s); last 2024-11-04")
    as_json = result.to_json_dict()
    assert as_json["valid_to"] == "2030-12-31" and as_json["five_years_from"] == "2016-01-01"


def test_a_replaced_card_gives_new_card_hints(sim, client):
    from datetime import date
    new = client.lookup(query_for(sim, "chi")).facts.new_card
    assert new.card_number == "GD4797923456790"
    assert (new.valid_from, new.valid_to) == (date(2025, 7, 1), date(2031, 6, 30))
    assert new.facility_code == "79001"


def test_the_table_says_which_usable_codes_need_papers_or_a_new_card():
    notes = {code: meaning.note for code, meaning in CODES.items()
             if meaning.note is not CardNote.NONE}
    assert notes == {"001": CardNote.CHECK_PAPERS, "002": CardNote.CHECK_PAPERS,
                     "003": CardNote.USE_NEW_CARD, "004": CardNote.NEW_CARD_ISSUED}
    assert all(CODES[code].status.is_usable for code in notes)
