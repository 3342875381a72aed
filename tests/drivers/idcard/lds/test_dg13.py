"""DG13 (Vietnam): every layout variant of the reference (cccd-chip.md §5) parses to every field;
fields by number at the right level; raw field 16; dates and "no expiry"; the encoder writes the
real layout (wrapper, numeric order, KHOA's byte offsets); damage and deep nesting are LdsError."""

from __future__ import annotations

import random
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds.dg13 import NO_EXPIRY_TEXT, CardDate, VnIdentity, encode_dg13, parse_dg13
from tests.support import dg13_layouts as layout
from tests.support.damage import FAST, garbled, parses_or_lds_error, truncated

CITIZEN = layout.Citizen()
IDENTITY = VnIdentity(
    id_number="001090004521", full_name="Nguyễn Văn An", birth_date=CardDate.of(date(1990, 3, 15)),
    sex="Nam", nationality="Việt Nam", ethnicity="Kinh", religion="Không",
    place_of_origin="Đông Anh, Hà Nội", place_of_residence="Đống Đa, Hà Nội",
    identifying_marks="Nốt ruồi", issue_date=CardDate.of(date(2021, 4, 20)),
    expiry_date=CardDate.of(date(2030, 3, 15)), father_name="Nguyễn Văn Hùng",
    mother_name="Trần Thị Lan", spouse_name="Lê Thị Hoa", old_id_number="012345678")


def _assert_every_field(identity: VnIdentity, c: layout.Citizen = CITIZEN) -> None:
    assert identity.id_number == c.id_number
    assert identity.full_name == c.full_name
    assert identity.birth_date == CardDate(c.birth, date(2003, 2, 1))
    assert (identity.sex, identity.nationality) == (c.sex, c.nationality)
    assert (identity.ethnicity, identity.religion) == (c.ethnicity, c.religion)
    assert identity.place_of_origin == c.origin
    assert identity.place_of_residence == c.residence
    assert identity.identifying_marks == c.marks
    assert identity.issue_date == CardDate(c.issued, date(2021, 3, 15))
    assert identity.expiry_date == CardDate(c.expiry, date(2028, 2, 1))
    assert (identity.father_name, identity.mother_name) == (c.father, c.mother)
    assert identity.spouse_name == c.spouse
    assert identity.old_id_number == c.old_id


# --- every variant of the reference's layout -----------------------------------------------------

def test_the_reference_layout_parses_to_every_field():
    fields = layout.fields_of(CITIZEN)
    identity = parse_dg13(layout.wrapped(*(fields[n] for n in sorted(fields))))
    _assert_every_field(identity)
    # field 16's meaning is unknown (§5.2): kept raw, exactly as the card wrote it
    assert identity.unknown_fields == {16: (layout.string(CITIZEN.field_16, layout.PRINTABLE),)}


def test_the_version_integer_is_not_taken_for_field_1():
    # The defect: the wrapper's INTEGER 1 was read as field 1 and the walk stopped there.
    fields = layout.fields_of(CITIZEN)
    identity = parse_dg13(layout.wrapped(*fields.values()))
    assert identity.full_name == CITIZEN.full_name and identity.birth_date is not None


@pytest.mark.parametrize("seed", range(5))
def test_fields_in_any_order(seed):
    fields = list(layout.fields_of(CITIZEN).values())
    random.Random(seed).shuffle(fields)
    _assert_every_field(parse_dg13(layout.wrapped(*fields)))


def test_the_bare_form():
    fields = layout.fields_of(CITIZEN)
    _assert_every_field(parse_dg13(layout.bare(*fields.values())))


@pytest.mark.parametrize("types", ["real", "utf8", "printable"])
def test_values_as_utf8_or_printable_string(types):
    fields = layout.fields_of(CITIZEN, types=types)
    _assert_every_field(parse_dg13(layout.wrapped(*fields.values())))


def test_parents_in_one_sequence():
    fields = layout.fields_of(CITIZEN, parents="one")
    _assert_every_field(parse_dg13(layout.wrapped(*fields.values())))


