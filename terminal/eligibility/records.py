"""Typed records that cross the eligibility seam: the query the desk asks, the result it gets.

A query normalises itself on construction (QueryError when it cannot be sent). A result always
exists, even when the gateway could not be asked (status PENDING); it carries the co-pay standing
when asked for, and every exchange with the gateway as evidence; its `to_json_dict()` is what
`checkin eligibility --json` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Protocol

from terminal.eligibility import normalise
from terminal.eligibility.errors import QueryError
from terminal.privacy import mask_id, mask_name


class EligibilityStatus(StrEnum):
    """What the desk does with the card: the class of the gateway's result code (reference:
    hi-gateway.md §4), the same for the gateway client, a check-in and the HIS."""

    ELIGIBLE = "eligible"
    ELIGIBLE_WITH_NOTE = "eligible_with_note"  # usable, but staff must check papers / new card
    NOT_ELIGIBLE = "not_eligible"
    INPUT_ERROR = "input_error"                # name, birth date or number did not match
    AUTH_ERROR = "auth_error"                  # the clinic's gateway account failed
    GATEWAY_ERROR = "gateway_error"            # the gateway answered with a server error
    #: The gateway could not be asked or its reply not be read: check in now, look up later.
    PENDING = "pending"
    #: A result code this client does not know: shown as such, never taken as eligible.
    UNKNOWN = "unknown"
    #: No lookup ran (a check-in that ended before); never an answer of the gateway.
    NOT_CHECKED = "not_checked"

    @property
    def is_usable(self) -> bool:
        """The HI card can be used for this visit."""
        return self in (EligibilityStatus.ELIGIBLE, EligibilityStatus.ELIGIBLE_WITH_NOTE)

    @property
    def awaits_verdict(self) -> bool:
        """The gateway gave no verdict on the card yet: unreachable, failing, or our own account
        refused (a config fault IT fixes, never an answer about the card). The check-in goes on
        and the card is looked up again later, by the queue or at the console."""
        return self in (EligibilityStatus.PENDING, EligibilityStatus.GATEWAY_ERROR,
                        EligibilityStatus.AUTH_ERROR)


class DischargeStatus(IntEnum):
    DISCHARGED = 1
    TRANSFERRED = 2
    ABSCONDED = 3
    LEFT_ON_REQUEST = 4


class TreatmentResult(IntEnum):
    CURED = 1
    IMPROVED = 2
    UNCHANGED = 3
    WORSE = 4
    DIED = 5


class AdmissionReason(IntEnum):
    CORRECT_ROUTE = 1
    EMERGENCY = 2
    WRONG_ROUTE = 3
    INTER_ROUTE = 4


class NumberKind(StrEnum):
    """What the number in `maThe` is (reference §6: 10, 12, 15 or 17 characters)."""

    SOCIAL_INSURANCE = "social_insurance"  # maSoBHXH, 10 digits
    PERSONAL_ID = "personal_id"            # the chip ID card's 12-digit number
    HI_CARD = "hi_card"                    # the HI card code, 15 characters (or 17, see normalise)


@dataclass(frozen=True)
class EligibilityQuery:
    """Who to look up: the ID number from the chip, the HI card number or the social-insurance
    number (exactly one), with the name and birth date as the chip gives them. Staff fields left
    empty are filled from the config."""

    full_name: str
    birth_date: date | int
    id_number: str = ""
    card_number: str = ""
    staff_name: str = ""
    staff_id: str = ""
    social_insurance_number: str = ""

    def __post_init__(self) -> None:
        given = [n for n in (self.id_number, self.card_number, self.social_insurance_number) if n]
        if len(given) != 1:
            raise QueryError("Give one number: the ID number, the HI card number or the "
                             "social-insurance number.",
                             "Nhập một số: số CCCD, mã thẻ BHYT hoặc mã số BHXH.", "id_number")
        object.__setattr__(self, "birth_date", normalise.parse_birth_date(self.birth_date))
        if self.id_number:
            object.__setattr__(self, "id_number", normalise.normalise_id_number(
                self.id_number, self.birth_date))
        elif self.card_number:
            object.__setattr__(self, "card_number",
                               normalise.normalise_card_number(self.card_number))
        else:
            object.__setattr__(self, "social_insurance_number",
                               normalise.normalise_social_insurance_number(
                                   self.social_insurance_number))
        object.__setattr__(self, "full_name", normalise.normalise_name(self.full_name))
        if self.staff_name:
            object.__setattr__(self, "staff_name", normalise.normalise_name(self.staff_name))
        if self.staff_id:
            object.__setattr__(self, "staff_id", normalise.normalise_id_number(self.staff_id))

    @classmethod
    def for_number(cls, number: str, full_name: str, birth_date: date | int | str,
                   **staff: str) -> EligibilityQuery:
        """A query for a number of any kind the gateway takes, told apart by its length."""
        kind = normalise.number_kind(number)
        field_name = {NumberKind.PERSONAL_ID: "id_number", NumberKind.HI_CARD: "card_number",
                      NumberKind.SOCIAL_INSURANCE: "social_insurance_number"}[NumberKind(kind)]
        return cls(full_name=full_name, birth_date=birth_date, **{field_name: number}, **staff)

    @property
    def number(self) -> str:
        """What goes into `maThe`: the ID, card or social-insurance number."""
        return self.id_number or self.card_number or self.social_insurance_number

    @property
    def number_kind(self) -> NumberKind:
        if self.id_number:
            return NumberKind.PERSONAL_ID
        return NumberKind.HI_CARD if self.card_number else NumberKind.SOCIAL_INSURANCE

    @property
    def birth_text(self) -> str:
        return normalise.format_birth_date(self.birth_date)

    def __repr__(self) -> str:  # never an ID number or a name in clear in a log or traceback
        return (f"EligibilityQuery(number={mask_id(self.number)!r}, "
                f"full_name={mask_name(self.full_name)!r}, birth_date=***)")


@dataclass(frozen=True)
class BenefitLevel:
    """The card's benefit level (its 3rd character) and beneficiary group (its first two letters)."""

    level: int
    group: str
    share_en: str
    share_vi: str


