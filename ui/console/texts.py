"""Translated names of the workflow's states, statuses and devices, for the console's tables."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from terminal.checkin.records import CheckinState, Device, EligibilityStatus, Health
from terminal.kiosk.console import QueueKind

STATE_TEXTS = {
    CheckinState.WAITING: QT_TRANSLATE_NOOP("Console", "Waiting"),
    CheckinState.ACCESS_KEY: QT_TRANSLATE_NOOP("Console", "Needs the card's key"),
    CheckinState.READING_CARD: QT_TRANSLATE_NOOP("Console", "Reading card"),
    CheckinState.CHECKING: QT_TRANSLATE_NOOP("Console", "Checking"),
    CheckinState.REVIEW: QT_TRANSLATE_NOOP("Console", "Needs review"),
    CheckinState.DONE: QT_TRANSLATE_NOOP("Console", "Checked in"),
    CheckinState.REJECTED: QT_TRANSLATE_NOOP("Console", "Rejected"),
    CheckinState.CANCELLED: QT_TRANSLATE_NOOP("Console", "Cancelled"),
    CheckinState.FAILED: QT_TRANSLATE_NOOP("Console", "Failed"),
}

ELIGIBILITY_TEXTS = {
    EligibilityStatus.ELIGIBLE: QT_TRANSLATE_NOOP("Console", "Covered"),
    EligibilityStatus.ELIGIBLE_WITH_NOTE: QT_TRANSLATE_NOOP("Console", "Covered: check papers"),
    EligibilityStatus.NOT_ELIGIBLE: QT_TRANSLATE_NOOP("Console", "Not covered"),
    EligibilityStatus.INPUT_ERROR: QT_TRANSLATE_NOOP("Console", "Details do not match"),
    EligibilityStatus.AUTH_ERROR: QT_TRANSLATE_NOOP("Console", "Gateway account refused"),
    EligibilityStatus.GATEWAY_ERROR: QT_TRANSLATE_NOOP("Console", "Gateway error"),
    EligibilityStatus.PENDING: QT_TRANSLATE_NOOP("Console", "Waiting for the gateway"),
    EligibilityStatus.UNKNOWN: QT_TRANSLATE_NOOP("Console", "Unknown answer"),
    EligibilityStatus.NOT_CHECKED: QT_TRANSLATE_NOOP("Console", "Not checked"),
}

DEVICE_TEXTS = {
    Device.READER: QT_TRANSLATE_NOOP("Console", "Card reader"),
    Device.CAMERA: QT_TRANSLATE_NOOP("Console", "Camera"),
    Device.GATEWAY: QT_TRANSLATE_NOOP("Console", "Insurance gateway"),
    Device.HIS: QT_TRANSLATE_NOOP("Console", "Clinic system (HIS)"),
    Device.QUEUE: QT_TRANSLATE_NOOP("Console", "Offline queue"),
    Device.PRINTER: QT_TRANSLATE_NOOP("Console", "Slip printer"),
}

HEALTH_TEXTS = {
    Health.OK: QT_TRANSLATE_NOOP("Console", "Working"),
    Health.DEGRADED: QT_TRANSLATE_NOOP("Console", "Working, with problems"),
    Health.DOWN: QT_TRANSLATE_NOOP("Console", "Not working"),
    Health.UNKNOWN: QT_TRANSLATE_NOOP("Console", "Not used yet"),
}

QUEUE_KIND_TEXTS = {
    QueueKind.CHECKIN: QT_TRANSLATE_NOOP("Console", "Check-in for the HIS"),
    QueueKind.ELIGIBILITY_LOOKUP: QT_TRANSLATE_NOOP("Console", "Insurance lookup to redo"),
    QueueKind.ELIGIBILITY_UPDATE: QT_TRANSLATE_NOOP("Console", "Insurance answer for the HIS"),
    QueueKind.OTHER: QT_TRANSLATE_NOOP("Console", "Other"),
}


# What the chip checks found, in words for the receptionist (decision reason codes; the core
# returns the codes, terminal/checkin/decision.py).
CARD_CHECK_TEXTS = {
    "authenticity_mismatch": QT_TRANSLATE_NOOP(
        "Console", "Data changed after signing: check the card by hand"),
    "authenticity_unverified": QT_TRANSLATE_NOOP("Console", "Signature could not be checked"),
    "signer_issuer_unknown": QT_TRANSLATE_NOOP(
        "Console", "Signature valid, issuer not in the trust store"),
    "signer_no_trust_store": QT_TRANSLATE_NOOP(
        "Console", "No trust store: issuer not confirmed"),
    "signer_expired": QT_TRANSLATE_NOOP("Console", "Signing certificate expired"),
    "signer_revoked": QT_TRANSLATE_NOOP("Console", "Signing certificate revoked"),
    "signer_revocation_unknown": QT_TRANSLATE_NOOP("Console", "Revocation list missing or old"),
    "signer_invalid_chain": QT_TRANSLATE_NOOP(
        "Console", "Signing certificate not from the issuer it names"),
    "signer_broken_master_list": QT_TRANSLATE_NOOP(
        "Console", "Issuer not found; trust store damaged (call IT)"),
    "chip_clone": QT_TRANSLATE_NOOP("Console", "Chip is a copy (failed its key check)"),
    "chip_unproven": QT_TRANSLATE_NOOP("Console", "Chip offers no copy check"),
}


# The desk's insurance decision and its flags, in words with the next step (decision reason
# codes from terminal/checkin/coverage.py and the queue's day-end flag).
INSURANCE_REASON_TEXTS = {
    "card_expired": QT_TRANSLATE_NOOP("Console", "Card expired: decide self-pay or another card"),
    "card_not_yet_valid": QT_TRANSLATE_NOOP(
        "Console", "Card not valid yet: decide self-pay or another card"),
    "card_withdrawn": QT_TRANSLATE_NOOP("Console", "Card withdrawn: ask for a valid card"),
    "card_reduced": QT_TRANSLATE_NOOP(
        "Console", "Card reported reduced: ask for the re-issued card"),
    "card_not_found": QT_TRANSLATE_NOOP(
        "Console", "Child under 6 not on file: check the birth certificate"),
    "slips_unanswered": QT_TRANSLATE_NOOP(
        "Console", "Registered elsewhere: ask for a referral or appointment slip"),
    "self_referred_not_covered": QT_TRANSLATE_NOOP(
        "Console", "Registered elsewhere, no slip: self-pay here"),
    "unverified_at_day_end": QT_TRANSLATE_NOOP(
        "Console", "Card still not verified at day end: check it before discharge"),
}


def insurance_text(status, reason_codes: tuple[str, ...]) -> str:
    """The insurance column: the gateway's class, and the desk's decision or flag in words."""
    words = [console_text(ELIGIBILITY_TEXTS, status)] if status is not None else []
    words += [QCoreApplication.translate("Console", INSURANCE_REASON_TEXTS[code])
              for code in reason_codes if code in INSURANCE_REASON_TEXTS]
    return "; ".join(words)


def card_check_text(reason_codes: tuple[str, ...]) -> str:
    """The chip checks' findings among a check-in's reasons, in words ("" when none)."""
    return "; ".join(QCoreApplication.translate("Console", CARD_CHECK_TEXTS[code])
                     for code in reason_codes if code in CARD_CHECK_TEXTS)


def console_text(table: dict, key) -> str:
    """The translated text of `key` in one of the tables above ("" for None)."""
    return QCoreApplication.translate("Console", table[key]) if key is not None else ""