@pytest.mark.parametrize("spouse", ["empty", "absent", "nested"])
def test_spouse_empty_absent_or_nested(spouse):
    citizen = layout.Citizen(spouse="Nguyễn Văn Bảo" if spouse == "nested" else "")
    fields = layout.fields_of(citizen, spouse=spouse)
    identity = parse_dg13(layout.wrapped(*fields.values()))
    _assert_every_field(identity, citizen)
    assert 14 not in identity.unknown_fields


def test_without_old_id_and_field_16():
    citizen = layout.Citizen(old_id="", field_16="")
    fields = layout.fields_of(citizen)
    identity = parse_dg13(layout.wrapped(*fields.values()))
    _assert_every_field(identity, citizen)
    assert identity.unknown_fields == {}


@pytest.mark.parametrize("value", [
    tlv.encode(0x04, b"\x00\xff\x10"),  # an OCTET STRING
    tlv.encode(0x02, b"\x07"),  # an INTEGER
    layout.seq(layout.seq(tlv.encode(0x05, b""))),  # nested, no string at all
    b"",  # no value
    layout.string("12345678901234567890123456789012", layout.PRINTABLE),
])
def test_field_16_of_any_shape_is_kept_raw(value):
    citizen = layout.Citizen(field_16="")
    fields = layout.fields_of(citizen)
    fields[16] = layout.numbered(16, value) if value else layout.numbered(16)
    identity = parse_dg13(layout.wrapped(*fields.values()))
    _assert_every_field(identity, citizen)
    assert identity.unknown_fields == {16: (value,) if value else ()}
    # written back unchanged by the encoder
    assert parse_dg13(encode_dg13(identity)).unknown_fields == identity.unknown_fields


def test_a_lifetime_card_says_no_expiry_in_field_12():
    citizen = layout.Citizen(expiry=NO_EXPIRY_TEXT)
    fields = layout.fields_of(citizen)
    identity = parse_dg13(layout.wrapped(*fields.values()))
    assert identity.has_no_expiry
    assert identity.expiry_date == CardDate(NO_EXPIRY_TEXT, None)


@pytest.mark.parametrize("text", ["Không thời hạn", "KHÔNG THỜI HẠN", "Khong thoi han"])
def test_no_expiry_in_its_written_forms(text):
    data = layout.bare(layout.numbered(1, layout.string("001090004521")),
                       layout.numbered(12, layout.string(text)))
    assert parse_dg13(data).has_no_expiry


def test_odd_dates_keep_their_text():
    data = layout.bare(layout.numbered(1, layout.string("001090004521")),
                       layout.numbered(3, layout.string("1990")),
                       layout.numbered(11, layout.string("31/02/2021")),
                       layout.numbered(12, layout.string("")))
    identity = parse_dg13(data)
    assert identity.birth_date == CardDate("1990", None)
    assert identity.issue_date == CardDate("31/02/2021", None)
    assert identity.expiry_date is None and not identity.has_no_expiry


def test_fields_are_read_at_their_level_only():
    # A numbered SEQUENCE deeper than the field level (inside field 10's value) is not a field.
    fields = layout.fields_of(CITIZEN)
    fields[10] = layout.numbered(10, layout.string(CITIZEN.marks),
                                 layout.numbered(2, layout.string("Kẻ Giả Mạo")))
    identity = parse_dg13(layout.wrapped(*fields.values()))
    assert identity.full_name == CITIZEN.full_name


def test_first_occurrence_of_a_number_wins():
    fields = layout.fields_of(CITIZEN)
    dg13 = layout.wrapped(*fields.values(), layout.numbered(2, layout.string("Người Khác")))
    assert parse_dg13(dg13).full_name == CITIZEN.full_name


def test_text_is_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    data = layout.wrapped(layout.numbered(1, layout.string("001090004521")),
                          layout.numbered(2, tlv.encode(0x0C, decomposed.encode("utf-8"))))
    name = parse_dg13(data).full_name
    assert name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", name)


# --- the encoder writes what real cards carry ------------------------------------------------------

def test_round_trip():
    assert parse_dg13(encode_dg13(IDENTITY)) == IDENTITY
    assert parse_dg13(encode_dg13(IDENTITY, wrapped=False)) == IDENTITY


def _identity_of(c: layout.Citizen) -> VnIdentity:
    return parse_dg13(layout.wrapped(*layout.fields_of(c).values()))