@dataclass(frozen=True)
class NewCard:
    """The replacement card the gateway points to when a card was replaced (codes 003/004)."""

    card_number: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    facility_code: str | None = None
    facility_name: str | None = None


@dataclass(frozen=True)
class Visit:
    """One recent visit from the card's history."""

    facility_code: str | None = None
    admitted: datetime | None = None
    discharged: datetime | None = None
    diagnosis: str | None = None
    discharge_status: DischargeStatus | None = None
    treatment_result: TreatmentResult | None = None
    admission_reason: AdmissionReason | None = None


@dataclass(frozen=True)
class CardFacts:
    """What the gateway said about the card; every fact may be missing."""

    card_number: str | None = None
    full_name: str | None = None
    birth_text: str | None = None
    gender: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    registered_facility: str | None = None
    five_years_from: date | None = None
    social_insurance_number: str | None = None
    old_card_number: str | None = None
    new_card: NewCard | None = None
    benefit: BenefitLevel | None = None
    visits: tuple[Visit, ...] = ()
    recent_checks: int = 0
    #: Reply fields that were present but unreadable (dropped): names only, never values.
    dropped_fields: tuple[str, ...] = ()
    #: Where `visits` came from: the lookup's own list ("lookup"), the separate history call
    #: when the lookup's list was null ("lskcb2025", reference §6), or nowhere ("none").
    history_source: str = "lookup"

    def __repr__(self) -> str:
        return (f"CardFacts(card_number={mask_id(self.card_number)!r}, "
                f"full_name={mask_name(self.full_name)!r}, valid_to={self.valid_to}, "
                f"registered_facility={self.registered_facility!r}, visits={len(self.visits)})")


#: Where a card's visit history came from (CardFacts.history_source).
HISTORY_SOURCES = ("lookup", "lskcb2025", "none")


@dataclass(frozen=True)
class CopayStanding:
    """The patient's co-pay this calendar year by the fund's own figures (the co-pay service,
    reference §6): only visits already claimed count, up to `as_of`. `exempt` when the fund's
    figures say co-pay is waived (5 years' continuous participation and co-pay above
    `threshold_vnd`, 6 months' base salary: Decree 188/2025 Art 18(2)), from `exempt_from`."""

    paid_vnd: int
    threshold_vnd: int | None
    as_of: date
    exempt: bool
    exempt_from: date | None
    #: The service's result code ("200" figures, "204" none on file).
    code: str


#: The most of one reply body kept as evidence (a card record is a few kilobytes).
EVIDENCE_BODY_CHARS = 64 * 1024


