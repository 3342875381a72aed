"""The desk's insurance decision for one visit, in one place: from the card's state, this
clinic's level of care and the patient's referral and appointment slips, what the desk does and
what share the fund pays (Law 51/2024, Decree 188/2025; docs/eligibility.md "The desk's decision").

A pure module: the clinic's choices come in as CoverageRules (from config), the check-in's facts
as values, so every case is tested without a gateway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from terminal.checkin.priority import age_on
from terminal.config import Config
from terminal.eligibility.codes import BENEFIT_PCT, CardState, card_state_of
from terminal.eligibility.records import CopayStanding, EligibilityStatus


class LookupFacts(Protocol):
    """What the decision reads of a lookup's outcome (records.EligibilityOutcome, which holds
    this module's records: hence a protocol, not an import)."""

    @property
    def status(self) -> EligibilityStatus: ...
    @property
    def result_code(self) -> str: ...
    @property
    def route_ok(self) -> bool | None: ...
    @property
    def card_number(self) -> str: ...
    @property
    def five_years_from(self) -> date | None: ...
    @property
    def copay(self) -> CopayStanding | None: ...


class CareLevel(StrEnum):
    """The levels of care of Law 51/2024 (ref §6 [M]); the clinic's own is in config."""

    INITIAL = "initial"
    BASIC = "basic"
    SPECIALISED = "specialised"


class DeskAction(StrEnum):
    """What the desk does with the visit."""

    INSURED = "insured"            # the card pays its share
    SELF_PAY = "self_pay"          # checked in as a paying patient
    COUNTER = "counter"            # the patient goes to the reception counter first
    NOT_VERIFIED = "not_verified"  # admitted as "card not verified", looked up in the background


class Route(StrEnum):
    """How the patient comes to this facility (Law 51/2024's question at the desk)."""

    REGISTERED_HERE = "registered_here"  # this is their registered initial-care facility
    INITIAL_CARE = "initial_care"        # this clinic is at the initial level: any card counts
    REFERRAL = "referral"                # a referral slip
    APPOINTMENT = "appointment"          # an appointment slip (follow-up)
    SELF_REFERRED = "self_referred"      # neither: registered elsewhere, no slip
    UNKNOWN = "unknown"                  # not known (no verdict, or the questions not answered)


@dataclass(frozen=True)
class SlipAnswers:
    """The patient's yes/no answers on the kiosk's referral screen."""

    referral: bool
    appointment: bool


#: The share of the benefit the fund pays a patient registered elsewhere who comes without a
#: slip, by this clinic's level (Law 51/2024 Art 22 as amended, outpatient care [inf]: check it
#: against the text in force; `clinic.self_referred_pct` sets the clinic's own).
SELF_REFERRED_PCT = {CareLevel.INITIAL: 100, CareLevel.BASIC: 100, CareLevel.SPECIALISED: 0}
#: Six months of the base salary (2,340,000 VND a month since 1/7/2024 [inf]): the co-pay above
#: which five years' participants pay no more co-pay this year (Decree 188/2025 Art 18(2), ref §6).
COPAY_THRESHOLD_VND = 6 * 2_340_000
#: Under this age (from the chip's birth date) the fund pays 100% (children under 6).
CHILD_AGE = 6

_USABLE = (CardState.VALID, CardState.CHECK_PAPERS, CardState.REPLACED, CardState.CHILD_NO_CARD)
_FULL_ROUTES = (Route.REGISTERED_HERE, Route.INITIAL_CARE, Route.REFERRAL, Route.APPOINTMENT)


@dataclass(frozen=True)
class CoverageRules:
    """What the clinic decides (config [clinic] and [checkin])."""

    care_level: CareLevel = CareLevel.BASIC
    card_expired: DeskAction = DeskAction.SELF_PAY      # or COUNTER
    card_not_yet_valid: DeskAction = DeskAction.COUNTER  # or SELF_PAY
    details_wrong: DeskAction = DeskAction.COUNTER       # checkin.eligibility_error
    self_referred_pct: int | None = None  # None: SELF_REFERRED_PCT of the level
    copay_threshold_vnd: int = COPAY_THRESHOLD_VND
    allow_paying_patients: bool = True

    @classmethod
    def from_config(cls, config: Config) -> CoverageRules:
        c, k = config.clinic, config.checkin
        return cls(care_level=CareLevel(c.care_level),
                   card_expired=_ACTION_WORDS[k.card_expired],
                   card_not_yet_valid=_ACTION_WORDS[k.card_not_yet_valid],
                   details_wrong=(DeskAction.SELF_PAY if k.eligibility_error == "paying"
                                  else DeskAction.COUNTER),
                   self_referred_pct=None if c.self_referred_pct < 0 else c.self_referred_pct,
                   copay_threshold_vnd=c.copay_threshold_vnd or COPAY_THRESHOLD_VND,
                   allow_paying_patients=c.allow_paying_patients)

    @property
    def unreferred_pct(self) -> int:
        if self.self_referred_pct is not None:
            return self.self_referred_pct
        return SELF_REFERRED_PCT[self.care_level]


#: Config words → actions (checkin.card_expired, checkin.card_not_yet_valid).
_ACTION_WORDS = {"paying": DeskAction.SELF_PAY, "counter": DeskAction.COUNTER}


