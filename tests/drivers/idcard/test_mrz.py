"""MRZ parsing (ICAO 9303 TD1/TD3 specimens), check digits, TD1 generation and the access key."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.access_key import access_key_from_mrz
from drivers.idcard.mrz import check_digit
from drivers.idcard.errors import AccessDataError
from drivers.idcard.access_key import access_key_from_cccd
from drivers.idcard.mrz import cccd_optional_data, format_td1, mrz_name, parse_mrz

FAST = settings(max_examples=150, deadline=None)
# ICAO Doc 9303-5 and 9303-4 specimens (Anna Maria Eriksson, Utopia).
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<\n"
       "7408122F1204159UTO<<<<<<<<<<<6\n"
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def test_icao_td1_specimen():
    record = parse_mrz(TD1)
    assert (record.format, record.document_type, record.issuing_state) == ("TD1", "I", "UTO")
    assert record.document_number == "D23145890"
    assert record.birth_date == date(1974, 8, 12)
    assert record.expiry_date == date(2012, 4, 15)
    assert (record.sex, record.nationality) == ("F", "UTO")
    assert (record.surname, record.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert record.id_number is None


def test_icao_td3_specimen():
    record = parse_mrz(TD3)
    assert (record.format, record.document_type) == ("TD3", "P")
    assert record.document_number == "L898902C3"
    assert record.optional_data == "ZE184226B"
    assert (record.birth_yymmdd, record.expiry_yymmdd) == ("740812", "120415")
    assert record.given_names == "ANNA MARIA"


def test_whitespace_and_lower_case_are_tolerated():
    messy = "  " + TD1.lower().replace("\n", " \r\n  ") + "\n"
    assert parse_mrz(messy) == parse_mrz(TD1)
    assert parse_mrz(TD3.replace("\n", "")).document_number == "L898902C3"


def _corrupt(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    old = lines[line][col]
    new = "0" if old != "0" else "1"
    lines[line] = lines[line][:col] + new + lines[line][col + 1:]
    return "\n".join(lines)


@pytest.mark.parametrize("text, line, col, field", [
    (TD1, 0, 14, "document_number"), (TD1, 1, 6, "birth_date"), (TD1, 1, 14, "expiry_date"),
    (TD1, 1, 29, "composite"), (TD3, 1, 9, "document_number"), (TD3, 1, 19, "birth_date"),
    (TD3, 1, 27, "expiry_date"), (TD3, 1, 42, "optional_data"), (TD3, 1, 43, "composite"),
])
def test_each_wrong_check_digit_names_its_field(text, line, col, field):
    with pytest.raises(AccessDataError) as caught:
        parse_mrz(_corrupt(text, line, col))
    assert caught.value.field == field
    assert "check digit" in caught.value.message


@pytest.mark.parametrize("text, field", [
    ("IDVNM123", "mrz"), (TD1.replace("ERIKSSON", "ERIK$SON"), "mrz"), (42, "mrz"),
    (TD1.replace("2F", "2X"), "sex"),
])
def test_malformed_mrz(text, field):
    with pytest.raises(AccessDataError) as caught:
        parse_mrz(text)
    assert caught.value.field == field


def test_impossible_date_is_refused_even_with_right_check_digit():
    line2 = "741312" + check_digit("741312") + "F1204159UTO<<<<<<<<<<<"
    line1 = "I<UTOD231458907<<<<<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    with pytest.raises(AccessDataError) as caught:
        parse_mrz("\n".join((line1, line2, "ERIKSSON<<ANNA<<<<<<<<<<<<<<<<")))
    assert caught.value.field == "birth_date"


def test_td1_long_document_number():
    # ICAO 9303-5: a number over 9 characters continues in optional data, then its check digit.
    number = "D23145890AB11"
    line1 = "I<UTO" + number[:9] + "<" + number[9:] + check_digit(number) + "<" * 10
    line2 = "740812" + check_digit("740812") + "F" + "120415" + check_digit("120415") + "UTO" + "<" * 11
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    record = parse_mrz("\n".join((line1, line2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")))
    assert record.document_number == number
    with pytest.raises(AccessDataError):
        access_key_from_mrz("\n".join((line1, line2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")))


def test_generated_cccd_mrz_round_trips():
    text = format_td1(document_number="093047064", birth_date=date(1993, 1, 5), sex="M",
                      expiry_date=date(2033, 1, 5), surname="Nguyễn", given_names="Văn Đức",
                      optional_data="001093047064")
    assert [len(line) for line in text.split("\n")] == [30, 30, 30]
    record = parse_mrz(text)
    assert record.id_number == "001093047064"
    assert (record.surname, record.given_names) == ("NGUYEN", "VAN DUC")
    key = access_key_from_mrz(text)
    assert key.mrz_information() == ("093047064" + check_digit("093047064") + "930105"
                                     + check_digit("930105") + "330105" + check_digit("330105"))


def test_format_td1_writes_the_reference_cccd_example():
    # cccd-chip.md §2.3: every check digit, and line 1 position 30 = check digit of the ID.
    text = format_td1(document_number="203000123", birth_date=date(2003, 2, 1), sex="M",
                      expiry_date=date(2028, 2, 1), surname="Nguyễn", given_names="Văn An",
                      optional_data=cccd_optional_data("079203000123"))
    assert text == ("IDVNM2030001233079203000123<<3\n"
                    "0302014M2802013VNM<<<<<<<<<<<2\n"
                    "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<")
    record = parse_mrz(text)
    assert record.id_number == "079203000123" and not record.no_expiry
    assert access_key_from_mrz(text).mrz_information() == "203000123303020142802013"


def test_lifetime_card_mrz_carries_991231():
    # A card with no expiry (reference §2.4): 991231 with its check digit, in MRZ and BAC key.
    text = format_td1(document_number="165001234", birth_date=date(1965, 7, 2), sex="F",
                      expiry_date=None, surname="Lê", given_names="Thị Hoa",
                      optional_data=cccd_optional_data("001165001234"))
    line2 = text.splitlines()[1]
    assert line2[8:15] == "9912315"
    record = parse_mrz(text)
    assert record.no_expiry and record.expiry_yymmdd == "991231"
    assert record.expiry_date == date(2099, 12, 31)  # never read as a card that ended in 1999
    key = access_key_from_mrz(text)
    assert key.no_expiry and key.mrz_information().endswith("9912315")
    assert key == access_key_from_cccd("001165001234", date(1965, 7, 2), None)


@pytest.mark.parametrize("typed", ["none", "Không thời hạn", "khong thoi han", "NO EXPIRY"])
def test_access_key_takes_no_expiry_in_words(typed):
    key = access_key_from_cccd("001165001234", "650702", typed)
    assert key.expiry_date == "991231"


def test_mrz_name_transliterates_vietnamese():
    assert mrz_name("Đỗ Thị Dung") == "DO<THI<DUNG"
    assert mrz_name("  Lê   Văn-Bình ") == "LE<VAN<BINH"


names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
docs = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=9)


@FAST
@given(docs, st.dates(date(1931, 1, 1), date(2020, 12, 31)), st.sampled_from("MF<"),
       st.dates(date(2021, 1, 1), date(2070, 12, 31)), names, names)
def test_generated_td1_parses_back(number, birth, sex, expiry, surname, given_name):
    record = parse_mrz(format_td1(document_number=number, birth_date=birth, sex=sex,
                                  expiry_date=expiry, surname=surname, given_names=given_name))
    assert (record.document_number, record.birth_date, record.expiry_date) == (number, birth, expiry)
    assert (record.sex, record.surname, record.given_names) == (sex, surname, given_name)


@FAST
@given(st.sampled_from([TD1, TD3]), st.data())
def test_garbled_mrz_raises_access_data_error_only(text, data):
    position = data.draw(st.integers(0, len(text) - 1))
    char = data.draw(st.characters(codec="utf-8"))
    garbled = text[:position] + char + text[position + 1:]
    try:
        parse_mrz(garbled)
    except AccessDataError as exc:
        assert exc.message


@FAST
@given(st.text(max_size=100))
def test_random_text_raises_access_data_error_only(text):
    with pytest.raises(AccessDataError):
        parse_mrz(text)
