"""The eligibility seam over terminal/eligibility: the chip's identity in, the check-in's
EligibilityOutcome out (a query the gateway cannot take is an input error, never a crash)."""

from __future__ import annotations

from collections.abc import Callable

from terminal.checkin.records import EligibilityOutcome, EligibilityStatus, PatientIdentity
from terminal.eligibility.errors import QueryError
from terminal.eligibility.records import EligibilityQuery, EligibilityResult


def outcome_of(result: EligibilityResult) -> EligibilityOutcome:
    facts = result.facts
    return EligibilityOutcome(
        status=EligibilityStatus(result.status.value), message=result.message_en,
        result_code=result.code, message_vi=result.message_vi, next_step=result.next_step_en,
        next_step_vi=result.next_step_vi, route_ok=result.route_ok,
        card_number=facts.card_number or "",
        valid_to=facts.valid_to,
        facility_code=facts.registered_facility or "", checked_at=result.looked_up_at.astimezone())


class GatewayEligibility:
    """Looks the patient up by the ID number, name and birth date read from the chip."""

    def __init__(self, lookup: Callable[[EligibilityQuery], EligibilityResult]) -> None:
        self._lookup = lookup

    def lookup(self, identity: PatientIdentity) -> EligibilityOutcome:
        try:
            query = EligibilityQuery(full_name=identity.full_name, birth_date=identity.birth_date,
                                     id_number=identity.id_number)
        except QueryError as exc:
            return EligibilityOutcome(EligibilityStatus.INPUT_ERROR, exc.message)
        return outcome_of(self._lookup(query))
