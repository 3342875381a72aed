"""DG13 on the Vietnamese CCCD (tag 6D): numbered identity fields (ID number, full name with
diacritics, birth date, parents, place of residence, ...), parsed by field number, never position.

Layout (reference cccd-chip.md §5.1): `6D { 30 { 02 01 01 (version), 06 OID 1.0.10646.1.0.8,
31 { 30 { 02 NN, value }, ... } } }`; the bare form `6D { 30 { 02 NN, value }, ... }` is read too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import DG13
from drivers.idcard.renewal import NO_EXPIRY_TEXT, means_no_expiry

__all__ = ["NO_EXPIRY_TEXT", "CardDate", "VnIdentity", "encode_dg13", "parse_dg13"]

_SEQUENCE, _SET, _INTEGER, _OID = 0x30, 0x31, 0x02, 0x06
_UTF8, _PRINTABLE = 0x0C, 0x13
_STRING_TAGS = (0x0C, 0x13, 0x16)  # UTF8String, PrintableString, IA5String
#: The wrapper's version and its OID 1.0.10646.1.0.8, ISO 10646's UTF-8 form (reference §5.1).
VERSION = 1
UTF8_FORM_OID = bytes.fromhex("28D316010008")
#: Nesting accepted in DG13: the real layout is 5 levels deep (6D, wrapper, SET, field, parent).
#: Checked before parsing, so a file nested hundreds deep is refused without descending into it.
MAX_DEPTH = 12
#: How deep strings are looked for inside one field's value (parents: a SEQUENCE per name).
_VALUE_DEPTH = 3
_DATE = re.compile(r"^([0-9]{2})[/.\-]?([0-9]{2})[/.\-]?([0-9]{4})$")
_PRINTABLE_TEXT = re.compile(r"^[A-Za-z0-9 '()+,\-./:=?]*$")

# Field numbers (reference §5.2; docs/chip-data.md, "DG13").
ID_NUMBER, FULL_NAME, BIRTH_DATE, SEX, NATIONALITY, ETHNICITY, RELIGION = range(1, 8)
PLACE_OF_ORIGIN, PLACE_OF_RESIDENCE, IDENTIFYING_MARKS, ISSUE_DATE, EXPIRY_DATE = range(8, 13)
PARENTS, SPOUSE, OLD_ID, FIELD_16 = 13, 14, 15, 16
_TEXT_FIELDS = {ID_NUMBER: "id_number", FULL_NAME: "full_name", SEX: "sex",
                NATIONALITY: "nationality", ETHNICITY: "ethnicity", RELIGION: "religion",
                PLACE_OF_ORIGIN: "place_of_origin", PLACE_OF_RESIDENCE: "place_of_residence",
                IDENTIFYING_MARKS: "identifying_marks"}
_DATE_FIELDS = {BIRTH_DATE: "birth_date", ISSUE_DATE: "issue_date", EXPIRY_DATE: "expiry_date"}
#: Written as PrintableString by real cards (reference §5.2, APPOTA's byte prefixes); the rest
#: as UTF8String. Either is read in any field.
_PRINTABLE_FIELDS = (ID_NUMBER, BIRTH_DATE, ISSUE_DATE, OLD_ID)


@dataclass(frozen=True)
class CardDate:
    """A date as printed on the card (dd/mm/yyyy, or text such as "Không thời hạn") and its value
    (None when the text is not a date, e.g. a card with no expiry)."""

    text: str
    value: date | None

    @classmethod
    def of(cls, value: date | None) -> CardDate:
        """The card's form of `value`; None means "no expiry"."""
        if value is None:
            return cls(NO_EXPIRY_TEXT, None)
        return cls(value.strftime("%d/%m/%Y"), value)

    @property
    def no_expiry(self) -> bool:
        """True when the text says the card does not expire ("Không thời hạn" and its forms)."""
        return self.value is None and means_no_expiry(self.text)


@dataclass(frozen=True)
class VnIdentity:
    """The identity fields of DG13; text NFC-normalised; fields the card lacks are empty/None.
    `unknown_fields` keeps field 16 and numbers beyond it as their raw encoded value objects."""

    # repr=False: a log line or traceback never shows who the card holder is.
    id_number: str = field(repr=False)
    full_name: str = field(default="", repr=False)
    birth_date: CardDate | None = field(default=None, repr=False)
    sex: str = ""
    nationality: str = ""
    ethnicity: str = ""
    religion: str = ""
    place_of_origin: str = field(default="", repr=False)
    place_of_residence: str = field(default="", repr=False)
    identifying_marks: str = field(default="", repr=False)
    issue_date: CardDate | None = None
    expiry_date: CardDate | None = None
    father_name: str = field(default="", repr=False)
    mother_name: str = field(default="", repr=False)
    spouse_name: str = field(default="", repr=False)
    old_id_number: str = field(default="", repr=False)
    unknown_fields: dict[int, tuple[bytes, ...]] = field(default_factory=dict, repr=False)

    @property
    def has_no_expiry(self) -> bool:
        """True when the card says it never expires (a lifetime card, reference §2.4)."""
        return self.expiry_date is not None and self.expiry_date.no_expiry


def _text(item: tlv.Tlv) -> str:
    try:
        return unicodedata.normalize("NFC", item.value.decode("utf-8")).strip()
    except UnicodeDecodeError:
        raise LdsError(detail=f"DG13 string (tag {item.tag:X}) is not UTF-8") from None


def _strings(items: list[tlv.Tlv], depth: int = 0) -> list[str]:
    """Every string in a field's value, in order, looking into nested SEQUENCE/SET values (a
    parent's or the spouse's name sits in a SEQUENCE of its own)."""
    found: list[str] = []
    for item in items:
        if item.tag in _STRING_TAGS:
            found.append(_text(item))
        elif item.constructed and depth < _VALUE_DEPTH:
            found.extend(_strings(item.children(), depth + 1))
    return found


