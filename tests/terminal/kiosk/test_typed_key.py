"""The access key typed from the printed card: dates as printed, the ID number's last 9 digits."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.errors import AccessDataError
from terminal.kiosk.typed_key import parse_printed_date, typed_access_key


def test_a_typed_key_uses_the_document_number_and_both_dates():
    key = typed_access_key("079 090 001 234", "25/03/1990", "25.03.2035")
    assert key.document_number == "090001234"
    assert (key.birth_date, key.expiry_date) == ("900325", "350325")


@pytest.mark.parametrize("text", ["31/02/1990", "1990-03-25", "25/3/90", "", "aa/bb/cccc"])
def test_a_date_not_as_printed_names_its_field(text):
    with pytest.raises(AccessDataError) as caught:
        parse_printed_date(text, "birth_date")
    assert caught.value.field == "birth_date"


def test_a_short_id_number_names_its_field():
    with pytest.raises(AccessDataError) as caught:
        typed_access_key("07909000123", "25/03/1990", "25/03/2035")
    assert caught.value.field == "id_number"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_garbage_dates_raise_the_typed_error_only(text):
    try:
        assert isinstance(parse_printed_date(text, "expiry_date"), date)
    except AccessDataError as exc:
        assert exc.field == "expiry_date"


@pytest.mark.parametrize("expiry", ["Không thời hạn", "không thời hạn", "KHONG THOI HAN",
                                    "no expiry"])
def test_a_lifetime_card_is_typed_as_no_expiry(expiry):
    # issue 10: the typed-key form required an expiry; a lifetime card's chip takes 991231.
    key = typed_access_key("001046000777", "10/02/1946", expiry)
    assert key.expiry_date == "991231" and key.no_expiry


def test_a_missing_expiry_is_still_an_error():
    with pytest.raises(AccessDataError) as caught:
        typed_access_key("001046000777", "10/02/1946", "")
    assert caught.value.field == "expiry_date"