@dataclass(frozen=True)
class GatewayExchange:
    """One call to the gateway for a lookup, kept as evidence (Decree 188 Art 38, reference §6):
    its raw reply, or why there was none. The body holds personal data: it is never logged, and
    is stored only encrypted (with the check-in)."""

    call: str                 # "lookup", "lskcb2025", "copay"
    at: datetime
    http_status: int | None   # None when no reply came
    body: str = field(repr=False)  # the reply text, cut at EVIDENCE_BODY_CHARS
    failure: str = ""         # empty when answered; else why not (no personal data)

    def __repr__(self) -> str:
        return (f"GatewayExchange(call={self.call!r}, at={self.at.isoformat()}, "
                f"http_status={self.http_status}, body={len(self.body)} chars, "
                f"failure={self.failure!r})")

    def to_json_dict(self) -> dict:
        return {"call": self.call, "at": self.at.isoformat(timespec="seconds"),
                "http_status": self.http_status, "body": self.body, "failure": self.failure}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class EligibilityResult:
    """The answer for the desk: the class, the gateway's own code, bilingual message and next
    step, the card facts, and the route check against this clinic's facility code."""

    status: EligibilityStatus
    code: str
    message_vi: str
    message_en: str
    next_step_vi: str
    next_step_en: str
    facts: CardFacts = field(default_factory=CardFacts)
    route_ok: bool | None = None
    gateway_note: str = ""
    error_detail: str = ""
    looked_up_at: datetime = field(default_factory=datetime.now)
    #: The co-pay standing; None when not asked or when the service failed (then why is noted
    #: in `gateway_note`).
    copay: CopayStanding | None = None
    #: Every exchange with the gateway this lookup made, answered or failed, in order.
    evidence: tuple[GatewayExchange, ...] = ()
    #: True when this answer came from the short-lived lookup cache (quota care): `looked_up_at`
    #: and `evidence` are then those of the gateway's answer minutes ago.
    from_cache: bool = False

    @property
    def visits_summary(self) -> str:
        visits = [v for v in self.facts.visits if v.admitted]
        if not self.facts.visits:
            return "no recent visits"
        if not visits:
            return f"{len(self.facts.visits)} recent visit(s)"
        last = max(visits, key=lambda v: v.admitted or datetime.min)
        where = f" at {last.facility_code}" if last.facility_code else ""
        return (f"{len(self.facts.visits)} recent visit(s); last "
                f"{last.admitted.date().isoformat()}{where}")

    def to_json_dict(self) -> dict:
        facts, copay = self.facts, self.copay
        new = facts.new_card
        return {
            "code": self.code,
            "status": self.status.value,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "next_step_vi": self.next_step_vi,
            "next_step_en": self.next_step_en,
            "can_use_card": self.status.is_usable,
            "retry_later": self.status.awaits_verdict,
            "card_number": facts.card_number,
            "valid_from": _iso(facts.valid_from),
            "valid_to": _iso(facts.valid_to),
            "registered_facility": facts.registered_facility,
            "route_ok": self.route_ok,
            "five_years_from": _iso(facts.five_years_from),
            "benefit_level": facts.benefit.level if facts.benefit else None,
            "benefit_group": facts.benefit.group if facts.benefit else None,
            "benefit_share": facts.benefit.share_en if facts.benefit else None,
            "new_card": None if new is None else {
                "card_number": new.card_number, "valid_from": _iso(new.valid_from),
                "valid_to": _iso(new.valid_to), "registered_facility": new.facility_code,
                "facility_name": new.facility_name},
            "visits_summary": self.visits_summary,
            "recent_visits": [
                {"facility": v.facility_code,
                 "admitted": v.admitted.isoformat() if v.admitted else None,
                 "discharged": v.discharged.isoformat() if v.discharged else None,
                 "admission_reason": v.admission_reason.name.lower() if v.admission_reason else None}
                for v in facts.visits],
            "history": {
                "source": facts.history_source,
                "visits": [_visit_json(v) for v in facts.visits]},
            "copay": None if copay is None else {
                "paid_vnd": copay.paid_vnd, "threshold_vnd": copay.threshold_vnd,
                "as_of": copay.as_of.isoformat(), "exempt": copay.exempt,
                "exempt_from": _iso(copay.exempt_from), "code": copay.code},
            "gateway_note": self.gateway_note,
            "dropped_fields": list(facts.dropped_fields),
            "error_detail": self.error_detail,
            "looked_up_at": self.looked_up_at.isoformat(timespec="seconds"),
            "from_cache": self.from_cache,
            "gateway_calls": [{"call": e.call, "at": e.at.isoformat(timespec="seconds"),
                               "http_status": e.http_status, "failure": e.failure}
                              for e in self.evidence],
        }


def _visit_json(v: Visit) -> dict:
    return {"facility": v.facility_code,
            "admitted": v.admitted.isoformat() if v.admitted else None,
            "discharged": v.discharged.isoformat() if v.discharged else None,
            "diagnosis": v.diagnosis,
            "discharge_status": v.discharge_status.name.lower() if v.discharge_status else None,
            "treatment_result": v.treatment_result.name.lower() if v.treatment_result else None,
            "admission_reason": v.admission_reason.name.lower() if v.admission_reason else None}


class AskGateway(Protocol):
    """What the app asks the gateway with (GatewayClient.lookup, terminal.services'
    EligibilityService.lookup): the check-in's lookup and the queue's deferred one both take it.
    `force_fresh`: staff asked for a new answer, never one kept from minutes ago."""

    def __call__(self, query: EligibilityQuery, *,
                 force_fresh: bool = False) -> EligibilityResult: ...
