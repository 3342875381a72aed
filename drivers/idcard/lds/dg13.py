"""DG13 on the Vietnamese CCCD (tag 6D): numbered identity fields (ID number, full name with
diacritics, birth date, parents, place of residence, ...), parsed by field number, never position."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import DG13

_SEQUENCE, _INTEGER, _UTF8 = 0x30, 0x02, 0x0C
_STRING_TAGS = (0x0C, 0x13, 0x16)  # UTF8String, PrintableString, IA5String
_DATE = re.compile(r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$")
#: How the simulated card writes "no expiry" (cards issued after the holder's 58th birthday).
NO_EXPIRY_TEXT = "Không thời hạn"

# Field numbers (reference: docs/chip-data.md, "DG13").
ID_NUMBER, FULL_NAME, BIRTH_DATE, SEX, NATIONALITY, ETHNICITY, RELIGION = range(1, 8)
PLACE_OF_ORIGIN, PLACE_OF_RESIDENCE, IDENTIFYING_MARKS, ISSUE_DATE, EXPIRY_DATE = range(8, 13)
PARENTS, SPOUSE, OLD_ID, OLD_ID_ALT = 13, 14, 15, 16
_TEXT_FIELDS = {ID_NUMBER: "id_number", FULL_NAME: "full_name", SEX: "sex",
                NATIONALITY: "nationality", ETHNICITY: "ethnicity", RELIGION: "religion",
                PLACE_OF_ORIGIN: "place_of_origin", PLACE_OF_RESIDENCE: "place_of_residence",
                IDENTIFYING_MARKS: "identifying_marks", SPOUSE: "spouse_name"}
_DATE_FIELDS = {BIRTH_DATE: "birth_date", ISSUE_DATE: "issue_date", EXPIRY_DATE: "expiry_date"}


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


@dataclass(frozen=True)
class VnIdentity:
    """The identity fields of DG13; text NFC-normalised; fields the card lacks are empty/None.
    `unknown_fields` keeps other field numbers as their raw encoded values."""

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
        """True when the card says it never expires (expiry text that is not a date)."""
        return self.expiry_date is not None and self.expiry_date.value is None


def _text(item: tlv.Tlv) -> str:
    try:
        return unicodedata.normalize("NFC", item.value.decode("utf-8")).strip()
    except UnicodeDecodeError:
        raise LdsError(detail=f"DG13 string (tag {item.tag:X}) is not UTF-8") from None


def _strings(items: list[tlv.Tlv]) -> list[str]:
    """Every string in `items`, in order, looking into nested SEQUENCE/SET values."""
    found: list[str] = []
    for item in items:
        if item.tag in _STRING_TAGS:
            found.append(_text(item))
        elif item.constructed:
            found.extend(_strings(item.children()))
    return found


def _field_number(item: tlv.Tlv) -> int | None:
    """The field number when `item` is a field (a SEQUENCE opening with a small INTEGER), else None."""
    if item.tag != _SEQUENCE:
        return None
    children = item.children()
    first = children[0] if children else None
    if first is None or first.tag != _INTEGER or len(first.value) != 1 or first.value[0] > 0x7F:
        return None
    return first.value[0]


def _fields(items: list[tlv.Tlv], out: dict[int, list[tlv.Tlv]]) -> None:
    """Collect {field number: value objects}, descending into wrapping constructed objects; the
    first occurrence of a number wins."""
    for item in items:
        number = _field_number(item)
        if number is not None:
            out.setdefault(number, item.children()[1:])
        elif item.constructed:
            _fields(item.children(), out)


def _card_date(text: str) -> CardDate:
    match = _DATE.match(text)
    if not match:
        return CardDate(text, None)
    day, month, year = (int(part) for part in match.groups())
    try:
        return CardDate(text, date(year, month, day))
    except ValueError:
        return CardDate(text, None)


def parse_dg13(data: bytes) -> VnIdentity:
    """DG13 bytes → VnIdentity; LdsError when malformed or the ID number is missing."""
    fields: dict[int, list[tlv.Tlv]] = {}
    _fields(tlv.decode(data, DG13.tag).children(), fields)
    values = {number: _strings(items) for number, items in fields.items()}

    def first(number: int) -> str:
        return values.get(number, [""])[0] if values.get(number) else ""

    if not first(ID_NUMBER):
        raise LdsError(detail="DG13 has no ID number (field 1)")
    parents = values.get(PARENTS, []) + ["", ""]
    old_id = first(OLD_ID) or (first(OLD_ID_ALT) if re.fullmatch(r"[0-9]{9}", first(OLD_ID_ALT))
                               else "")
    known = set(_TEXT_FIELDS) | set(_DATE_FIELDS) | {PARENTS, OLD_ID}
    if old_id and not first(OLD_ID):
        known.add(OLD_ID_ALT)
    return VnIdentity(
        **{name: first(number) for number, name in _TEXT_FIELDS.items()},
        **{name: _card_date(first(number)) if first(number) else None
           for number, name in _DATE_FIELDS.items()},
        father_name=parents[0], mother_name=parents[1], old_id_number=old_id,
        unknown_fields={number: tuple(item.encode() for item in items)
                        for number, items in fields.items() if number not in known})


def _field(number: int, *values: bytes) -> bytes:
    return tlv.encode_constructed(_SEQUENCE, tlv.encode(_INTEGER, bytes([number])), *values)


def _utf8(text: str) -> bytes:
    return tlv.encode(_UTF8, unicodedata.normalize("NFC", text).encode("utf-8"))


def encode_dg13(identity: VnIdentity) -> bytes:
    """VnIdentity → DG13 bytes (the layout parse_dg13 reads; unknown fields written back raw).
    Empty fields are left out; parents are one field holding two nested strings."""
    fields: dict[int, bytes] = {}
    for number, name in _TEXT_FIELDS.items():
        if getattr(identity, name):
            fields[number] = _field(number, _utf8(getattr(identity, name)))
    for number, name in _DATE_FIELDS.items():
        if getattr(identity, name) is not None:
            fields[number] = _field(number, _utf8(getattr(identity, name).text))
    if identity.father_name or identity.mother_name:
        fields[PARENTS] = _field(PARENTS, *(tlv.encode_constructed(_SEQUENCE, _utf8(name))
                                            for name in (identity.father_name, identity.mother_name)))
    if identity.old_id_number:
        fields[OLD_ID] = _field(OLD_ID, _utf8(identity.old_id_number))
    for number, raw in identity.unknown_fields.items():
        fields.setdefault(number, _field(number, *raw))
    return tlv.encode_constructed(DG13.tag, *(fields[number] for number in sorted(fields)))

