"""The access key typed by a receptionist from what is printed on the CCCD: the 12-digit ID
number and the birth and expiry dates as printed (dd/mm/yyyy)."""

from __future__ import annotations

import re
from datetime import date

from drivers.idcard.access_key import AccessKey, access_key_from_cccd
from drivers.idcard.errors import AccessDataError

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


def typed_access_key(id_number: str, birth_date: str, expiry_date: str) -> AccessKey:
    """The key that opens the chip, from the three fields the receptionist typed."""
    return access_key_from_cccd(id_number, parse_printed_date(birth_date, "birth_date"),
                                parse_printed_date(expiry_date, "expiry_date"))
