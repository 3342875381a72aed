"""Translated names of the workflow's states, statuses and devices, for the console's tables."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from terminal.checkin.records import CheckinState, Device, DeviceStatus, EligibilityStatus, Health
from terminal.kiosk.console import HisNotice, QueueKind, ReviewTopic, his_notices

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


REVIEW_TOPIC_TEXTS = {
    ReviewTopic.FACE: QT_TRANSLATE_NOOP("Console", "Face"),
    ReviewTopic.CARD_SIGNATURE: QT_TRANSLATE_NOOP("Console", "Card signature"),
    ReviewTopic.CHIP: QT_TRANSLATE_NOOP("Console", "Chip genuineness"),
    ReviewTopic.INSURANCE: QT_TRANSLATE_NOOP("Console", "Insurance"),
    ReviewTopic.PRIORITY: QT_TRANSLATE_NOOP("Console", "Declared priority"),
    ReviewTopic.DEPARTMENT: QT_TRANSLATE_NOOP("Console", "Department and age"),
    ReviewTopic.ROOM_FULL: QT_TRANSLATE_NOOP("Console", "Room full (clinic system)"),
}

HIS_NOTICE_TEXTS = {
    HisNotice.OVER_CAPACITY: QT_TRANSLATE_NOOP("Console", "Over the room's capacity"),
    HisNotice.RENUMBERED: QT_TRANSLATE_NOOP("Console", "Number changed by the clinic system"),
}
_RENUMBERED_TEXT = QT_TRANSLATE_NOOP("Console", "Number changed by the clinic system: %1 → %2")


def his_notice_text(row) -> str:
    """The "Clinic system" column: what the HIS said about the check-in after delivery ("" when
    nothing), the slip's number and the HIS's when it replaced it."""
    words = []
    for notice in his_notices(row):
        if notice is HisNotice.RENUMBERED:
            words.append(QCoreApplication.translate("Console", _RENUMBERED_TEXT)
                         .replace("%1", row.renumbered_from).replace("%2", row.ticket))
        else:
            words.append(console_text(HIS_NOTICE_TEXTS, notice))
    return "; ".join(words)


# A device's state in words, from its health and what it last did (the core's summary is for the
# log and the support bundle; the console words the codes).
_WORKING_TEXTS = {
    Device.READER: QT_TRANSLATE_NOOP("Console", "Last card read without trouble."),
    Device.CAMERA: QT_TRANSLATE_NOOP("Console", "Last face check done."),
    Device.GATEWAY: QT_TRANSLATE_NOOP("Console", "The insurance gateway answers."),
    Device.HIS: QT_TRANSLATE_NOOP("Console", "%1 items sent to the clinic system."),
    Device.QUEUE: QT_TRANSLATE_NOOP("Console", "%1 waiting to be sent, %2 could not be delivered."),
    Device.PRINTER: QT_TRANSLATE_NOOP("Console", "Last slip printed."),
}
_NOT_USED_TEXT = QT_TRANSLATE_NOOP("Console", "Not used since the kiosk started.")

# Last errors by their code (DeviceStatus.last_error_code: an error's class or a closed code).
ERROR_TEXTS = {
    "ReaderError": QT_TRANSLATE_NOOP("Console", "The card reader does not answer: check its cable."),
    "CameraError": QT_TRANSLATE_NOOP("Console", "The camera failed: check its cable."),
    "CameraUnavailableError": QT_TRANSLATE_NOOP(
        "Console", "The camera cannot be opened: check its cable, or call IT."),
    "CameraLostError": QT_TRANSLATE_NOOP("Console", "The camera stopped sending pictures."),
    "ReplaySourceError": QT_TRANSLATE_NOOP("Console", "The test camera's recording is missing."),
    "timeout": QT_TRANSLATE_NOOP("Console", "Did not answer in time."),
    "unreachable": QT_TRANSLATE_NOOP(
        "Console", "Cannot be reached: check-ins wait in the queue and are sent later."),
    "delivery_failed": QT_TRANSLATE_NOOP("Console", "A delivery failed: it is tried again."),
    "pending": QT_TRANSLATE_NOOP("Console", "No answer: cards are looked up again later."),
    "gateway_error": QT_TRANSLATE_NOOP("Console", "The gateway answered with an error."),
    "auth_error": QT_TRANSLATE_NOOP(
        "Console", "The gateway refused the clinic's account: call IT."),
    "paper_out": QT_TRANSLATE_NOOP("Console", "Out of paper: put in a new roll."),
    "cover_open": QT_TRANSLATE_NOOP("Console", "The printer's cover is open: close it."),
    "offline": QT_TRANSLATE_NOOP("Console", "The printer is off or not connected."),
    "failed": QT_TRANSLATE_NOOP("Console", "The slip was not printed."),
    "FaceError": QT_TRANSLATE_NOOP("Console", "The face check could not be done."),
    "FaceModelError": QT_TRANSLATE_NOOP("Console", "The face check's models are missing: call IT."),
    "ReferencePhotoError": QT_TRANSLATE_NOOP(
        "Console", "The photo on a card's chip could not be used for the face check."),
    "CheckinError": QT_TRANSLATE_NOOP("Console", "A check-in could not be put in the queue: call IT."),
    "OutboxFullError": QT_TRANSLATE_NOOP("Console", "The queue is full: call IT."),
    "OutboxCorruptError": QT_TRANSLATE_NOOP(
        "Console", "The queue file was damaged and set aside: call IT."),
    "OutboxSetAsideError": QT_TRANSLATE_NOOP("Console", "The queue file was set aside: call IT."),
    "OutboxSchemaError": QT_TRANSLATE_NOOP("Console", "The queue file is of another version: call IT."),
    "OutboxKeyError": QT_TRANSLATE_NOOP("Console", "The queue's key is missing: call IT."),
    "KeySetDamagedError": QT_TRANSLATE_NOOP("Console", "The queue's key is damaged: call IT."),
}
_OTHER_ERROR_TEXT = QT_TRANSLATE_NOOP("Console", "A problem (%1): the log has the details; call IT "
                                                 "if it stays.")


def _counts(status: DeviceStatus) -> dict[str, int]:
    return dict(status.counts)


def device_summary_text(status: DeviceStatus) -> str:
    """What the device is doing, in words: its last error while it is not working."""
    if status.health is Health.UNKNOWN:
        return QCoreApplication.translate("Console", _NOT_USED_TEXT)
    counts = _counts(status)
    if status.device is Device.QUEUE:
        text = (QCoreApplication.translate("Console", _WORKING_TEXTS[Device.QUEUE])
                .replace("%1", str(counts.get("waiting", 0))).replace("%2", str(counts.get("dead", 0))))
        return text if status.health is Health.OK or not status.last_error_code else \
            f"{text} {error_text(status.last_error_code)}"
    if status.health is not Health.OK:
        return error_text(status.last_error_code)
    return (QCoreApplication.translate("Console", _WORKING_TEXTS[status.device])
            .replace("%1", str(counts.get("delivered", 0))))


def error_text(code: str) -> str:
    """An error code in words ("" for none)."""
    if not code:
        return ""
    if code in ERROR_TEXTS:
        return QCoreApplication.translate("Console", ERROR_TEXTS[code])
    return QCoreApplication.translate("Console", _OTHER_ERROR_TEXT).replace("%1", code)


#: What a receptionist's action ran into (terminal/checkin/staff_actions.py codes).
STAFF_ERROR_TEXTS = {
    "reason_missing": QT_TRANSLATE_NOOP("Console", "Give the reason for the decision."),
    "verdict_missing": QT_TRANSLATE_NOOP("Console", "Choose accept or reject."),
    "staff_missing": QT_TRANSLATE_NOOP("Console", "Sign in with your name first."),
    "no_declared_priority": QT_TRANSLATE_NOOP(
        "Console", "This check-in has no declared priority to confirm."),
    "second_not_repeat": QT_TRANSLATE_NOOP(
        "Console", "A second number is issued only to a patient shown the number they already "
                   "had today."),
    "reprint_not_held": QT_TRANSLATE_NOOP(
        "Console", "This slip cannot be printed again here: look the number up in today's list."),
    "retry_not_held": QT_TRANSLATE_NOOP(
        "Console", "This check-in cannot be looked up again here (it ended, or the terminal was "
                   "restarted). Look the card up at the desk."),
    "not_in_review": QT_TRANSLATE_NOOP("Console", "This check-in is no longer waiting for review."),
    "no_such_checkin": QT_TRANSLATE_NOOP("Console", "There is no such check-in today."),
    "room_full": QT_TRANSLATE_NOOP(  # delivery.errors.RoomFull: the HIS gave no number
        "Console", "The clinic's system says this room is full: no number was given."),
}


def staff_error_text(code: str) -> str:
    """A failed console action in words, by its code (terminal/checkin/staff_actions.py, or an
    error class the device table words; else the general words with the code)."""
    if code in STAFF_ERROR_TEXTS:
        return QCoreApplication.translate("Console", STAFF_ERROR_TEXTS[code])
    return error_text(code)
