"""The eligibility seam over terminal/eligibility: the chip's identity in, the check-in's
EligibilityOutcome out (a query the gateway cannot take is an input error, never a crash; a
replaced card looked up again by its new code); and what a lookup that was late or broke comes
to (pending: the queue looks the card up later)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime

from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.errors import failure_of
from terminal.checkin.records import (
    Device,
    EligibilityOutcome,
    EligibilityStatus,
    Health,
    PatientIdentity,
    Step,
)
from terminal.eligibility.codes import CardState, card_state_of, meaning_of
from terminal.eligibility.errors import QueryError
from terminal.eligibility.records import (AskGateway, EligibilityQuery, EligibilityResult,
                                          GatewayExchange)

log = logging.getLogger(__name__)


def evidence_of(result: EligibilityResult) -> tuple[GatewayExchange, ...]:
    """The gateway calls behind a result, raw as the client kept them; a client that kept none
    still leaves the outcome and its time (a failure's detail, or the code answered)."""
    if result.evidence:
        return result.evidence
    failure = (result.error_detail or result.status.value) if result.status.awaits_verdict else ""
    return (GatewayExchange("lookup", result.looked_up_at, None,
                            "" if failure else f"maKetQua={result.code}", failure),)


def eligibility_outcome(result: EligibilityResult, replaced_card: str = "",
                        evidence: tuple[GatewayExchange, ...] = ()) -> EligibilityOutcome:
    """The check-in's view of a result; `replaced_card` (the old code) when the card was
    replaced and its new code is the one used (a result that still names the new card as its
    replacement is shown under that code); `evidence` when more calls than the result's own
    stand behind it."""
    facts = result.facts
    return EligibilityOutcome(
        status=result.status, message=result.message_en,
        result_code=result.code, message_vi=result.message_vi, next_step=result.next_step_en,
        next_step_vi=result.next_step_vi, route_ok=result.route_ok,
        card_number=(new_code_of(result) if replaced_card and new_code_of(result)
                     else facts.card_number or ""),
        valid_to=facts.valid_to,
        facility_code=facts.registered_facility or "", checked_at=result.looked_up_at.astimezone(),
        five_years_from=facts.five_years_from, copay=result.copay, replaced_card=replaced_card,
        evidence=evidence or evidence_of(result))


def new_code_of(result: EligibilityResult) -> str:
    """The new card's code to look up again when the card was replaced (003/004), else ""."""
    new = result.facts.new_card
    if not meaning_of(result.code).note.new_card or new is None or not new.card_number:
        return ""
    return "" if new.card_number == result.facts.card_number else new.card_number


class GatewayEligibility:
    """Looks the patient up by the ID number, name and birth date read from the chip."""

    def __init__(self, lookup: AskGateway) -> None:
        self._lookup = lookup

    def lookup(self, identity: PatientIdentity, force_fresh: bool = False) -> EligibilityOutcome:
        """`force_fresh`: ask the gateway even if it answered for this person minutes ago."""
        try:
            query = EligibilityQuery(full_name=identity.full_name, birth_date=identity.birth_date,
                                     id_number=identity.id_number)
        except QueryError as exc:
            return EligibilityOutcome(EligibilityStatus.INPUT_ERROR, exc.message)
        result = self._ask(query, force_fresh)
        new_code = new_code_of(result)
        if not new_code:
            return eligibility_outcome(result)
        # The card was replaced: the new code is the one used, and looked up itself (its own
        # validity and registered facility decide the visit).
        try:
            again = self._ask(EligibilityQuery(full_name=identity.full_name,
                                               birth_date=identity.birth_date,
                                               card_number=new_code), force_fresh)
        except QueryError:
            return eligibility_outcome(result)
        both = evidence_of(result) + evidence_of(again)
        if again.status.awaits_verdict or card_state_of(again.status, again.code) in (
                CardState.NOT_FOUND, CardState.DETAILS_WRONG, CardState.DOUBTFUL):
            # no word on the new card itself (not on file yet, or no answer): the first answer,
            # which says a usable card was issued, stands, and the new code is the one used
            return eligibility_outcome(result, result.facts.card_number or "", both)
        return eligibility_outcome(again, result.facts.card_number or "", both)

    def _ask(self, query: EligibilityQuery, force_fresh: bool) -> EligibilityResult:
        return self._lookup(query, force_fresh=True) if force_fresh else self._lookup(query)


def lookup_ended(future: Future[EligibilityOutcome] | None, board: DeviceBoard,
                 clock: Callable[[], datetime]) -> EligibilityOutcome:
    """What a check-in's lookup came to: its answer, or pending when it was late (`future`
    None) or broke; the gateway's health noted on the board either way."""
    if future is None:
        message = "The insurance gateway did not answer in time: the card is looked up later."
        board.error(Device.GATEWAY, message, Health.DEGRADED, code="timeout")
        return EligibilityOutcome(EligibilityStatus.PENDING, message, checked_at=clock())
    try:
        outcome = future.result()
    except Exception as exc:  # noqa: BLE001 - a lookup that broke is a lookup to do later
        log.error("eligibility lookup failed: %s", failure_of(Step.ELIGIBILITY, exc)[1].detail)
        outcome = EligibilityOutcome(EligibilityStatus.PENDING,
                                     "The insurance lookup failed: it is tried again later.",
                                     checked_at=clock())
    if outcome.status.awaits_verdict:
        board.error(Device.GATEWAY, outcome.message or outcome.status.value,
                    code=outcome.status.value)
    else:
        board.ok(Device.GATEWAY, "Gateway answered.")
    return outcome
