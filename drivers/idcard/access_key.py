"""The access key that opens a chip (ICAO 9303-11 BAC/PACE with MRZ data): document number,
birth date and expiry date, with their check digits; built from typed fields or a CCCD's printed data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard.errors import AccessDataError
from drivers.idcard.mrz import check_digit, parse_mrz

_YYMMDD = re.compile(r"^[0-9]{6}$")
_DOC = re.compile(r"^[0-9A-Z<]{1,9}$")


def _valid_yymmdd(text: str) -> bool:
    if not _YYMMDD.match(text):
        return False
    month, day = int(text[2:4]), int(text[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


@dataclass(frozen=True)
class AccessKey:
    """MRZ data for BAC: document number (up to 9 characters), birth and expiry dates as YYMMDD."""

    # repr=False: the chip's key (and who it belongs to) never in a log or traceback.
    document_number: str = field(repr=False)
    birth_date: str = field(repr=False)
    expiry_date: str

    def __post_init__(self) -> None:
        if not _DOC.match(self.document_number):
            raise AccessDataError("The document number must be 1 to 9 letters or digits.",
                                  field="document_number")
        if not _valid_yymmdd(self.birth_date):
            raise AccessDataError("The birth date must be a valid date (YYMMDD).", field="birth_date")
        if not _valid_yymmdd(self.expiry_date):
            raise AccessDataError("The expiry date must be a valid date (YYMMDD).",
                                  field="expiry_date")

    def mrz_information(self) -> str:
        """The key seed input: document number padded to 9 with '<' + check digit, birth date +
        check digit, expiry date + check digit (ICAO 9303-11, 9.7.2)."""
        doc = self.document_number.ljust(9, "<")
        return (doc + check_digit(doc) + self.birth_date + check_digit(self.birth_date)
                + self.expiry_date + check_digit(self.expiry_date))


def _yymmdd(value: date | str, field: str) -> str:
    if isinstance(value, date):
        return value.strftime("%y%m%d")
    text = str(value).strip()
    if not _valid_yymmdd(text):
        raise AccessDataError(f"The {field.replace('_', ' ')} must be a valid date (YYMMDD).",
                              field=field)
    return text


def access_key_from_fields(document_number: str, birth_date: date | str,
                           expiry_date: date | str) -> AccessKey:
    """The three fields typed by a receptionist (dates as YYMMDD or `date`)."""
    doc = document_number.strip().upper().replace(" ", "")
    return AccessKey(doc, _yymmdd(birth_date, "birth_date"), _yymmdd(expiry_date, "expiry_date"))


def access_key_from_cccd(id_number: str, birth_date: date | str,
                         expiry_date: date | str) -> AccessKey:
    """A CCCD's printed data: the 12-digit ID number (the chip's document number is its last 9
    digits), birth date and expiry date."""
    digits = id_number.strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{12}", digits):
        raise AccessDataError("The ID number must be the 12 digits printed on the card.",
                              field="id_number")
    return access_key_from_fields(digits[3:], birth_date, expiry_date)


def access_key_from_mrz(text: str) -> AccessKey:
    """The MRZ lines as typed or scanned (TD1 or TD3), every check digit verified first."""
    record = parse_mrz(text)
    if len(record.document_number) > 9:
        raise AccessDataError("Document numbers longer than 9 characters are not supported yet.",
                              field="document_number")
    return AccessKey(record.document_number, record.birth_yymmdd, record.expiry_yymmdd)
