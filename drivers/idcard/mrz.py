"""The machine-readable zone (ICAO 9303-4/-5): parse TD1 (3x30, the CCCD's back) and TD3 (2x44,
passports) with every check digit verified, and write a TD1 MRZ for the simulated card."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard.errors import AccessDataError

_MRZ_CHARS = re.compile(r"^[0-9A-Z<]*$")
_TD1 = (3, 30)
_TD3 = (2, 44)
_WEIGHTS = (7, 3, 1)
#: The expiry a card with no expiry carries in its MRZ and so in its chip key (reference
#: cccd-chip.md §2.4: cards issued at 58 or older, "Không thời hạn").
NO_EXPIRY_YYMMDD = "991231"


def check_digit(field: str) -> str:
    """ICAO 9303-3 check digit: weights 7,3,1; digits count as themselves, A-Z as 10-35, '<' as 0."""
    total = 0
    for i, ch in enumerate(field):
        if ch.isdigit():
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - ord("A") + 10
        elif ch == "<":
            value = 0
        else:
            raise AccessDataError(f"The character {ch!r} cannot appear in MRZ data.",
                                  detail=f"bad MRZ character at {i}")
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class MrzRecord:
    """What an MRZ says. Dates are kept as printed (YYMMDD) and as `date` (century resolved; the
    no-expiry mark `991231` is 2099-12-31, never 1999)."""

    format: str  # "TD1" or "TD3"
    document_type: str
    issuing_state: str
    # repr=False on what identifies the holder or opens the chip: never in a log or traceback.
    document_number: str = field(repr=False)
    optional_data: str = field(repr=False)
    birth_yymmdd: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: str  # "M", "F" or "<" (unspecified)
    expiry_yymmdd: str
    expiry_date: date
    nationality: str
    surname: str = field(repr=False)
    given_names: str = field(repr=False)
    text: str = field(repr=False)  # the MRZ lines joined by "\n", as read

    @property
    def no_expiry(self) -> bool:
        """True for a card with no expiry: `991231` in the expiry field (reference §2.4)."""
        return self.expiry_yymmdd == NO_EXPIRY_YYMMDD

    @property
    def id_number(self) -> str | None:
        """A CCCD's 12-digit ID number, carried at the start of TD1 optional data; else None."""
        match = re.match(r"^([0-9]{12})(?![0-9])", self.optional_data)
        return match.group(1) if match else None


def _lines(text: str) -> list[str]:
    """Split MRZ text into lines whatever the separators (newlines, spaces, or none at all)."""
    if not isinstance(text, str):
        raise AccessDataError("The MRZ must be text.", field="mrz")
    upper = text.upper()
    parts = [re.sub(r"\s", "", part) for part in upper.splitlines()]
    parts = [part for part in parts if part]
    if [len(p) for p in parts] in ([30] * 3, [44] * 2):
        return parts
    joined = re.sub(r"\s", "", upper)
    for count, width in (_TD1, _TD3):
        if len(joined) == count * width:
            return [joined[i * width:(i + 1) * width] for i in range(count)]
    raise AccessDataError(
        "The MRZ must be 3 lines of 30 characters (ID card) or 2 lines of 44 (passport).",
        detail=f"line lengths {[len(p) for p in parts]}", field="mrz")


def _checked(value: str, digit: str, field: str, label: str) -> str:
    if check_digit(value) != digit:
        raise AccessDataError(f"The check digit of the {label} is wrong. Check the {label} "
                              "against the card.", detail=f"check digit of {field}", field=field)
    return value


def _date(yymmdd: str, field: str, label: str, *, future: bool) -> date:
    if not re.fullmatch(r"[0-9]{6}", yymmdd):
        raise AccessDataError(f"The {label} in the MRZ is not a date.", field=field)
    if future and yymmdd == NO_EXPIRY_YYMMDD:  # a lifetime card, not one that ended in 1999
        return date(2099, 12, 31)
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    this_year = date.today().year
    # Birth dates are in the past; expiry dates are at most 50 years ahead (ICAO 9303-3 leaves the
    # century to the reader).
    year = 2000 + yy
    if (not future and year > this_year) or (future and year > this_year + 50):
        year -= 100
    try:
        return date(year, month, day)
    except ValueError:
        raise AccessDataError(f"The {label} in the MRZ is not a valid date.", field=field) from None


def _name(field_text: str) -> tuple[str, str]:
    surname, _, given = field_text.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _sex(char: str) -> str:
    if char not in "MF<":
        raise AccessDataError("The sex in the MRZ must be M, F or <.", field="sex")
    return char


