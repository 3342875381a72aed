"""When a CCCD expires: the renewal ages of the Law on Citizen Identification (2014, art. 21; kept
by the Law on Identification 2024, art. 21). One rule for the simulated cards and the QR reader.

A card must be renewed at 25, 40 and 60 (and, for cards issued from 1 July 2024, at 14); a card
issued within two years before one of these ages stays valid until the next one; after the last,
it does not expire.
"""

from __future__ import annotations

from datetime import date

from drivers.idcard.errors import AccessDataError

RENEWAL_AGES = (25, 40, 60)
#: The 2024 law adds a renewal at 14 for cards issued from its start.
CHILD_AGE, CHILD_AGE_FROM = 14, date(2024, 7, 1)
GRACE_YEARS = 2


def birthday(birth: date, age: int) -> date:
    """The date of the `age`-th birthday (29 February → 28 February in common years)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return birth.replace(year=birth.year + age, day=28)


def card_expiry(birth: date, issue: date) -> date | None:
    """The expiry of a card issued on `issue` to someone born on `birth`; None: it does not expire
    (issued at 58 or older). AccessDataError when the issue date precedes the birth date."""
    if issue < birth:
        raise AccessDataError("The card's issue date is before the birth date. Check them against "
                              "the card.", detail="issue date precedes birth date", field="issue_date")
    ages = ((CHILD_AGE,) if issue >= CHILD_AGE_FROM else ()) + RENEWAL_AGES
    for age in ages:
        if issue < birthday(birth, age - GRACE_YEARS):
            return birthday(birth, age)
    return None
