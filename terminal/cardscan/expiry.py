"""A CCCD's expiry date from its holder's birth date and its issue date, by the renewal ages of
the Law on Citizen Identification (2014, art. 21; kept by the Law on Identification 2024, art. 21).

A card must be renewed at 25, 40 and 60 (and, for cards issued from 1 July 2024, at 14); a card
issued within two years before one of these ages stays valid until the next one; after the last,
it does not expire.
"""

from __future__ import annotations

from datetime import date

from terminal.cardscan.errors import NoExpiryError

RENEWAL_AGES = (25, 40, 60)
#: The 2024 law adds a renewal at 14 for cards issued from its start.
CHILD_AGE, CHILD_AGE_FROM = 14, date(2024, 7, 1)
GRACE_YEARS = 2


def birthday(birth: date, age: int) -> date:
    """The day the holder turns `age` (a 29 February birth counts from 28 February)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return birth.replace(year=birth.year + age, day=28)


def expiry_date(birth: date, issued: date) -> date:
    """The expiry printed on the card; NoExpiryError when the card does not expire."""
    if issued < birth:
        raise NoExpiryError("The card's issue date is before the birth date: receptionist, please "
                            "type the card's details.", detail="issue date precedes birth date")
    ages = ((CHILD_AGE,) if issued >= CHILD_AGE_FROM else ()) + RENEWAL_AGES
    for age in ages:
        if issued < birthday(birth, age - GRACE_YEARS):
            return birthday(birth, age)
    raise NoExpiryError(detail=f"card issued at age {(issued - birth).days // 365}: no expiry")
