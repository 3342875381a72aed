"""The access key typed by a receptionist from what is printed on the CCCD: the 12-digit ID
number and the birth and expiry dates as printed (dd/mm/yyyy; the expiry may be "Không thời hạn");
or the ID number (or its last 6 digits, the CAN) alone, which opens a chip with PACE (reference
cccd-chip.md §3.1)."""

from __future__ import annotations

import re
from datetime import date

from drivers.idcard.access_key import (AccessKey, access_key_from_can, access_key_from_cccd,
                                       can_of_id_number)
from drivers.idcard.errors import AccessDataError
from drivers.idcard.renewal import means_no_expiry

#: What ui/ takes from here: the key, and the error that names the field typed wrong.
__all__ = ["AccessDataError", "AccessKey", "parse_printed_date", "typed_access_key"]

_PRINTED_DATE = re.compile(r"^\s*([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})\s*$")


def parse_printed_date(text: str, field: str) -> date:
    """`25/03/1990` (also with `.`, `-` or spaces between) → date; AccessDataError naming the
    field otherwise."""
    match = _PRINTED_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise AccessDataError(f"The {field.replace('_', ' ')} must be a date as printed on the card, "
                          f"like 25/03/1990.", field=field)


def typed_access_key(id_number: str, birth_date: str = "", expiry_date: str = "") -> AccessKey:
    """The key that opens the chip, from the fields the receptionist typed. Both dates empty: the
    12-digit ID number (or the 6-digit CAN) alone, for PACE-CAN; otherwise all three. An expiry of
    "Không thời hạn" (with or without diacritics, or "no expiry") is a lifetime card: the chip
    takes 991231 (reference cccd-chip.md §2.4)."""
    if not birth_date.strip() and not expiry_date.strip():
        digits = re.sub(r"[\s.\-]", "", id_number)
        if len(digits) == 6:
            return access_key_from_can(digits)
        return access_key_from_can(can_of_id_number(digits))
    expiry = None if means_no_expiry(expiry_date) else parse_printed_date(expiry_date, "expiry_date")
    return access_key_from_cccd(id_number, parse_printed_date(birth_date, "birth_date"), expiry)