def _field_objects(outer: tlv.Tlv) -> list[tlv.Tlv]:
    """The objects at the level where the fields are: inside the SET of the wrapper
    { version, OID, SET }, or directly inside 6D (the bare form)."""
    items = outer.children()
    if len(items) == 1 and items[0].tag == _SET:
        return items[0].children()
    if len(items) == 1 and items[0].tag == _SEQUENCE:
        inner = items[0].children()
        if any(item.tag in (_OID, _SET) for item in inner):  # the wrapper, not a lone field
            sets = [item for item in inner if item.tag == _SET]
            if sets:
                return [item for group in sets for item in group.children()]
            return [item for item in inner if item.tag == _SEQUENCE]
    return items


def _numbered(item: tlv.Tlv) -> tuple[int, list[tlv.Tlv]] | None:
    """(field number, value objects) when `item` is a field: SEQUENCE { INTEGER n, value... }."""
    if item.tag != _SEQUENCE:
        return None
    children = item.children()
    if not children or children[0].tag != _INTEGER or not 1 <= len(children[0].value) <= 2:
        return None
    number = int.from_bytes(children[0].value, "big", signed=True)
    return (number, children[1:]) if number > 0 else None


def _card_date(text: str) -> CardDate | None:
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        return CardDate(text, None)
    day, month, year = (int(part) for part in match.groups())
    try:
        return CardDate(text, date(year, month, day))
    except ValueError:
        return CardDate(text, None)


def parse_dg13(data: bytes) -> VnIdentity:
    """DG13 bytes → VnIdentity; LdsError when malformed, nested too deep, or the ID number is
    missing. Fields may come in any order and as UTF8String or PrintableString; the first
    occurrence of a number wins."""
    tlv.check_nesting(data, MAX_DEPTH)
    fields: dict[int, list[tlv.Tlv]] = {}
    for item in _field_objects(tlv.decode(data, DG13.tag)):
        numbered = _numbered(item)
        if numbered is not None:
            fields.setdefault(*numbered)

    def strings(number: int) -> list[str]:
        return _strings(fields.get(number, []))

    def first(number: int) -> str:
        return next(iter(strings(number)), "")

    if not first(ID_NUMBER):
        raise LdsError(detail="DG13 has no ID number (field 1)")
    parents = strings(PARENTS) + ["", ""]
    known = set(_TEXT_FIELDS) | set(_DATE_FIELDS) | {PARENTS, SPOUSE, OLD_ID}
    return VnIdentity(
        **{name: first(number) for number, name in _TEXT_FIELDS.items()},
        **{name: _card_date(first(number)) for number, name in _DATE_FIELDS.items()},
        father_name=parents[0], mother_name=parents[1], spouse_name=first(SPOUSE),
        old_id_number=first(OLD_ID),
        unknown_fields={number: tuple(item.encode() for item in items)
                        for number, items in sorted(fields.items()) if number not in known})


def _field(number: int, *values: bytes) -> bytes:
    integer = number.to_bytes(number.bit_length() // 8 + 1, "big")  # DER: minimal, positive
    return tlv.encode_constructed(_SEQUENCE, tlv.encode(_INTEGER, integer), *values)


def _string(number: int, text: str) -> bytes:
    """A field's string as real cards type it: PrintableString for the ID, dates and old ID
    (when the text fits that alphabet), UTF8String for the rest."""
    text = unicodedata.normalize("NFC", text)
    printable = number in _PRINTABLE_FIELDS and _PRINTABLE_TEXT.match(text)
    return tlv.encode(_PRINTABLE if printable else _UTF8, text.encode("utf-8"))


def encode_dg13(identity: VnIdentity, *, wrapped: bool = True) -> bytes:
    """VnIdentity → DG13 bytes in the real layout (reference §5): the version + OID + SET wrapper
    (`wrapped=False`: the bare form), fields in numeric order inside the SET (as real cards write
    them; a DER encoder would sort them by encoding). Fields 1-13 are always present (empty text
    when unknown), 14 is an empty field when there is no spouse, 15 only when there is an old ID;
    unknown fields are written back raw."""
    fields: dict[int, bytes] = {}
    for number, name in _TEXT_FIELDS.items():
        fields[number] = _field(number, _string(number, getattr(identity, name)))
    for number, name in _DATE_FIELDS.items():
        card_date = getattr(identity, name)
        fields[number] = _field(number, _string(number, card_date.text if card_date else ""))
    fields[PARENTS] = _field(PARENTS, *(tlv.encode_constructed(_SEQUENCE, _string(PARENTS, name))
                                        for name in (identity.father_name, identity.mother_name)))
    fields[SPOUSE] = (_field(SPOUSE, tlv.encode_constructed(_SEQUENCE, _string(SPOUSE, identity.spouse_name)))
                      if identity.spouse_name else _field(SPOUSE))
    if identity.old_id_number:
        fields[OLD_ID] = _field(OLD_ID, _string(OLD_ID, identity.old_id_number))
    for number, raw in identity.unknown_fields.items():
        fields.setdefault(number, _field(number, *raw))
    body = b"".join(fields[number] for number in sorted(fields))
    if not wrapped:
        return tlv.encode(DG13.tag, body)
    return tlv.encode_constructed(DG13.tag, tlv.encode_constructed(
        _SEQUENCE, tlv.encode(_INTEGER, bytes([VERSION])), tlv.encode(_OID, UTF8_FORM_OID),
        tlv.encode(_SET, body)))
