"""The decision rules: the most severe finding wins, and each rule follows its config key."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.checkin.decision import CheckinRules, decide
from terminal.checkin.records import (
    Authenticity,
    AuthenticityStatus,
    ChipProofStatus,
    EligibilityOutcome,
    EligibilityStatus,
    FaceOutcome,
    FaceVerdict,
    Payer,
    SignerStatus,
    Verdict,
)
from terminal.config import config_from_dict

VALID = Authenticity(AuthenticityStatus.VALID)
FACE_OK = FaceOutcome(FaceVerdict.ACCEPT, distance=0.3, liveness=True)
ELIGIBLE = EligibilityOutcome(EligibilityStatus.ELIGIBLE, result_code="000")


def test_everything_fine_is_accepted_as_insured_without_reasons():
    decision = decide(CheckinRules(), VALID, FACE_OK, ELIGIBLE)
    assert (decision.verdict, decision.payer, decision.reasons) == (Verdict.ACCEPT, Payer.INSURED, ())


@pytest.mark.parametrize("face, code", [
    (FaceOutcome(FaceVerdict.REVIEW, distance=0.5), "face_review"),
    (FaceOutcome(FaceVerdict.UNAVAILABLE), "face_unavailable"),
])
def test_doubtful_face_goes_to_the_receptionist_unless_config_accepts_it(face, code):
    assert decide(CheckinRules(), VALID, face, ELIGIBLE).verdict is Verdict.REVIEW
    lenient = CheckinRules.from_config(config_from_dict(
        {"checkin": {"face_review": "accept", "face_unavailable": "accept"}}))
    decision = decide(lenient, VALID, face, ELIGIBLE)
    assert decision.verdict is Verdict.ACCEPT and decision.reason_codes == (code,)


def test_face_reject_rejects_whatever_else_is_fine():
    decision = decide(CheckinRules(), VALID, FaceOutcome(FaceVerdict.REJECT, distance=0.9), ELIGIBLE)
    assert decision.verdict is Verdict.REJECT and decision.reason_codes == ("face_reject",)


def test_authenticity_mismatch_names_the_group_and_follows_config():
    tampered = Authenticity(AuthenticityStatus.MISMATCH, failed_groups=("DG13",))
    decision = decide(CheckinRules(), tampered, FACE_OK, ELIGIBLE)
    assert decision.verdict is Verdict.REVIEW and "DG13" in decision.reasons[0].message
    strict = CheckinRules.from_config(config_from_dict({"checkin": {"authenticity_mismatch": "reject"}}))
    assert decide(strict, tampered, FACE_OK, ELIGIBLE).verdict is Verdict.REJECT


def test_an_unconfirmed_signer_goes_to_review_by_default_with_the_reason_shown():
    unverified = Authenticity(AuthenticityStatus.UNVERIFIED,
                              detail="the DS certificate's issuer is not in the trust store")
    decision = decide(CheckinRules.from_config(config_from_dict({})), unverified, FACE_OK, ELIGIBLE)
    assert decision.verdict is Verdict.REVIEW
    assert "not in the trust store" in decision.reasons[0].message
    lenient = CheckinRules.from_config(config_from_dict(
        {"checkin": {"authenticity_unverified": "accept"}}))
    assert decide(lenient, unverified, FACE_OK, ELIGIBLE).verdict is Verdict.ACCEPT


@pytest.mark.parametrize("signer", [s for s in SignerStatus if s is not SignerStatus.TRUSTED])
def test_each_signer_verdict_has_its_own_rule_and_reason(signer):
    auth = Authenticity(AuthenticityStatus.UNVERIFIED, signer=signer)
    default = decide(CheckinRules.from_config(config_from_dict({})), auth, FACE_OK, ELIGIBLE)
    assert default.verdict is Verdict.REVIEW
    assert default.reason_codes == (f"signer_{signer.value}",)
    for choice in ("accept", "reject"):
        rules = CheckinRules.from_config(config_from_dict(
            {"checkin": {f"signer_{signer.value}": choice}}))
        assert decide(rules, auth, FACE_OK, ELIGIBLE).verdict is Verdict(choice)


def test_a_trusted_signer_on_a_cloned_chip_follows_the_clone_rule():
    clone = Authenticity(AuthenticityStatus.VALID, signer=SignerStatus.TRUSTED,
                         chip=ChipProofStatus.FAILED, chip_method="chip_authentication")
    assert not clone.genuine
    decision = decide(CheckinRules(), clone, FACE_OK, ELIGIBLE)
    assert (decision.verdict, decision.reason_codes) == (Verdict.REVIEW, ("chip_clone",))
    strict = CheckinRules.from_config(config_from_dict({"checkin": {"chip_clone": "reject"}}))
    assert decide(strict, clone, FACE_OK, ELIGIBLE).verdict is Verdict.REJECT
    unproven = Authenticity(AuthenticityStatus.VALID, signer=SignerStatus.TRUSTED,
                            chip=ChipProofStatus.NOT_OFFERED)
    assert decide(CheckinRules(), unproven, FACE_OK, ELIGIBLE).verdict is Verdict.ACCEPT
    genuine = Authenticity(AuthenticityStatus.VALID, signer=SignerStatus.TRUSTED,
                           chip=ChipProofStatus.PASSED)
    assert genuine.genuine and decide(CheckinRules(), genuine, FACE_OK, ELIGIBLE).reasons == ()


def test_not_eligible_checks_in_a_paying_patient_only_when_the_clinic_allows_it():
    not_eligible = EligibilityOutcome(EligibilityStatus.NOT_ELIGIBLE, "Card expired", "010")
    paying = decide(CheckinRules(), VALID, FACE_OK, not_eligible)
    assert (paying.verdict, paying.payer) == (Verdict.ACCEPT, Payer.PAYING)
    assert "Card expired" in paying.reasons[0].message
    closed = CheckinRules.from_config(config_from_dict({"clinic": {"allow_paying_patients": False}}))
    assert decide(closed, VALID, FACE_OK, not_eligible).verdict is Verdict.REVIEW


def test_gateway_unreachable_accepts_with_eligibility_pending_by_default():
    pending = EligibilityOutcome(EligibilityStatus.PENDING)
    decision = decide(CheckinRules(), VALID, FACE_OK, pending)
    assert (decision.verdict, decision.payer) == (Verdict.ACCEPT, Payer.PENDING)
    careful = CheckinRules.from_config(config_from_dict({"checkin": {"eligibility_pending": "review"}}))
    assert decide(careful, VALID, FACE_OK, pending).verdict is Verdict.REVIEW


def test_gateway_refusal_reviews_or_checks_in_paying_by_config():
    refused = EligibilityOutcome(EligibilityStatus.INPUT_ERROR, "Name does not match", "060")
    assert decide(CheckinRules(), VALID, FACE_OK, refused).reason_codes == ("eligibility_input_error",)
    assert decide(CheckinRules(), VALID, FACE_OK, refused).verdict is Verdict.REVIEW
    paying = CheckinRules.from_config(config_from_dict({"checkin": {"eligibility_error": "paying"}}))
    assert decide(paying, VALID, FACE_OK, refused).payer is Payer.PAYING


_SEVERITY = {Verdict.ACCEPT: 0, Verdict.REVIEW: 1, Verdict.REJECT: 2}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(AuthenticityStatus), st.sampled_from(FaceVerdict),
       st.sampled_from(EligibilityStatus), st.builds(
           CheckinRules, st.sampled_from([Verdict.REVIEW, Verdict.ACCEPT]),
           st.sampled_from([Verdict.REVIEW, Verdict.ACCEPT]),
           st.sampled_from([Verdict.REVIEW, Verdict.REJECT]),
           st.sampled_from([Verdict.ACCEPT, Verdict.REVIEW]),
           st.sampled_from([Verdict.ACCEPT, Verdict.REVIEW]), st.booleans(), st.booleans()))
def test_no_doubt_is_ever_accepted_silently(auth, face, elig, rules):
    decision = decide(rules, Authenticity(auth), FaceOutcome(face), EligibilityOutcome(elig))
    clean = (auth is AuthenticityStatus.VALID and face is FaceVerdict.ACCEPT
             and elig is EligibilityStatus.ELIGIBLE)
    assert (decision.reasons == ()) == clean
    if face is FaceVerdict.REJECT:
        assert decision.verdict is Verdict.REJECT
    if decision.verdict is Verdict.ACCEPT:
        assert decision.payer is not Payer.UNKNOWN
    else:
        assert decision.reasons
