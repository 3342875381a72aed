"""Checks a lookup reply against the question asked and against today: a reply about another
person (name, birth date or card number not the ones asked) is never taken for this patient,
and a card whose validity, by the reply's own dates, has ended (or not begun) is never eligible,
whatever the result code says. Returns this terminal's own codes (codes.LOCAL_CODES).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from terminal.eligibility import normalise
from terminal.eligibility.errors import QueryError
from terminal.eligibility.records import CardFacts, EligibilityQuery, EligibilityStatus

NAME_NOT_ASKED, BIRTH_NOT_ASKED, CARD_NOT_ASKED = "T60", "T70", "T51"
VALIDITY_ENDED, NOT_VALID_YET = "T10", "T11"
_ELIGIBLE = (EligibilityStatus.ELIGIBLE, EligibilityStatus.ELIGIBLE_WITH_NOTE)
#: Result codes whose reply is about a card that was replaced: the new card counts too.
_REPLACED = ("003", "004")


@dataclass(frozen=True)
class Contradiction:
    """The local code that replaces the gateway's, and why (for developers: no personal data)."""

    code: str
    detail: str


def check_reply(code: str, status: EligibilityStatus, facts: CardFacts, query: EligibilityQuery,
                today: date) -> Contradiction | None:
    """None when the reply answers the question and, if it says eligible, the card is valid
    today; else the contradiction found first (who it is about before when it is valid)."""
    found = _about_someone_else(facts, query)
    if found is None and status in _ELIGIBLE:
        found = _not_valid_today(code, facts, today)
    return found


def _about_someone_else(facts: CardFacts, query: EligibilityQuery) -> Contradiction | None:
    if facts.full_name is not None and not _same_name(facts.full_name, query.full_name):
        return Contradiction(NAME_NOT_ASKED, "reply name differs from the name asked")
    if facts.birth_text is not None and not _same_birth(facts.birth_text, query.birth_date):
        return Contradiction(BIRTH_NOT_ASKED, "reply birth date differs from the one asked")
    if query.card_number and facts.card_number is not None:
        known = {facts.card_number, facts.old_card_number,
                 facts.new_card.card_number if facts.new_card else None}
        if query.card_number[:15] not in known:  # a 17-character code: its card code
            return Contradiction(CARD_NOT_ASKED, "reply card number differs from the one asked")
    return None


def _same_name(replied: str, asked: str) -> bool:
    """The same name once both are canonical (case, composition, spacing, look-alike letters);
    a reply name that cannot be made canonical is not the one asked."""
    try:
        return normalise.normalise_name(replied).casefold() == asked.casefold()
    except QueryError:
        return False


def _same_birth(replied: str, asked: date | int) -> bool:
    """The same birth date; a year alone on either side compares the years. A reply date that
    cannot be read says nothing either way (it is a dropped fact, not another person)."""
    try:
        birth = normalise.parse_birth_date(replied)
    except QueryError:
        return True
    if isinstance(birth, int) or isinstance(asked, int):
        return _year(birth) == _year(asked)
    return birth == asked


def _year(value: date | int) -> int:
    return value if isinstance(value, int) else value.year


def _not_valid_today(code: str, facts: CardFacts, today: date) -> Contradiction | None:
    """By the reply's dates, no card of it (the new one too, for a replaced card) covers today."""
    spans = [(facts.valid_from, facts.valid_to)]
    if code in _REPLACED and facts.new_card is not None:
        spans.append((facts.new_card.valid_from, facts.new_card.valid_to))
    if code == "003" and facts.new_card is not None:  # the old card has ended, by definition
        spans = spans[1:]
    known = [(start, end) for start, end in spans if start is not None or end is not None]
    if not known:
        return None  # no dates given: the code is all there is to go on
    if any((start is None or start <= today) and (end is None or today <= end)
           for start, end in known):
        return None
    if all(start is not None and today < start for start, _end in known):
        return Contradiction(NOT_VALID_YET, "card valid only from a later date")
    return Contradiction(VALIDITY_ENDED, "card validity ended before today")
