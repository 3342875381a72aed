"""A lookup that follows a replaced card (003/004) to its new code: the one rule the check-in's
lookup (terminal/checkin/eligibility_lookup.py) and the queue's deferred one
(terminal/delivery/eligibility_retry.py) both ask the gateway by."""

from __future__ import annotations

from dataclasses import dataclass

from terminal.eligibility.codes import CardState, card_state_of, meaning_of
from terminal.eligibility.errors import QueryError
from terminal.eligibility.records import (AskGateway, EligibilityQuery, EligibilityResult,
                                          GatewayExchange)


@dataclass(frozen=True)
class CardAnswer:
    """What the gateway said of a card, as the desk decides on it: the answer used (the new
    card's when the card was replaced and its own lookup gave a verdict, else the first), the
    old code when the card was replaced (its new code is then the one used), and every call
    behind it (both lookups' when looked up again)."""

    result: EligibilityResult
    replaced_card: str = ""
    evidence: tuple[GatewayExchange, ...] = ()

    @property
    def card_number(self) -> str:
        """The code the visit goes by: the new one for a replaced card."""
        new = new_code_of(self.result)
        return new if self.replaced_card and new else self.result.facts.card_number or ""

    @classmethod
    def of(cls, result: EligibilityResult) -> CardAnswer:
        """A single lookup's answer, with its own evidence."""
        return cls(result, "", evidence_of(result))


def evidence_of(result: EligibilityResult) -> tuple[GatewayExchange, ...]:
    """The gateway calls behind a result, raw as the client kept them; a client that kept none
    still leaves the outcome and its time (a failure's detail, or the code answered)."""
    if result.evidence:
        return result.evidence
    failure = (result.error_detail or result.status.value) if result.status.awaits_verdict else ""
    return (GatewayExchange("lookup", result.looked_up_at, None,
                            "" if failure else f"maKetQua={result.code}", failure),)


def new_code_of(result: EligibilityResult) -> str:
    """The new card's code to look up again when the card was replaced (003/004), else ""."""
    new = result.facts.new_card
    if not meaning_of(result.code).note.new_card or new is None or not new.card_number:
        return ""
    return "" if new.card_number == result.facts.card_number else new.card_number


def look_up(ask: AskGateway, query: EligibilityQuery, force_fresh: bool = False) -> CardAnswer:
    """Asks the gateway for `query`; a card it says was replaced is looked up again by its new
    code with the same name and birth date (the new card's own validity and registered facility
    decide the visit). `force_fresh`: staff asked for a new answer, never a kept one."""

    def asked(q: EligibilityQuery) -> EligibilityResult:
        return ask(q, force_fresh=True) if force_fresh else ask(q)

    result = asked(query)
    new_code = new_code_of(result)
    if not new_code:
        return CardAnswer.of(result)
    try:
        again = asked(EligibilityQuery(full_name=query.full_name, birth_date=query.birth_date,
                                       card_number=new_code))
    except QueryError:  # a new code the gateway cannot be asked by: the first answer, as is
        return CardAnswer.of(result)
    old = result.facts.card_number or ""
    both = evidence_of(result) + evidence_of(again)
    if again.status.awaits_verdict or card_state_of(again.status, again.code) in (
            CardState.NOT_FOUND, CardState.DETAILS_WRONG, CardState.DOUBTFUL):
        # no word on the new card itself (not on file yet, or no answer): the first answer,
        # which says a usable card was issued, stands, and the new code is the one used
        return CardAnswer(result, old, both)
    return CardAnswer(again, old, both)
