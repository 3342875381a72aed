"""When a CCCD expires: the renewal ages of the Law on Citizen Identification (25th, 40th and 60th
birthdays; a card issued within two years before one of them runs to the next; none after 58)."""

from __future__ import annotations

from datetime import date

RENEWAL_AGES = (25, 40, 60)
_GRACE_YEARS = 2


def birthday(birth: date, age: int) -> date:
    """The date of the `age`-th birthday (29 February → 28 February in common years)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return birth.replace(year=birth.year + age, day=28)


def card_expiry(birth: date, issue: date) -> date | None:
    """The expiry of a card issued on `issue` to someone born on `birth`; None: no expiry."""
    for age in RENEWAL_AGES:
        if issue < birthday(birth, age - _GRACE_YEARS):
            return birthday(birth, age)
    return None
