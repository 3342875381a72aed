"""DG13 (Vietnam): fields by number, nested values, unknown fields kept, dates, NFC, errors."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds.dg13 import NO_EXPIRY_TEXT, CardDate, VnIdentity, encode_dg13, parse_dg13
from tests.idcard.damage import FAST, garbled, parses_or_lds_error, truncated

IDENTITY = VnIdentity(
    id_number="001090004521", full_name="Nguyễn Văn An", birth_date=CardDate.of(date(1990, 3, 15)),
    sex="Nam", nationality="Việt Nam", ethnicity="Kinh", religion="Không",
    place_of_origin="Đông Anh, Hà Nội", place_of_residence="Đống Đa, Hà Nội",
    identifying_marks="Nốt ruồi", issue_date=CardDate.of(date(2021, 4, 20)),
    expiry_date=CardDate.of(date(2030, 3, 15)), father_name="Nguyễn Văn Hùng",
    mother_name="Trần Thị Lan", spouse_name="Lê Thị Hoa", old_id_number="012345678")


def _field(number: int, *values: bytes) -> bytes:
    return tlv.encode_constructed(0x30, tlv.encode(0x02, bytes([number])), *values)


def _utf8(text: str) -> bytes:
    return tlv.encode(0x0C, text.encode("utf-8"))


def test_round_trip():
    assert parse_dg13(encode_dg13(IDENTITY)) == IDENTITY


def test_first_field_layout():
    data = encode_dg13(IDENTITY)
    assert data[0] == 0x6D
    first = tlv.decode(data).children()[0]
    assert first.encode() == _field(1, _utf8("001090004521"))


def test_fields_parse_by_number_not_position_inside_a_wrapper():
    # Fields out of order, wrapped in an outer SEQUENCE after an OID, as some cards do.
    body = tlv.encode_constructed(
        0x30, tlv.encode(0x06, bytes.fromhex("2B0601")),
        _field(12, _utf8("15/03/2030")), _field(2, _utf8("Lê Văn Bình")),
        _field(1, tlv.encode(0x13, b"079075118203")),
        _field(13, tlv.encode_constructed(0x30, _utf8("Lê Văn Tám"), _utf8("Võ Thị Sáu"))))
    identity = parse_dg13(tlv.encode(0x6D, body))
    assert (identity.id_number, identity.full_name) == ("079075118203", "Lê Văn Bình")
    assert (identity.father_name, identity.mother_name) == ("Lê Văn Tám", "Võ Thị Sáu")
    assert identity.expiry_date == CardDate("15/03/2030", date(2030, 3, 15))
    assert identity.birth_date is None


def test_unknown_fields_are_kept_raw_and_written_back():
    raw = (_utf8("ABC123"), tlv.encode(0x04, b"\x01\x02"))
    data = tlv.encode_constructed(0x6D, _field(1, _utf8("001090004521")), _field(20, *raw))
    identity = parse_dg13(data)
    assert identity.unknown_fields == {20: raw}
    assert parse_dg13(encode_dg13(identity)).unknown_fields == {20: raw}


def test_old_id_at_field_16_when_15_is_absent():
    data = tlv.encode_constructed(0x6D, _field(1, _utf8("001090004521")),
                                  _field(16, _utf8("012345678")))
    identity = parse_dg13(data)
    assert identity.old_id_number == "012345678"
    assert identity.unknown_fields == {}
    card_id = tlv.encode_constructed(0x6D, _field(1, _utf8("001090004521")),
                                     _field(16, _utf8("AB-CARD-77")))
    assert parse_dg13(card_id).old_id_number == ""
    assert 16 in parse_dg13(card_id).unknown_fields


def test_no_expiry_text_and_odd_dates():
    data = tlv.encode_constructed(
        0x6D, _field(1, _utf8("001090004521")), _field(3, _utf8("1990")),
        _field(11, _utf8("31/02/2021")), _field(12, _utf8(NO_EXPIRY_TEXT)))
    identity = parse_dg13(data)
    assert identity.has_no_expiry
    assert identity.expiry_date == CardDate(NO_EXPIRY_TEXT, None)
    assert identity.birth_date == CardDate("1990", None)
    assert identity.issue_date == CardDate("31/02/2021", None)


def test_text_is_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    data = tlv.encode_constructed(0x6D, _field(1, _utf8("001090004521")),
                                  _field(2, tlv.encode(0x0C, decomposed.encode("utf-8"))))
    name = parse_dg13(data).full_name
    assert name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("data", [
    tlv.encode_constructed(0x6D, _field(2, _utf8("Nguyễn Văn An"))),  # no ID number
    tlv.encode_constructed(0x6D, _field(1, tlv.encode(0x0C, b"\xff\xfe"))),  # not UTF-8
    tlv.encode_constructed(0x61, _field(1, _utf8("001090004521"))),  # wrong outer tag
    encode_dg13(IDENTITY) + b"\x00",  # trailing byte
])
def test_malformed(data):
    with pytest.raises(LdsError):
        parse_dg13(data)


GOOD = encode_dg13(IDENTITY)


@FAST
@given(truncated(GOOD))
def test_truncated_raises_lds_error(data):
    with pytest.raises(LdsError):
        parse_dg13(data)


@FAST
@given(garbled(GOOD))
def test_garbled_raises_lds_error_only(data):
    parses_or_lds_error(parse_dg13, data)


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Zs", "Cc", "Zl", "Zp")),
                max_size=30).map(lambda s: unicodedata.normalize("NFC", s).strip())


@FAST
@given(texts, texts, texts, st.dates(date(1920, 1, 1), date(2020, 1, 1)))
def test_round_trip_any_text(name, father, residence, birth):
    identity = VnIdentity(id_number="001090004521", full_name=name, father_name=father,
                          mother_name="Trần Thị Lan", place_of_residence=residence,
                          birth_date=CardDate.of(birth))
    assert parse_dg13(encode_dg13(identity)) == identity
