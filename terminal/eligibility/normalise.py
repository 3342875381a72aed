"""What the gateway is strict about, made canonical before a lookup is sent; and lenient readers
for the dates and codes that come back.

Names: NFC, single spaces, each word capitalised (chips, keyboards and scanners disagree on case
and on composed vs decomposed diacritics). Dates: `dd/mm/yyyy`, or `yyyy` when only the year is
known. Numbers: the 12-digit ID number or the 15-character HI card number, upper case.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from terminal.eligibility.errors import QueryError

MAX_NAME_LENGTH = 100
EARLIEST_BIRTH_YEAR = 1900

# The Icelandic eth (Ð ð) looks like the Vietnamese đ and is what some keyboards and OCR produce;
# the gateway only knows U+0110 / U+0111.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})
_NAME_PUNCTUATION = frozenset("'-.")
_ID_NUMBER = re.compile(r"[0-9]{12}")
_CARD_NUMBER = re.compile(r"[A-Z]{2}[0-9]{13}")
_SEPARATORS = re.compile(r"[\s\-.]")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")
_FACILITY = re.compile(r"\s*([0-9]{5})")


def _recase(char: str, upper: bool) -> str:
    # Only one-to-one case mappings: "ß".upper() is "SS", which would change the name.
    mapped = char.upper() if upper else char.lower()
    return mapped if len(mapped) == 1 else char


def _capitalise(word: str) -> str:
    return "".join(_recase(char, index == 0) for index, char in enumerate(word))


def normalise_name(text: str) -> str:
    """`  NGUYỄN  văn an ` (any case, NFC or NFD) → `Nguyễn Văn An`."""
    if not isinstance(text, str):
        raise QueryError("The name is missing.", "Thiếu họ tên.", "full_name",
                         f"name of type {type(text).__name__}")
    name = unicodedata.normalize("NFC", text.translate(_LOOKALIKES))
    words = name.split()
    if not words:
        raise QueryError("The name is missing.", "Thiếu họ tên.", "full_name")
    for char in "".join(words):
        if not (unicodedata.category(char)[0] in "LM" or char in _NAME_PUNCTUATION):
            raise QueryError("The name may hold letters only; check it against the card.",
                             "Họ tên chỉ gồm chữ cái; kiểm tra lại theo thẻ.", "full_name",
                             f"character U+{ord(char):04X} ({unicodedata.category(char)})")
    name = unicodedata.normalize("NFC", " ".join(_capitalise(word) for word in words))
    if len(name) > MAX_NAME_LENGTH:
        raise QueryError("The name is too long; check it against the card.",
                         "Họ tên quá dài; kiểm tra lại theo thẻ.", "full_name", f"{len(name)} chars")
    return name


def read_reply_name(text: str | None) -> str | None:
    """A name from a reply, NFC with single spaces (its case kept); None when absent."""
    if not text:
        return None
    return " ".join(unicodedata.normalize("NFC", text).split()) or None


def _birth_date_error(detail: str) -> QueryError:
    return QueryError("The birth date must be dd/mm/yyyy or a year (yyyy), in the past.",
                      "Ngày sinh phải theo dạng dd/mm/yyyy hoặc năm sinh (yyyy), không ở tương lai.",
                      "birth_date", detail)


def _checked_birth(value: date | int, today: date) -> date | int:
    year = value if isinstance(value, int) else value.year
    if year < EARLIEST_BIRTH_YEAR or year > today.year or (isinstance(value, date) and value > today):
        raise _birth_date_error(f"out of range: {value!r}")
    return value


def parse_birth_date(value: date | int | str, today: date | None = None) -> date | int:
    """A birth date as the chip, the desk or a form gives it → a `date`, or the year alone.

    Accepts `date`, an int year, `dd/mm/yyyy` (also with `-` or `.`, one-digit day/month),
    `yyyy-mm-dd`, `ddmmyyyy` and `yyyy`.
    """
    today = today or date.today()
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, bool):
        raise _birth_date_error("bool")
    if isinstance(value, (date, int)):
        return _checked_birth(value, today)
    if not isinstance(value, str):
        raise _birth_date_error(f"type {type(value).__name__}")
    text = value.strip()
    try:
        if m := _DAY_FIRST.fullmatch(text):
            parsed: date | int = date(int(m[3]), int(m[2]), int(m[1]))
        elif m := _ISO_DATE.fullmatch(text):
            parsed = date(int(m[1]), int(m[2]), int(m[3]))
        elif _YEAR.fullmatch(text):
            parsed = int(text)
        elif len(text) == 8 and text.isascii() and text.isdigit():
            parsed = date(int(text[4:]), int(text[2:4]), int(text[:2]))
        else:
            raise _birth_date_error(f"unrecognised form, {len(text)} chars")
    except ValueError as exc:
        raise _birth_date_error(str(exc)) from None
    return _checked_birth(parsed, today)


def format_birth_date(value: date | int) -> str:
    """The `ngaySinh` text: `dd/mm/yyyy`, or `yyyy` for a year alone."""
    if isinstance(value, int):
        return f"{value:04d}"
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def normalise_id_number(text: str) -> str:
    """The 12-digit CCCD number, spaces and dashes removed."""
    number = _SEPARATORS.sub("", text) if isinstance(text, str) else ""
    if not _ID_NUMBER.fullmatch(number):
        raise QueryError("The ID number must be the 12 digits on the chip ID card.",
                         "Số CCCD phải gồm 12 chữ số.", "id_number", f"{len(number)} chars")
    return number


def normalise_card_number(text: str) -> str:
    """The 15-character HI card number (2 letters, 13 digits), upper case, separators removed."""
    number = _SEPARATORS.sub("", text).upper() if isinstance(text, str) else ""
    if not _CARD_NUMBER.fullmatch(number):
        raise QueryError("The HI card number must be 2 letters and 13 digits, as on the card.",
                         "Mã thẻ BHYT gồm 2 chữ cái và 13 chữ số, như trên thẻ.", "card_number",
                         f"{len(number)} chars")
    return number


def read_reply_date(text: object) -> date | None:
    """A date from a reply (`dd/mm/yyyy`, also `yyyy-mm-dd` or `yyyyMMdd`); None when absent or
    not a real date. Replies are read leniently: a bad date loses the fact, not the result."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    try:
        if m := _DAY_FIRST.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def read_reply_timestamp(text: object) -> datetime | None:
    """A visit time `yyyyMMddHHmm` (or `yyyyMMdd`); None when absent or not a real time."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        return None
    for form in ("%Y%m%d%H%M", "%Y%m%d"):
        if len(text) == len(datetime(2000, 1, 1).strftime(form)):
            try:
                return datetime.strptime(text, form)
            except ValueError:
                return None
    return None


def read_facility_code(text: object) -> str | None:
    """The leading 5 digits of a facility code (`01253_BV` → `01253`); None when there are none."""
    if not isinstance(text, str):
        return None
    m = _FACILITY.match(text)
    return m[1] if m else None