@dataclass(frozen=True)
class Coverage:
    """The desk's decision on the visit's insurance: codes and numbers, worded by the UI."""

    card_state: CardState
    action: DeskAction
    route: Route
    care_level: CareLevel
    child_under_6: bool = False
    benefit_pct: int | None = None  # the card's benefit level as a share (None: not known)
    route_pct: int | None = None    # the share of that benefit this route gets
    fund_pct: int | None = None     # what the fund pays of covered costs (None: not known yet)
    copay_exempt: bool = False      # 5 years' continuous + co-pay above the threshold
    slips_unanswered: bool = False  # the questions were asked and not answered in time

    @property
    def reason_code(self) -> str:
        """The decision reason for what is not plain insured (decision.py adds it)."""
        if self.slips_unanswered:
            return "slips_unanswered"
        if self.action is DeskAction.INSURED:
            return ""
        if self.card_state in _USABLE and self.route is Route.SELF_REFERRED:
            return "self_referred_not_covered"
        return f"card_{self.card_state.value}"


def needs_slips(rules: CoverageRules, outcome: LookupFacts) -> bool:
    """Whether the patient is asked about a referral or appointment slip: the card can be used,
    and this clinic is above the initial level and not the card's registered facility (a
    registered facility not known counts as elsewhere). The answers go to the HIS even where
    they change no share."""
    state = card_state_of(outcome.status, outcome.result_code)
    return (state in _USABLE and outcome.route_ok is not True
            and rules.care_level is not CareLevel.INITIAL)


def _route(rules: CoverageRules, outcome: LookupFacts,
           slips: SlipAnswers | None) -> Route:
    if outcome.route_ok is True:
        return Route.REGISTERED_HERE
    if rules.care_level is CareLevel.INITIAL:
        return Route.INITIAL_CARE
    if slips is None:
        return Route.SELF_REFERRED if rules.unreferred_pct >= 100 else Route.UNKNOWN
    if slips.referral:
        return Route.REFERRAL
    if slips.appointment:
        return Route.APPOINTMENT
    return Route.SELF_REFERRED


def _paying(rules: CoverageRules, action: DeskAction) -> DeskAction:
    """Self-pay only where the clinic takes paying patients; else the counter."""
    if action is DeskAction.SELF_PAY and not rules.allow_paying_patients:
        return DeskAction.COUNTER
    return action


def _exempt(rules: CoverageRules, outcome: LookupFacts, today: date) -> bool:
    copay = outcome.copay
    if copay is None:
        return False
    if copay.exempt and (copay.exempt_from is None or copay.exempt_from <= today):
        return True
    five_years = outcome.five_years_from is not None and outcome.five_years_from <= today
    threshold = copay.threshold_vnd or rules.copay_threshold_vnd
    return five_years and copay.paid_vnd > threshold


def _benefit_pct(card_number: str) -> int | None:
    """The benefit level's share from an HI card code (its 3rd character, ref §5)."""
    if len(card_number) == 15 and card_number[2].isdigit():
        return BENEFIT_PCT.get(int(card_number[2]))
    return None


def coverage_of(rules: CoverageRules, outcome: LookupFacts, birth_date: date | int,
                today: date, slips: SlipAnswers | None = None) -> Coverage:
    """The desk's decision for this visit. `slips` None with `needs_slips` true means the
    patient did not answer: the counter asks them."""
    state = card_state_of(outcome.status, outcome.result_code)
    child = age_on(birth_date, today) < CHILD_AGE
    level = rules.care_level
    if state in _USABLE:
        route = _route(rules, outcome, slips)
        if route is Route.UNKNOWN:
            return Coverage(state, DeskAction.COUNTER, route, level, child,
                            slips_unanswered=True)
        route_pct = rules.unreferred_pct if route is Route.SELF_REFERRED else 100
        exempt = route in _FULL_ROUTES and _exempt(rules, outcome, today)
        benefit = 100 if child or exempt else _benefit_pct(outcome.card_number)
        fund = None if benefit is None else benefit * route_pct // 100
        action = DeskAction.INSURED if route_pct > 0 else _paying(rules, DeskAction.SELF_PAY)
        return Coverage(state, action, route, level, child, benefit, route_pct, fund, exempt)
    if state is CardState.NOT_VERIFIED:
        return Coverage(state, DeskAction.NOT_VERIFIED, Route.UNKNOWN, level, child)
    if state is CardState.EXPIRED:
        action = rules.card_expired
    elif state is CardState.NOT_YET_VALID:
        action = rules.card_not_yet_valid
    elif state is CardState.NOT_FOUND:
        # a child under 6 is insured by law whatever the lookup found: the counter checks the
        # birth certificate (Decree 188 Art 37, ref §6)
        action = DeskAction.COUNTER if child else DeskAction.SELF_PAY
    elif state is CardState.DETAILS_WRONG:
        action = rules.details_wrong
    else:  # withdrawn, reduced, doubtful: a person looks at it
        action = DeskAction.COUNTER
    action = _paying(rules, action)
    return Coverage(state, action, Route.UNKNOWN, level, child,
                    fund_pct=0 if action is DeskAction.SELF_PAY else None)
