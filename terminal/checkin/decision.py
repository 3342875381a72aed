"""The decision of a check-in: accept, review or reject, who pays, and why, by the rules in config.

A pure function of what the checks found, so every rule is tested without a card or a camera.
"""

from __future__ import annotations

from dataclasses import dataclass

from terminal.checkin.records import (
    Authenticity,
    AuthenticityStatus,
    Decision,
    EligibilityOutcome,
    EligibilityStatus,
    FaceOutcome,
    FaceVerdict,
    Payer,
    Reason,
    Verdict,
)
from terminal.config import Config


@dataclass(frozen=True)
class CheckinRules:
    """What to do with each doubtful finding (the [checkin] and [clinic] tables of the config)."""

    face_review: Verdict = Verdict.REVIEW
    face_unavailable: Verdict = Verdict.REVIEW
    authenticity_mismatch: Verdict = Verdict.REVIEW
    authenticity_unverified: Verdict = Verdict.REVIEW
    eligibility_pending: Verdict = Verdict.ACCEPT
    eligibility_error_paying: bool = False  # False: review
    allow_paying_patients: bool = True

    @classmethod
    def from_config(cls, config: Config) -> CheckinRules:
        c = config.checkin
        return cls(face_review=Verdict(c.face_review),
                   face_unavailable=Verdict(c.face_unavailable),
                   authenticity_mismatch=Verdict(c.authenticity_mismatch),
                   authenticity_unverified=Verdict(c.authenticity_unverified),
                   eligibility_pending=Verdict(c.eligibility_pending),
                   eligibility_error_paying=c.eligibility_error == "paying",
                   allow_paying_patients=config.clinic.allow_paying_patients)


# The worst verdict wins: one reject rejects, one review reviews.
_SEVERITY = {Verdict.ACCEPT: 0, Verdict.REVIEW: 1, Verdict.REJECT: 2}


def _authenticity(rules: CheckinRules, auth: Authenticity) -> tuple[Verdict, Reason | None]:
    if auth.status is AuthenticityStatus.MISMATCH:
        groups = ", ".join(auth.failed_groups) or "a file"
        return rules.authenticity_mismatch, Reason(
            "authenticity_mismatch",
            f"The card's data ({groups}) does not match the card's signature: check the card by hand.")
    if auth.status is AuthenticityStatus.UNVERIFIED:
        # Never silent: a card re-signed by a forger's own signer ends here too (issue 17).
        why = f" ({auth.detail})" if auth.detail else ""
        return rules.authenticity_unverified, Reason(
            "authenticity_unverified",
            f"The card's issuer could not be confirmed{why}: check the card by hand.")
    return Verdict.ACCEPT, None


def _face(rules: CheckinRules, face: FaceOutcome) -> tuple[Verdict, Reason | None]:
    if face.verdict is FaceVerdict.REJECT:
        return Verdict.REJECT, Reason("face_reject",
                                      "The face does not match the photo on the card.")
    if face.verdict is FaceVerdict.REVIEW:
        return rules.face_review, Reason("face_review",
                                         "The face is not clearly the one on the card: compare them.")
    if face.verdict is FaceVerdict.UNAVAILABLE:
        return rules.face_unavailable, Reason("face_unavailable",
                                              "The face check could not be done: check the patient "
                                              "against the card by hand.")
    return Verdict.ACCEPT, None


def _eligibility(rules: CheckinRules,
                 elig: EligibilityOutcome) -> tuple[Verdict, Payer, Reason | None]:
    status = elig.status
    if status is EligibilityStatus.ELIGIBLE:
        return Verdict.ACCEPT, Payer.INSURED, None
    if status is EligibilityStatus.ELIGIBLE_WITH_NOTE:
        return Verdict.ACCEPT, Payer.INSURED, Reason(
            "eligibility_note", elig.message or "Insured, with a note from the gateway.")
    if status is EligibilityStatus.NOT_ELIGIBLE:
        if rules.allow_paying_patients:
            return Verdict.ACCEPT, Payer.PAYING, Reason(
                "not_eligible_paying",
                f"{(elig.message or 'The health insurance card cannot be used').rstrip('.')}: "
                f"checked in as a paying patient.")
        return Verdict.REVIEW, Payer.UNKNOWN, Reason(
            "not_eligible", elig.message or "The health insurance card cannot be used.")
    if status is EligibilityStatus.PENDING:
        return rules.eligibility_pending, Payer.PENDING, Reason(
            "eligibility_pending",
            "The insurance gateway did not answer: the card is looked up when it is back.")
    if status is EligibilityStatus.NOT_CHECKED:
        return Verdict.REVIEW, Payer.UNKNOWN, Reason("eligibility_not_checked",
                                                     "The insurance card was not looked up.")
    # input, account and gateway errors: a person has to look at it, or the patient pays
    reason = Reason(f"eligibility_{status.value}",
                    elig.message or "The insurance gateway refused the lookup.")
    if rules.eligibility_error_paying and rules.allow_paying_patients:
        return Verdict.ACCEPT, Payer.PAYING, reason
    return Verdict.REVIEW, Payer.UNKNOWN, reason


def decide(rules: CheckinRules, authenticity: Authenticity, face: FaceOutcome,
           eligibility: EligibilityOutcome) -> Decision:
    """Combine the three checks: the most severe verdict wins, every doubtful finding is a reason."""
    auth_verdict, auth_reason = _authenticity(rules, authenticity)
    face_verdict, face_reason = _face(rules, face)
    elig_verdict, payer, elig_reason = _eligibility(rules, eligibility)
    verdict = max((auth_verdict, face_verdict, elig_verdict), key=_SEVERITY.__getitem__)
    reasons = tuple(r for r in (auth_reason, face_reason, elig_reason) if r is not None)
    return Decision(verdict, payer, reasons)
