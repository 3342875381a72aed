"""The eligibility seam over terminal/eligibility: the chip's identity in, the check-in's
EligibilityOutcome out (a query the gateway cannot take is an input error, never a crash; a
replaced card looked up again by its new code, terminal/eligibility/replacement.py); and what a
lookup that was late or broke comes to (pending: the queue looks the card up later)."""

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
from terminal.eligibility.errors import QueryError
from terminal.eligibility.records import AskGateway, EligibilityQuery
from terminal.eligibility.replacement import CardAnswer, evidence_of, look_up

log = logging.getLogger(__name__)


def eligibility_outcome(answer: CardAnswer) -> EligibilityOutcome:
    """The check-in's view of the gateway's answer (terminal/eligibility/replacement.py): for a
    replaced card, the new code is the card number and the old one `replaced_card`."""
    result = answer.result
    facts = result.facts
    return EligibilityOutcome(
        status=result.status, message=result.message_en,
        result_code=result.code, message_vi=result.message_vi, next_step=result.next_step_en,
        next_step_vi=result.next_step_vi, route_ok=result.route_ok,
        card_number=answer.card_number, valid_to=facts.valid_to,
        facility_code=facts.registered_facility or "", checked_at=result.looked_up_at.astimezone(),
        five_years_from=facts.five_years_from, copay=result.copay,
        replaced_card=answer.replaced_card, evidence=answer.evidence or evidence_of(result))


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
        return eligibility_outcome(look_up(self._lookup, query, force_fresh))


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
