"""The eligibility seam over terminal/eligibility: the chip's identity in, the check-in's
EligibilityOutcome out (a query the gateway cannot take is an input error, never a crash); and
the sender's deferred lookup for check-ins that went through while the gateway was down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Protocol

from terminal.checkin.outbox_sink import eligibility_of
from terminal.checkin.records import EligibilityOutcome, EligibilityStatus, PatientIdentity
from terminal.delivery import checkin_payload as wire
from terminal.eligibility.errors import QueryError
from terminal.eligibility.records import EligibilityQuery, EligibilityResult

log = logging.getLogger(__name__)

#: Told the answer of a deferred lookup: check-in id, outcome (the console updates its record).
Answered = Callable[[str, EligibilityOutcome], None]

#: Answers that say nothing about the card yet: asked again later, as for an unreachable gateway.
_ASK_AGAIN = (EligibilityStatus.PENDING, EligibilityStatus.GATEWAY_ERROR)


class EligibilityService(Protocol):
    def lookup(self, query: EligibilityQuery) -> EligibilityResult: ...


def outcome_of(result: EligibilityResult) -> EligibilityOutcome:
    facts = result.facts
    return EligibilityOutcome(
        status=EligibilityStatus(result.status.value), message=result.message_en,
        result_code=result.code, message_vi=result.message_vi, next_step=result.next_step_en,
        next_step_vi=result.next_step_vi, route_ok=result.route_ok,
        card_number=facts.card_number or "",
        valid_to=facts.valid_to.strftime("%d/%m/%Y") if facts.valid_to else "",
        facility_code=facts.registered_facility or "", checked_at=result.looked_up_at.astimezone())


class GatewayEligibility:
    """Looks the patient up by the ID number, name and birth date read from the chip."""

    def __init__(self, service: EligibilityService) -> None:
        self.service = service

    def lookup(self, identity: PatientIdentity) -> EligibilityOutcome:
        return self.ask(identity.id_number, identity.full_name, identity.birth_date)

    def ask(self, id_number: str, full_name: str, birth_date: str | date) -> EligibilityOutcome:
        """The outcome for these facts (birth date as on the card or ISO)."""
        try:
            query = EligibilityQuery(full_name=full_name, birth_date=birth_date,
                                     id_number=id_number)
        except QueryError as exc:
            return EligibilityOutcome(EligibilityStatus.INPUT_ERROR, exc.message)
        return outcome_of(self.service.lookup(query))


class DeferredLookup:
    """The sender's lookup (terminal/delivery/eligibility_retry.py) for an `eligibility_lookup`
    item: asks the gateway again; while it still cannot answer, the item stays queued (status
    "pending"); an answer goes to the HIS as an update and to `answered` for the console."""

    def __init__(self, gateway: GatewayEligibility, answered: Answered | None = None) -> None:
        self.gateway = gateway
        self.answered = answered  # set by the assembly once the console exists

    def __call__(self, query: wire.EligibilityQuery) -> wire.EligibilityRecord:
        outcome = self.gateway.ask(query.id_number, query.full_name, query.birth_date)
        if outcome.status in _ASK_AGAIN:
            return wire.EligibilityRecord("pending", "", outcome.message, "")
        if self.answered is not None:
            try:
                self.answered(query.checkin_id, outcome)
            except Exception:  # the console's record is a convenience; the HIS update must go
                log.exception("deferred eligibility answer not applied to the console's record")
        return eligibility_of(outcome)
