"""The decision of a check-in: accept, review or reject, who pays, and why, by the rules in config.

A pure function of what the checks found, so every rule is tested without a card or a camera.
"""

from __future__ import annotations

from dataclasses import dataclass

from terminal.checkin.coverage import Coverage, DeskAction
from terminal.checkin.records import (
    Authenticity,
    AuthenticityStatus,
    ChipProofStatus,
    Decision,
    EligibilityOutcome,
    EligibilityStatus,
    FaceOutcome,
    FaceVerdict,
    Payer,
    Reason,
    SignerStatus,
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
    #: What each Document Signer verdict other than trusted leads to (config checkin.signer_*).
    signer: tuple[tuple[SignerStatus, Verdict], ...] = tuple(
        (status, Verdict.REVIEW) for status in SignerStatus if status is not SignerStatus.TRUSTED)
    chip_clone: Verdict = Verdict.REVIEW
    chip_unproven: Verdict = Verdict.ACCEPT

    @classmethod
    def from_config(cls, config: Config) -> CheckinRules:
        c = config.checkin
        return cls(face_review=Verdict(c.face_review),
                   face_unavailable=Verdict(c.face_unavailable),
                   authenticity_mismatch=Verdict(c.authenticity_mismatch),
                   authenticity_unverified=Verdict(c.authenticity_unverified),
                   eligibility_pending=Verdict(c.eligibility_pending),
                   eligibility_error_paying=c.eligibility_error == "paying",
                   allow_paying_patients=config.clinic.allow_paying_patients,
                   signer=tuple((status, Verdict(getattr(c, f"signer_{status.value}")))
                                for status in SignerStatus if status is not SignerStatus.TRUSTED),
                   chip_clone=Verdict(c.chip_clone), chip_unproven=Verdict(c.chip_unproven))


# The worst verdict wins: one reject rejects, one review reviews.
_SEVERITY = {Verdict.ACCEPT: 0, Verdict.REVIEW: 1, Verdict.REJECT: 2}


#: Why each signer verdict needs a look, in plain English (the UI has its own vi/en words).
_SIGNER_MESSAGES = {
    SignerStatus.ISSUER_UNKNOWN: "The card's data is as signed, but its issuer is not in the "
                                 "trust store",
    SignerStatus.NO_TRUST_STORE: "No trust store is set up, so the card's issuer cannot be "
                                 "confirmed",
    SignerStatus.EXPIRED: "The card's signing certificate has expired",
    SignerStatus.REVOKED: "The card's signing certificate was revoked by its issuer",
    SignerStatus.REVOCATION_UNKNOWN: "The card's issuer has no current revocation list here",
    SignerStatus.INVALID_CHAIN: "The card's signing certificate was not issued by the authority "
                                "it names",
    SignerStatus.BROKEN_MASTER_LIST: "The card's issuer was not found and the trust store has a "
                                     "damaged master list",
}


def _authenticity(rules: CheckinRules, auth: Authenticity) -> list[tuple[Verdict, Reason]]:
    found: list[tuple[Verdict, Reason]] = []
    if auth.status is AuthenticityStatus.MISMATCH:
        groups = ", ".join(auth.failed_groups) or "a file"
        found.append((rules.authenticity_mismatch, Reason(
            "authenticity_mismatch",
            f"The card's data ({groups}) does not match the card's signature: check the card by hand.")))
    elif auth.signer not in (None, SignerStatus.TRUSTED):
        # Never silent: a card re-signed by a forger's own signer ends here too (issue 17).
        verdict = dict(rules.signer)[auth.signer]
        found.append((verdict, Reason(f"signer_{auth.signer.value}",
                                      f"{_SIGNER_MESSAGES[auth.signer]}: check the card by hand.")))
    elif auth.status is AuthenticityStatus.UNVERIFIED:
        why = f" ({auth.detail})" if auth.detail else ""
        found.append((rules.authenticity_unverified, Reason(
            "authenticity_unverified",
            f"The card's signature could not be checked{why}: check the card by hand.")))
    if auth.chip is ChipProofStatus.FAILED:
        found.append((rules.chip_clone, Reason(
            "chip_clone", "The chip could not prove it is the one the card was issued with: it "
                          "may be a copy. Check the card by hand.")))
    elif auth.chip in (ChipProofStatus.NOT_OFFERED, ChipProofStatus.NOT_SUPPORTED):
        found.append((rules.chip_unproven, Reason(
            "chip_unproven", "The chip offers no proof that it is not a copy.")))
    return found


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


#: What the desk's decision (coverage.py) says beyond the gateway's class, in plain English
#: (the UI has its own vi/en words for each code).
_COVERAGE_MESSAGES = {
    "card_expired": "The health insurance card has expired: the desk decides how the visit is paid.",
    "card_not_yet_valid": "The health insurance card is not valid yet: the desk decides how the "
                          "visit is paid.",
    "card_withdrawn": "The health insurance card was withdrawn: the desk sorts it out.",
    "card_reduced": "The health insurance card was reported reduced: the desk sorts it out.",
    "card_not_found": "No card was found for a child under 6: the desk checks the birth "
                      "certificate.",
    "slips_unanswered": "The patient did not answer the referral-slip questions: the desk asks.",
    "self_referred_not_covered": "Registered elsewhere and no referral or appointment slip: the "
                                 "fund pays nothing here; checked in as a paying patient.",
}
_DECIDED = (EligibilityStatus.ELIGIBLE, EligibilityStatus.ELIGIBLE_WITH_NOTE,
            EligibilityStatus.NOT_ELIGIBLE)


def _coverage(elig: EligibilityOutcome,
              coverage: Coverage) -> tuple[Verdict, Payer, Reason] | None:
    """Where the desk's decision differs from the gateway's class alone (the counter for a card
    the clinic does not take as paying, paying for a usable card the fund pays nothing of)."""
    code = coverage.reason_code
    if not code or elig.status not in _DECIDED:
        return None
    message = _COVERAGE_MESSAGES.get(code, elig.message or "The desk decides.")
    if coverage.action is DeskAction.COUNTER:
        return Verdict.REVIEW, Payer.UNKNOWN, Reason(code, message)
    if coverage.action is DeskAction.SELF_PAY and elig.status.is_usable:
        return Verdict.ACCEPT, Payer.PAYING, Reason(code, message)
    return None


def _eligibility(rules: CheckinRules, elig: EligibilityOutcome,
                 coverage: Coverage | None = None) -> tuple[Verdict, Payer, Reason | None]:
    found = None if coverage is None else _coverage(elig, coverage)
    if found is not None:
        return found
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
           eligibility: EligibilityOutcome, coverage: Coverage | None = None) -> Decision:
    """Combine the three checks: the most severe verdict wins, every doubtful finding is a reason.
    `coverage` (the desk's insurance decision) refines what the eligibility class alone says."""
    card = _authenticity(rules, authenticity)
    face_verdict, face_reason = _face(rules, face)
    elig_verdict, payer, elig_reason = _eligibility(rules, eligibility, coverage)
    verdict = max((*(v for v, _ in card), face_verdict, elig_verdict), key=_SEVERITY.__getitem__)
    reasons = tuple(r for r in (*(r for _, r in card), face_reason, elig_reason) if r is not None)
    return Decision(verdict, payer, reasons)