def _td1_document_number(line1: str) -> tuple[str, str]:
    """Document number and remaining optional data; TD1 long numbers (ICAO 9303-5 note j): a '<'
    check digit means the number continues in optional data, its last digit being the check."""
    number, digit, optional = line1[5:14], line1[14], line1[15:30]
    if digit != "<":
        return _checked(number, digit, "document_number", "document number").rstrip("<"), optional
    tail = optional.split("<", 1)[0]
    if not tail:
        raise AccessDataError("The document number's check digit is missing.",
                              field="document_number")
    full = number + tail[:-1]
    _checked(full, tail[-1], "document_number", "document number")
    return full.rstrip("<"), optional[len(tail):]


def _parse_td1(lines: list[str]) -> MrzRecord:
    line1, line2, line3 = lines
    number, optional = _td1_document_number(line1)
    birth = _checked(line2[0:6], line2[6], "birth_date", "birth date")
    expiry = _checked(line2[8:14], line2[14], "expiry_date", "expiry date")
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    _checked(composite, line2[29], "composite", "whole MRZ (composite check)")
    surname, given = _name(line3)
    return MrzRecord("TD1", line1[0:2].rstrip("<"), line1[2:5].rstrip("<"), number,
                     (optional + line2[18:29]).strip("<"),
                     birth, _date(birth, "birth_date", "birth date", future=False), _sex(line2[7]),
                     expiry, _date(expiry, "expiry_date", "expiry date", future=True),
                     line2[15:18].rstrip("<"), surname, given, "\n".join(lines))


def _parse_td3(lines: list[str]) -> MrzRecord:
    line1, line2 = lines
    number = _checked(line2[0:9], line2[9], "document_number", "document number")
    birth = _checked(line2[13:19], line2[19], "birth_date", "birth date")
    expiry = _checked(line2[21:27], line2[27], "expiry_date", "expiry date")
    personal = line2[28:42]
    if not (personal.strip("<") == "" and line2[42] == "<"):
        _checked(personal, line2[42], "optional_data", "personal number")
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    _checked(composite, line2[43], "composite", "whole MRZ (composite check)")
    surname, given = _name(line1[5:44])
    return MrzRecord("TD3", line1[0:2].rstrip("<"), line1[2:5].rstrip("<"), number.rstrip("<"),
                     personal.strip("<"),
                     birth, _date(birth, "birth_date", "birth date", future=False), _sex(line2[20]),
                     expiry, _date(expiry, "expiry_date", "expiry date", future=True),
                     line2[10:13].rstrip("<"), surname, given, "\n".join(lines))


def parse_mrz(text: str) -> MrzRecord:
    """Parse TD1 or TD3 MRZ text (any line breaks or spacing, any case); AccessDataError naming
    the field whose check digit or format is wrong."""
    lines = _lines(text)
    bad = next((line for line in lines if not _MRZ_CHARS.match(line)), None)
    if bad is not None:
        raise AccessDataError("The MRZ may only hold letters A-Z, digits and '<'.", field="mrz")
    return _parse_td1(lines) if len(lines) == 3 else _parse_td3(lines)


def mrz_name(text: str) -> str:
    """A name as the MRZ writes it: no diacritics (Đ → D), upper case, spaces as '<'."""
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).upper()
    return re.sub(r"[^A-Z]+", "<", plain).strip("<")


def cccd_optional_data(id_number: str) -> str:
    """TD1 line 1 positions 16-30 on a CCCD: the 12-digit ID number, `<<`, and the check digit of
    the ID number (reference cccd-chip.md §2.1)."""
    if not re.fullmatch(r"[0-9]{12}", id_number):
        raise ValueError("a CCCD ID number is 12 digits")
    return id_number + "<<" + check_digit(id_number)


def format_td1(*, document_number: str, birth_date: date, sex: str, expiry_date: date | None,
               surname: str, given_names: str, optional_data: str = "",
               issuing_state: str = "VNM", nationality: str = "VNM",
               document_type: str = "ID") -> str:
    """A TD1 MRZ (3 lines of 30, joined by newlines) with all check digits; names may carry
    diacritics (they are transliterated). Document numbers up to 9 characters. `expiry_date`
    None: a card with no expiry, written `991231` (reference §2.4)."""
    number = document_number.upper().ljust(9, "<")
    if len(number) > 9 or len(optional_data) > 15:
        raise ValueError("document number over 9 or optional data over 15 characters")
    line1 = (document_type.ljust(2, "<") + issuing_state + number + check_digit(number)
             + optional_data.upper().ljust(15, "<"))
    birth = birth_date.strftime("%y%m%d")
    expiry = NO_EXPIRY_YYMMDD if expiry_date is None else expiry_date.strftime("%y%m%d")
    line2 = (birth + check_digit(birth) + {"M": "M", "F": "F"}.get(sex, "<") + expiry
             + check_digit(expiry) + nationality + "<" * 11)
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    name = (mrz_name(surname) + "<<" + mrz_name(given_names))[:30].ljust(30, "<")
    return "\n".join((line1, line2, name))
