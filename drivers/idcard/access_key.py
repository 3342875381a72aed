"""The access key that opens a chip: MRZ data (document number, birth and expiry dates, for BAC and
PACE-MRZ, ICAO 9303-11) and/or the card access number (CAN, for PACE-CAN; on a CCCD the last 6
digits of the ID number, reference cccd-chip.md §3.1); built from typed fields, a CCCD's printed
data, its QR, its MRZ or six typed digits."""

from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass, field
from datetime import date

from drivers.idcard.errors import AccessDataError
from drivers.idcard.mrz import NO_EXPIRY_YYMMDD, check_digit, parse_mrz
from drivers.idcard.renewal import means_no_expiry

_YYMMDD = re.compile(r"^[0-9]{6}$")
_DOC = re.compile(r"^[0-9A-Z<]{1,9}$")
_CAN = re.compile(r"^[0-9]{6}$")


def _valid_yymmdd(text: str) -> bool:
    if not _YYMMDD.match(text):
        return False
    month, day = int(text[2:4]), int(text[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


@dataclass(frozen=True)
class AccessKey:
    """What opens a chip. MRZ data: document number (up to 9 characters), birth and expiry dates
    as YYMMDD (all three or none; `991231` for a card with no expiry); `can`: the 6-digit card
    access number ("" when unknown). At least one of the two. A CCCD's printed data gives both;
    six typed digits give the CAN only. `fallbacks`: keys to try, in order, when the chip refuses
    this one (e.g. other expiries the renewal rule allows for a key derived from the QR)."""

    # repr=False: the chip's key (and who it belongs to) never in a log or traceback.
    document_number: str = field(default="", repr=False)
    birth_date: str = field(default="", repr=False)
    expiry_date: str = ""
    can: str = field(default="", repr=False)
    fallbacks: tuple[AccessKey, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.can and not _CAN.match(self.can):
            raise AccessDataError("The card number (CAN) must be 6 digits.", field="can")
        if not (self.document_number or self.birth_date or self.expiry_date):
            if not self.can:
                raise AccessDataError("Enter the card's details or its 6-digit number.", field="can")
            return
        if not _DOC.match(self.document_number):
            raise AccessDataError("The document number must be 1 to 9 letters or digits.",
                                  field="document_number")
        if not _valid_yymmdd(self.birth_date):
            raise AccessDataError("The birth date must be a valid date (YYMMDD).", field="birth_date")
        if not _valid_yymmdd(self.expiry_date):
            raise AccessDataError("The expiry date must be a valid date (YYMMDD).",
                                  field="expiry_date")

    @property
    def no_expiry(self) -> bool:
        """True for a card with no expiry (MRZ expiry `991231`)."""
        return self.expiry_date == NO_EXPIRY_YYMMDD

    def candidates(self) -> tuple[AccessKey, ...]:
        """This key, then its fallbacks (each without fallbacks of its own)."""
        plain = AccessKey(self.document_number, self.birth_date, self.expiry_date, self.can)
        return (plain, *(AccessKey(k.document_number, k.birth_date, k.expiry_date, k.can)
                         for k in self.fallbacks))

    @property
    def has_mrz(self) -> bool:
        """True when the MRZ data (BAC, PACE-MRZ) is known."""
        return bool(self.document_number and self.birth_date and self.expiry_date)

    def mrz_information(self) -> str:
        """The key seed input: document number padded to 9 with '<' + check digit, birth date +
        check digit, expiry date + check digit (ICAO 9303-11, 9.7.2). AccessDataError when this
        key holds only a CAN."""
        if not self.has_mrz:
            raise AccessDataError("This card needs its details (ID number, birth date, expiry "
                                  "date): its 6-digit number is not enough.", field="expiry_date",
                                  detail="MRZ data needed (BAC or PACE-MRZ), only a CAN is known")
        doc = self.document_number.ljust(9, "<")
        return (doc + check_digit(doc) + self.birth_date + check_digit(self.birth_date)
                + self.expiry_date + check_digit(self.expiry_date))

    def without_can(self) -> AccessKey:
        """The same MRZ data without the CAN (to open a chip by MRZ only)."""
        return AccessKey(self.document_number, self.birth_date, self.expiry_date)


def can_of_id_number(id_number: str) -> str:
    """A CCCD's card access number: the last 6 digits of its 12-digit ID number (reference
    cccd-chip.md §3.1)."""
    digits = id_number.strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{12}", digits):
        raise AccessDataError("The ID number must be the 12 digits printed on the card.",
                              field="id_number")
    return digits[6:]


def access_key_from_can(can: str) -> AccessKey:
    """Six digits typed from the card (the last 6 of the ID number on a CCCD): opens a chip by
    PACE-CAN only."""
    digits = str(can).strip().replace(" ", "")
    if not _CAN.match(digits):
        raise AccessDataError("The card number must be exactly 6 digits.", field="can")
    return AccessKey(can=digits)


def _yymmdd(value: date | str | None, field: str) -> str:
    if value is None:  # only expiry dates: a card that does not expire
        return NO_EXPIRY_YYMMDD
    if isinstance(value, date):
        return value.strftime("%y%m%d")
    text = str(value).strip()
    if field == "expiry_date" and means_no_expiry(text):
        return NO_EXPIRY_YYMMDD
    if not _valid_yymmdd(text):
        raise AccessDataError(f"The {field.replace('_', ' ')} must be a valid date (YYMMDD).",
                              field=field)
    return text


def access_key_from_fields(document_number: str, birth_date: date | str,
                           expiry_date: date | str | None) -> AccessKey:
    """The three fields typed by a receptionist (dates as YYMMDD or `date`; expiry None: the card
    does not expire)."""
    doc = document_number.strip().upper().replace(" ", "")
    if birth_date is None:
        raise AccessDataError("The birth date must be a valid date (YYMMDD).", field="birth_date")
    return AccessKey(doc, _yymmdd(birth_date, "birth_date"), _yymmdd(expiry_date, "expiry_date"))


def access_key_from_cccd(id_number: str, birth_date: date | str,
                         expiry_date: date | str | None) -> AccessKey:
    """A CCCD's printed data: the 12-digit ID number (the chip's document number is its last 9
    digits, its CAN the last 6), birth date and expiry date (None: "Không thời hạn", the chip
    takes `991231`)."""
    digits = id_number.strip().replace(" ", "")
    can = can_of_id_number(digits)
    key = access_key_from_fields(digits[3:], birth_date, expiry_date)
    return dataclasses.replace(key, can=can)


def access_key_from_mrz(text: str) -> AccessKey:
    """The MRZ lines as typed or scanned (TD1 or TD3), every check digit verified first."""
    record = parse_mrz(text)
    if len(record.document_number) > 9:
        raise AccessDataError("Document numbers longer than 9 characters are not supported yet.",
                              field="document_number")
    # A CCCD's MRZ carries the whole ID number, hence the CAN (reference cccd-chip.md §2.1, §3.1).
    can = record.id_number[6:] if record.id_number and record.issuing_state == "VNM" else ""
    return AccessKey(record.document_number, record.birth_yymmdd, record.expiry_yymmdd, can)