def test_encoder_writes_the_reference_bytes():
    # The hand-built layout (fields in numeric order, the table's string types, an empty spouse
    # field) is exactly what the simulated card writes.
    fields = layout.fields_of(CITIZEN)
    reference = layout.wrapped(*(fields[n] for n in sorted(fields)))
    assert encode_dg13(_identity_of(CITIZEN)) == reference


def test_encoder_header_and_khoa_offsets():
    # §5.1: the 23-byte header, then `30 11 02 01 01 13 0C` and the ID number at byte 30; KHOA
    # prints the name from 49, birth 80, sex 97, nationality 108, ethnicity 125, religion 136.
    data = encode_dg13(_identity_of(CITIZEN))
    assert 256 <= len(data) < 512  # typical size, 82 lengths (§5.1)
    assert data[0:2] == bytes.fromhex("6D82") and data[4:6] == bytes.fromhex("3082")
    assert data[8:19] == bytes.fromhex("020101 0606 28D316010008")
    assert data[19:21] == bytes.fromhex("3182")
    assert data[23:30] == bytes.fromhex("3011020101130C")
    for offset, text in ((30, CITIZEN.id_number), (49, CITIZEN.full_name), (80, CITIZEN.birth),
                         (97, CITIZEN.sex), (108, CITIZEN.nationality),
                         (125, CITIZEN.ethnicity), (136, CITIZEN.religion)):
        raw = text.encode("utf-8")
        assert data[offset:offset + len(raw)] == raw, (offset, text)


def test_encoder_keeps_numeric_order_not_der_order():
    # DER would sort the SET's members by their encoding (the long field 9 after 10..16).
    data = encode_dg13(_identity_of(CITIZEN))
    field_set = tlv.decode(data).children()[0].children()[2]
    numbers = [member.children()[0].value[0] for member in field_set.children()]
    assert numbers == sorted(numbers) == list(range(1, 17))
    assert [m.encode() for m in field_set.children()] != sorted(m.encode() for m in field_set.children())


def test_encoder_of_a_lifetime_card():
    identity = VnIdentity(id_number="001046000777", full_name="Trần Văn Hải",
                          expiry_date=CardDate.of(None))
    parsed = parse_dg13(encode_dg13(identity))
    assert parsed.has_no_expiry and parsed.expiry_date.text == NO_EXPIRY_TEXT
    field_12 = layout.numbered(12, layout.string(NO_EXPIRY_TEXT))  # UTF8String (§5.2)
    assert field_12 in encode_dg13(identity)


# --- damage -------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    layout.wrapped(layout.numbered(2, layout.string("Nguyễn Văn An"))),  # no ID number
    layout.bare(layout.numbered(1, tlv.encode(0x0C, b"\xff\xfe"))),  # not UTF-8
    tlv.encode_constructed(0x61, layout.numbered(1, layout.string("001090004521"))),  # wrong tag
    encode_dg13(IDENTITY) + b"\x00",  # trailing byte
    tlv.encode(0x6D, b""),  # empty
])
def test_malformed(data):
    with pytest.raises(LdsError):
        parse_dg13(data)


def _nested(depth: int, inner: bytes) -> bytes:
    for _ in range(depth):
        inner = tlv.encode(0x30, inner)
    return inner


@pytest.mark.parametrize("depth", [13, 990, 5000])
def test_deep_nesting_is_refused_before_parsing(depth):
    # issue 17: DG13 nested 990 deep in 3.8 kB leaked RecursionError; 900 deep in 1 MB took ~900 MB.
    body = layout.numbered(1, layout.string("001090004521")) + _nested(depth, b"")
    with pytest.raises(LdsError) as info:
        parse_dg13(layout.wrapped(body))
    assert "nested deeper" in info.value.detail


def test_deep_nesting_of_a_megabyte_is_refused_fast_and_small():
    import time
    import tracemalloc

    data = layout.wrapped(layout.numbered(1, _nested(900, layout.string("x" * 1_000_000))))
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LdsError):
            parse_dg13(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 0.5
    assert peak < 1_000_000  # the input is not copied once per level


GOOD = encode_dg13(_identity_of(CITIZEN))


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
