"""What the gateway is strict about, made canonical before a lookup is sent; and lenient readers
for the dates and codes that come back.

Names: NFC, single spaces, each word capitalised (chips, keyboards and scanners disagree on case
and on composed vs decomposed diacritics). Dates: `dd/mm/yyyy`, or `yyyy` when only the year is
known. Numbers (`maThe`, reference §6): the 10-digit social-insurance number, the 12-digit personal
ID number, or the 15- or 17-character HI card code, each checked for what it is.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from terminal.eligibility.errors import QueryError

#: Province codes (the 63 provinces' administrative codes, pre-2025): characters 4-5 of an HI card
#: code (reference §5) and, after a 0, digits 1-3 of a personal ID number (province of birth).
PROVINCES = frozenset((
    "01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 "
    "46 48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 "
    "94 95 96").split())

MAX_NAME_LENGTH = 100
EARLIEST_BIRTH_YEAR = 1900

# The Icelandic eth (Ð ð) looks like the Vietnamese đ and is what some keyboards and OCR produce;
# the gateway only knows U+0110 / U+0111.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})
_NAME_PUNCTUATION = frozenset("'-.")
_ID_NUMBER = re.compile(r"[0-9]{12}")
_SOCIAL_INSURANCE_NUMBER = re.compile(r"[0-9]{10}")
#: The HI card code: 2 letters, 13 digits (reference §5); 17 characters carry two more letters
#: or digits after them (reference §6 [M] gives the length, not the meaning [inf]).
_CARD_NUMBER = re.compile(r"[A-Z]{2}[0-9]{13}([A-Z0-9]{2})?")
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


def _digits(text: object) -> str:
    return _SEPARATORS.sub("", text) if isinstance(text, str) else ""


def id_number_birth_year(number: str) -> int:
    """The birth year written in a 12-digit personal ID number: digit 4 gives the century (and
    sex: 0/1 the 1900s, 2/3 the 2000s, 4/5 the 2100s…), digits 5-6 the year (reference §5 [inf])."""
    return 1900 + 100 * (int(number[3]) // 2) + int(number[4:6])


def normalise_id_number(text: str, birth_date: date | int | None = None) -> str:
    """The 12-digit personal (CCCD) ID number, spaces and dashes removed, checked for what it is:
    digits 1-3 a province of birth, digits 4-6 a birth year not in the future and, when
    `birth_date` is given, its year (reference §5)."""
    number = _digits(text)
    if not _ID_NUMBER.fullmatch(number):
        raise QueryError("The ID number must be the 12 digits on the chip ID card.",
                         "Số CCCD phải gồm 12 chữ số.", "id_number", f"{len(number)} chars")
    if number[0] != "0" or number[1:3] not in PROVINCES:
        raise QueryError("The ID number's first three digits are no province code: check it.",
                         "Ba chữ số đầu của số CCCD không phải mã tỉnh: kiểm tra lại.",
                         "id_number", "province of birth unknown")
    year = id_number_birth_year(number)
    if year > date.today().year:
        raise QueryError("The ID number's digits 4-6 give a birth year in the future: check it.",
                         "Chữ số 4-6 của số CCCD cho năm sinh ở tương lai: kiểm tra lại.",
                         "id_number", "birth year in the future")
    if birth_date is not None:
        given = birth_date if isinstance(birth_date, int) else birth_date.year
        if given != year:
            raise QueryError("The ID number's digits 4-6 do not match the birth year: check "
                             "both against the card.",
                             "Chữ số 4-6 của số CCCD không khớp năm sinh: kiểm tra lại theo thẻ.",
                             "id_number", "birth year differs from the one in the number")
    return number


def normalise_social_insurance_number(text: str) -> str:
    """The 10-digit social-insurance number (maSoBHXH), separators removed."""
    number = _digits(text)
    if not _SOCIAL_INSURANCE_NUMBER.fullmatch(number):
        raise QueryError("The social-insurance number must be 10 digits.",
                         "Mã số BHXH phải gồm 10 chữ số.", "social_insurance_number",
                         f"{len(number)} chars")
    return number


def normalise_card_number(text: str) -> str:
    """The HI card code (2 letters, 13 digits, or 17 characters: 2 more letters or digits),
    upper case, separators removed. The benefit and province characters are left for the
    gateway to judge (codes 052/053), so that its answer reaches the desk."""
    number = _digits(text).upper()
    if not _CARD_NUMBER.fullmatch(number):
        raise QueryError("The HI card number must be 2 letters and 13 digits, as on the card.",
                         "Mã thẻ BHYT gồm 2 chữ cái và 13 chữ số, như trên thẻ.", "card_number",
                         f"{len(number)} chars")
    return number


def number_kind(text: str) -> str:
    """"social_insurance", "personal_id" or "hi_card" by the number's length (10, 12, 15/17);
    QueryError for any other length. Checking what it holds is left to its normaliser."""
    length = len(_digits(text))
    kinds = {10: "social_insurance", 12: "personal_id", 15: "hi_card", 17: "hi_card"}
    if length not in kinds:
        raise QueryError("The number must be 10 (social insurance), 12 (ID card) or 15/17 "
                         "(HI card) characters.",
                         "Số tra cứu phải gồm 10 (mã số BHXH), 12 (CCCD) hoặc 15/17 (mã thẻ "
                         "BHYT) ký tự.", "number", f"{length} chars")
    return kinds[length]


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
