"""`maThe` of 10, 12, 15 or 17 characters (reference §6), each checked for what it is: the
social-insurance number, the personal ID (province of birth, birth year in digits 4-6), the HI
card code; and each kind looked up over HTTP against the simulator."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.eligibility import EligibilityQuery, EligibilityStatus, QueryError
from terminal.eligibility.normalise import (id_number_birth_year, normalise_card_number,
                                            normalise_id_number,
                                            normalise_social_insurance_number, number_kind)
from terminal.eligibility.records import NumberKind

from tests.support.gateway_queries import query_for


@pytest.mark.parametrize("number, year", [("001090004521", 1990), ("031301006789", 2001),
                                          ("079321001122", 2021), ("092195007531", 1995)])
def test_the_birth_year_is_read_from_digits_4_to_6(number, year):
    assert id_number_birth_year(number) == year
    assert normalise_id_number(number, year) == number


@pytest.mark.parametrize("number, why", [
    ("100090004521", "province"), ("000090004521", "province"), ("003090004521", "province"),
    ("001990004521", "future"),  # digit 4 = 9: the 2400s
])
def test_an_id_number_that_is_no_id_number_is_refused(number, why):
    with pytest.raises(QueryError) as caught:
        normalise_id_number(number)
    assert why in caught.value.detail and caught.value.message_vi


def test_an_id_number_must_carry_the_birth_year_given():
    with pytest.raises(QueryError, match="birth year"):
        EligibilityQuery(full_name="Nguyễn Văn An", birth_date=date(1991, 3, 15),
                         id_number="001090004521")
    EligibilityQuery(full_name="Nguyễn Văn An", birth_date=1990, id_number="001090004521")


def test_social_insurance_numbers_and_17_character_codes():
    assert normalise_social_insurance_number(" 790 123 4567 ") == "7901234567"
    assert normalise_card_number("dn4797901234567 k1") == "DN4797901234567K1"
    for bad in ("790123456", "79012345678", "790123456a"):
        with pytest.raises(QueryError):
            normalise_social_insurance_number(bad)
    for bad in ("DN4797901234567K", "DN4797901234567K12", "DN47979012345678-"):
        with pytest.raises(QueryError):
            normalise_card_number(bad)


@pytest.mark.parametrize("number, kind", [
    ("7901234567", NumberKind.SOCIAL_INSURANCE), ("001090004521", NumberKind.PERSONAL_ID),
    ("DN4797901234567", NumberKind.HI_CARD), ("DN4797901234567K1", NumberKind.HI_CARD),
])
def test_a_query_for_any_number_tells_the_kinds_apart(number, kind):
    query = EligibilityQuery.for_number(number, "Nguyễn Văn An", "15/03/1990")
    assert query.number_kind is kind and query.number == number
    assert number[:4] not in repr(query) or "***" in repr(query)


@pytest.mark.parametrize("number", ["", "12345", "12345678901", "DN479790123456", "X" * 18])
def test_other_lengths_are_refused_before_anything_is_sent(number):
    with pytest.raises(QueryError):
        number_kind(number)


def test_two_numbers_at_once_are_refused():
    with pytest.raises(QueryError):
        EligibilityQuery(full_name="An", birth_date=1990, id_number="001090004521",
                         social_insurance_number="7901234567")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFKZ -.", max_size=20))
def test_any_text_classifies_and_normalises_or_is_a_query_error(text):
    try:
        EligibilityQuery.for_number(text, "Nguyễn Văn An", 1990)
    except QueryError:
        pass


@pytest.mark.parametrize("how", ["id", "card", "card17", "social_insurance"])
def test_each_kind_of_number_is_looked_up(sim, client, how):
    card = sim.gateway.data.by_label("an")
    number = {"id": card.id_number, "card": card.record["maThe"],
              "card17": card.record["maThe"] + "K1",
              "social_insurance": card.record["maSoBHXH"]}[how]
    query = EligibilityQuery.for_number(number, card.record["hoTen"], card.record["ngaySinh"])
    result = client.lookup(query)
    assert result.status is EligibilityStatus.ELIGIBLE, result.error_detail
    assert result.facts.card_number == card.record["maThe"]
    assert result.facts.benefit is not None and result.facts.benefit.level == 4


def test_a_17_character_code_with_a_wrong_benefit_character_is_the_gateways_053(sim, client):
    query = query_for(sim, "an", by="card", card_number="DN6797901234567K1")
    assert client.lookup(query).code == "053"
