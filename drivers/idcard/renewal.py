"""When a CCCD expires: the renewal ages of the Law on Citizen Identification (2014, art. 21; kept
by the Law on Identification 2024, art. 21). One rule for the simulated cards and the QR reader.

A card must be renewed at 25, 40 and 60 (and, for cards issued from 1 July 2024, at 14); a card
issued within two years before one of these ages stays valid until the next one; after the last,
it does not expire (a lifetime card: `991231` in the MRZ and the chip key, reference cccd-chip.md
§2.4). Where the rule's boundary is uncertain (§6.1), `expiry_candidates` lists what to try.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from drivers.idcard.errors import AccessDataError

RENEWAL_AGES = (25, 40, 60)
#: The 2024 law adds a renewal at 14 for cards issued from its start.
CHILD_AGE, CHILD_AGE_FROM = 14, date(2024, 7, 1)
GRACE_YEARS = 2
#: How a card with no expiry says so, on its face and in DG13 field 12.
NO_EXPIRY_TEXT = "Không thời hạn"
#: "No expiry" as a receptionist may type it or a card may write it (compared without diacritics).
_NO_EXPIRY_FORMS = frozenset({"khong thoi han", "vo thoi han", "no expiry", "none", "never",
                              "lifetime", "khong co thoi han"})


def means_no_expiry(text: str) -> bool:
    """True when `text` says "no expiry" ("Không thời hạn", "khong thoi han", "no expiry", "none"),
    in any case, with or without diacritics."""
    if not isinstance(text, str) or len(text) > 40:
        return False
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\s_\-.]+", " ", plain).strip() in _NO_EXPIRY_FORMS


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


def expiry_candidates(birth: date, issue: date) -> tuple[date | None, ...]:
    """The expiries a chip may carry, most likely first: the rule's (`card_expiry`), then the
    neighbouring renewal ages, then no expiry (None: MRZ `991231`). Whether the two-year rule's
    boundary is inclusive and which law applied are not published (reference §6.1), so a reader
    refused with the first tries these before asking a person."""
    derived = card_expiry(birth, issue)
    ladder: list[date | None] = [birthday(birth, age) for age in (CHILD_AGE, *RENEWAL_AGES)
                                 if birthday(birth, age) > issue]
    ladder.append(None)
    at = ladder.index(derived)
    candidates = [derived, *(ladder[i] for i in (at + 1, at - 1) if 0 <= i < len(ladder)), None]
    return tuple(dict.fromkeys(candidates))
