"""Name, date and number normalisation: unit cases, properties, and over HTTP against the strict
simulator (which only accepts the registered NFC name and dd/mm/yyyy or yyyy)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.eligibility import EligibilityQuery, QueryError
from terminal.eligibility.normalise import (format_birth_date, normalise_card_number,
                                            normalise_id_number, normalise_name, parse_birth_date,
                                            read_facility_code, read_reply_date,
                                            read_reply_timestamp)

TODAY = date(2025, 6, 1)
BOUNDED = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize("given_name", [
    "Nguyễn Văn An", "NGUYỄN VĂN AN", "nguyễn văn an", "  Nguyễn \t Văn\u00a0An  ",
    unicodedata.normalize("NFD", "Nguyễn Văn An"), unicodedata.normalize("NFD", "NGUYỄN VĂN AN"),
])
def test_names_become_nfc_single_spaced_capitalised(given_name):
    assert normalise_name(given_name) == unicodedata.normalize("NFC", "Nguyễn Văn An")


def test_the_eth_lookalike_becomes_the_vietnamese_d():
    assert normalise_name("\u00d0Ỗ THỊ DUNG") == "Đỗ Thị Dung"
    assert normalise_name("đỗ thị dung") == "Đỗ Thị Dung"


@pytest.mark.parametrize("bad", ["", "   ", "An 2", "An\x00", "<script>", "A" * 101, None, 5])
def test_bad_names_are_query_errors(bad):
    with pytest.raises(QueryError) as caught:
        normalise_name(bad)
    assert caught.value.field == "full_name" and caught.value.message_vi


@pytest.mark.parametrize("text, expected", [
    ("15/03/1990", date(1990, 3, 15)), ("5/3/1990", date(1990, 3, 5)),
    ("15-03-1990", date(1990, 3, 15)), ("15.03.1990", date(1990, 3, 15)),
    ("1990-03-15", date(1990, 3, 15)), ("15031990", date(1990, 3, 15)), (" 1990 ", 1990),
    (1990, 1990), (date(1990, 3, 15), date(1990, 3, 15)),
])
def test_birth_dates_in_the_forms_people_type(text, expected):
    assert parse_birth_date(text, TODAY) == expected


@pytest.mark.parametrize("bad", ["31/02/1990", "1990/03/15", "15/03/90", "1899", "2026",
                                 "01/01/2026", "", "abcd", True, 19.9, None])
def test_bad_birth_dates_are_query_errors(bad):
    with pytest.raises(QueryError):
        parse_birth_date(bad, TODAY)


def test_birth_dates_are_sent_as_the_gateway_wants():
    assert format_birth_date(date(1990, 3, 5)) == "05/03/1990"
    assert format_birth_date(1990) == "1990"


def test_numbers_are_cleaned_and_checked():
    assert normalise_id_number(" 001 090 004-521 ") == "001090004521"
    assert normalise_card_number("dn4 797 901 234 567") == "DN4797901234567"
    for bad in ("07909000123", "0010900045215", "07909000123a", ""):
        with pytest.raises(QueryError):
            normalise_id_number(bad)
    for bad in ("DN479790123456", "D14797901234567", "DN47979012345678"):
        with pytest.raises(QueryError):
            normalise_card_number(bad)


def test_a_query_needs_exactly_one_number_and_hides_it_in_repr():
    with pytest.raises(QueryError):
        EligibilityQuery(full_name="An", birth_date=1990)
    with pytest.raises(QueryError):
        EligibilityQuery(full_name="An", birth_date=1990, id_number="001090004521",
                         card_number="DN4797901234567")
    query = EligibilityQuery(full_name="Nguyễn Văn An", birth_date=1990, id_number="001090004521")
    assert "001090004521" not in repr(query) and "Nguyễn" not in repr(query)


def test_reply_readers():
    assert read_reply_date("31/12/2030") == date(2030, 12, 31)
    assert read_reply_date("20301231") == date(2030, 12, 31)
    assert read_reply_date("31/02/2030") is None and read_reply_date(20301231) is None
    assert read_reply_timestamp("202411040815").minute == 15
    assert read_reply_timestamp("202413040815") is None
    assert read_facility_code("01253_BV") == "01253" and read_facility_code("BV") is None


@BOUNDED
@given(st.text(alphabet=st.characters(categories=("L", "M", "Zs")), max_size=60))
def test_name_normalisation_is_idempotent_or_refuses(text):
    try:
        once = normalise_name(text)
    except QueryError:
        return
    assert normalise_name(once) == once
    assert unicodedata.is_normalized("NFC", once) and "  " not in once


@BOUNDED
@given(st.one_of(st.text(max_size=20), st.integers(), st.dates(), st.none(), st.floats()))
def test_birth_date_parsing_only_ever_raises_query_error(value):
    try:
        parsed = parse_birth_date(value, TODAY)
    except QueryError:
        return
    assert parse_birth_date(format_birth_date(parsed), TODAY) == parsed


@BOUNDED
@given(st.text(max_size=30))
def test_reply_readers_never_raise(text):
    read_reply_date(text)
    read_reply_timestamp(text)
    read_facility_code(text)


@pytest.mark.parametrize("name, birth", [
    ("NGUYỄN VĂN AN", "15/03/1990"),
    (unicodedata.normalize("NFD", "nguyễn văn an"), "1990-03-15"),
    ("  Nguyễn   Văn An ", "1990"),
    ("nguyễn văn an", date(1990, 3, 15)),
])
def test_normalised_queries_match_the_strict_gateway(sim, client, name, birth):
    query = EligibilityQuery(full_name=name, birth_date=birth, id_number="0010 9000 4521")
    assert client.lookup(query).code == "000"


def test_the_strict_gateway_refuses_what_was_not_normalised(sim):
    gateway = sim.gateway
    body = {"maThe": "001090004521", "hoTen": "NGUYỄN VĂN AN", "ngaySinh": "15/03/1990",
            "hoTenCb": "Trần Thị Lan", "cccdCb": "079185000123"}
    assert gateway.lookup(body, with_staff=True)["maKetQua"] == "061"
    body["hoTen"] = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert gateway.lookup(body, with_staff=True)["maKetQua"] == "061"
    body["hoTen"], body["ngaySinh"] = "Nguyễn Văn An", "1990-03-15"
    assert gateway.lookup(body, with_staff=True)["maKetQua"] == "205"
