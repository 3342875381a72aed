"""The desk's insurance decision (coverage.py) for every card state, route and exemption, and
how the decision (decision.py) takes it: a pure function, no gateway."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from terminal.checkin.coverage import (COPAY_THRESHOLD_VND, CareLevel, CoverageRules, DeskAction,
                                       Route, SlipAnswers, coverage_of, needs_slips)
from terminal.checkin.decision import CheckinRules, decide
from terminal.checkin.records import (Authenticity, AuthenticityStatus, EligibilityOutcome,
                                      EligibilityStatus, FaceOutcome, FaceVerdict, Payer,
                                      SignerStatus, Verdict)
from terminal.config import config_from_dict
from terminal.eligibility.codes import CardState
from terminal.eligibility.records import CopayStanding

TODAY = date(2026, 12, 7)
ADULT = date(1980, 5, 1)
CARD = "DN4797901234567"  # benefit level 4: 80%
S = EligibilityStatus


def _outcome(status=S.ELIGIBLE, code="000", route_ok=True, card=CARD, **more):
    return EligibilityOutcome(status, result_code=code, route_ok=route_ok, card_number=card,
                              **more)


def test_registered_here_pays_the_card_benefit_level():
    cover = coverage_of(CoverageRules(), _outcome(), ADULT, TODAY)
    assert (cover.card_state, cover.action, cover.route) == (
        CardState.VALID, DeskAction.INSURED, Route.REGISTERED_HERE)
    assert (cover.benefit_pct, cover.route_pct, cover.fund_pct) == (80, 100, 80)
    assert not needs_slips(CoverageRules(), _outcome())


@pytest.mark.parametrize("slips, route, fund", [
    (SlipAnswers(referral=True, appointment=False), Route.REFERRAL, 80),
    (SlipAnswers(referral=False, appointment=True), Route.APPOINTMENT, 80),
    (SlipAnswers(referral=False, appointment=False), Route.SELF_REFERRED, 0),
])
def test_elsewhere_at_a_specialised_clinic_the_slips_decide_the_share(slips, route, fund):
    rules = CoverageRules(care_level=CareLevel.SPECIALISED)
    outcome = _outcome(route_ok=False)
    assert needs_slips(rules, outcome)
    cover = coverage_of(rules, outcome, ADULT, TODAY, slips)
    assert (cover.route, cover.fund_pct) == (route, fund)
    assert cover.action is (DeskAction.INSURED if fund else DeskAction.SELF_PAY)


def test_unanswered_slips_go_to_the_counter_where_they_matter():
    rules = CoverageRules(care_level=CareLevel.SPECIALISED)
    cover = coverage_of(rules, _outcome(route_ok=False), ADULT, TODAY)
    assert (cover.action, cover.route, cover.reason_code) == (
        DeskAction.COUNTER, Route.UNKNOWN, "slips_unanswered")
    # where coming without one costs nothing, the patient goes on
    basic = coverage_of(CoverageRules(), _outcome(route_ok=False), ADULT, TODAY)
    assert (basic.action, basic.route, basic.fund_pct) == (
        DeskAction.INSURED, Route.SELF_REFERRED, 80)


def test_at_the_initial_level_any_card_gets_its_benefit_and_nobody_is_asked():
    rules = CoverageRules(care_level=CareLevel.INITIAL)
    outcome = _outcome(route_ok=False)
    assert not needs_slips(rules, outcome)
    cover = coverage_of(rules, outcome, ADULT, TODAY)
    assert (cover.route, cover.fund_pct) == (Route.INITIAL_CARE, 80)


def test_the_clinic_sets_its_own_share_for_the_self_referred():
    rules = CoverageRules(care_level=CareLevel.BASIC, self_referred_pct=50)
    cover = coverage_of(rules, _outcome(route_ok=False), ADULT, TODAY,
                        SlipAnswers(False, False))
    assert (cover.route_pct, cover.fund_pct) == (50, 40)


def test_a_child_under_6_is_covered_in_full_and_a_child_not_found_goes_to_the_counter():
    child = date(2022, 1, 1)
    cover = coverage_of(CoverageRules(), _outcome(card="TE1797900000130", code="130",
                                                  status=S.ELIGIBLE_WITH_NOTE), child, TODAY)
    assert (cover.card_state, cover.child_under_6, cover.fund_pct) == (
        CardState.CHILD_NO_CARD, True, 100)
    missing = coverage_of(CoverageRules(), _outcome(S.NOT_ELIGIBLE, "050", None, ""), child,
                          TODAY)
    assert (missing.action, missing.reason_code) == (DeskAction.COUNTER, "card_not_found")
    adult = coverage_of(CoverageRules(), _outcome(S.NOT_ELIGIBLE, "050", None, ""), ADULT, TODAY)
    assert adult.action is DeskAction.SELF_PAY
    # the sixth birthday ends it
    six = coverage_of(CoverageRules(), _outcome(), date(2020, 12, 7), TODAY)
    assert not six.child_under_6 and six.fund_pct == 80


@pytest.mark.parametrize("paid, five_years, exempt", [
    (COPAY_THRESHOLD_VND + 1, date(2019, 1, 1), True),
    (COPAY_THRESHOLD_VND, date(2019, 1, 1), False),      # not above the threshold
    (COPAY_THRESHOLD_VND + 1, date(2027, 1, 1), False),  # five years not reached yet
    (COPAY_THRESHOLD_VND + 1, None, False),
])
def test_copay_exemption_needs_five_years_and_copay_above_the_threshold(paid, five_years, exempt):
    copay = CopayStanding(paid, None, date(2026, 11, 30), False, None, "200")
    cover = coverage_of(CoverageRules(), _outcome(five_years_from=five_years, copay=copay),
                        ADULT, TODAY)
    assert cover.copay_exempt is exempt
    assert cover.fund_pct == (100 if exempt else 80)


def test_the_copay_service_saying_exempt_is_taken():
    copay = CopayStanding(0, 14_040_000, TODAY, True, date(2026, 10, 1), "200")
    cover = coverage_of(CoverageRules(), _outcome(copay=copay), ADULT, TODAY)
    assert cover.copay_exempt and cover.fund_pct == 100


@pytest.mark.parametrize("status, code, state, action", [
    (S.NOT_ELIGIBLE, "010", CardState.EXPIRED, DeskAction.SELF_PAY),
    (S.NOT_ELIGIBLE, "T10", CardState.EXPIRED, DeskAction.SELF_PAY),
    (S.NOT_ELIGIBLE, "T11", CardState.NOT_YET_VALID, DeskAction.COUNTER),
    (S.NOT_ELIGIBLE, "110", CardState.WITHDRAWN, DeskAction.COUNTER),
    (S.NOT_ELIGIBLE, "121", CardState.REDUCED, DeskAction.COUNTER),
    (S.ELIGIBLE_WITH_NOTE, "003", CardState.REPLACED, DeskAction.INSURED),
    (S.ELIGIBLE_WITH_NOTE, "001", CardState.CHECK_PAPERS, DeskAction.INSURED),
    (S.PENDING, "", CardState.NOT_VERIFIED, DeskAction.NOT_VERIFIED),
    (S.GATEWAY_ERROR, "500", CardState.NOT_VERIFIED, DeskAction.NOT_VERIFIED),
    (S.INPUT_ERROR, "060", CardState.DETAILS_WRONG, DeskAction.COUNTER),
    (S.UNKNOWN, "T60", CardState.DOUBTFUL, DeskAction.COUNTER),
])
def test_each_card_state_has_its_action(status, code, state, action):
    cover = coverage_of(CoverageRules(), _outcome(status, code), ADULT, TODAY)
    assert (cover.card_state, cover.action) == (state, action)


def test_expired_and_not_yet_valid_follow_the_config():
    config = config_from_dict({"checkin": {"card_expired": "counter",
                                           "card_not_yet_valid": "paying"},
                               "clinic": {"care_level": "specialised", "self_referred_pct": 40}})
    rules = CoverageRules.from_config(config)
    assert (rules.card_expired, rules.card_not_yet_valid) == (DeskAction.COUNTER,
                                                              DeskAction.SELF_PAY)
    assert (rules.care_level, rules.unreferred_pct) == (CareLevel.SPECIALISED, 40)
    expired = coverage_of(rules, _outcome(S.NOT_ELIGIBLE, "010"), ADULT, TODAY)
    assert expired.action is DeskAction.COUNTER
    # a clinic that takes no paying patients sends them to the counter instead
    closed = replace(rules, allow_paying_patients=False)
    assert coverage_of(closed, _outcome(S.NOT_ELIGIBLE, "T11"), ADULT,
                       TODAY).action is DeskAction.COUNTER


GOOD_CARD = Authenticity(AuthenticityStatus.VALID, signer=SignerStatus.TRUSTED)
FACE = FaceOutcome(FaceVerdict.ACCEPT)


@pytest.mark.parametrize("status, code, slips, verdict, payer, reason", [
    (S.NOT_ELIGIBLE, "110", None, Verdict.REVIEW, Payer.UNKNOWN, "card_withdrawn"),
    (S.NOT_ELIGIBLE, "122", None, Verdict.REVIEW, Payer.UNKNOWN, "card_reduced"),
    (S.NOT_ELIGIBLE, "010", None, Verdict.ACCEPT, Payer.PAYING, "not_eligible_paying"),
    (S.ELIGIBLE, "000", SlipAnswers(False, False), Verdict.ACCEPT, Payer.PAYING,
     "self_referred_not_covered"),
    (S.ELIGIBLE, "000", SlipAnswers(True, False), Verdict.ACCEPT, Payer.INSURED, None),
    (S.ELIGIBLE, "000", None, Verdict.REVIEW, Payer.UNKNOWN, "slips_unanswered"),
    (S.PENDING, "", None, Verdict.ACCEPT, Payer.PENDING, "eligibility_pending"),
])
def test_the_decision_takes_the_desks_action(status, code, slips, verdict, payer, reason):
    rules = CoverageRules(care_level=CareLevel.SPECIALISED)
    outcome = _outcome(status, code, route_ok=False)
    cover = coverage_of(rules, outcome, ADULT, TODAY, slips)
    decision = decide(CheckinRules(), GOOD_CARD, FACE, outcome, cover)
    assert (decision.verdict, decision.payer) == (verdict, payer)
    assert decision.reason_codes == (() if reason is None else (reason,))
