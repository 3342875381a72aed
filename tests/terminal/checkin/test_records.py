"""The check-in records: identities never reach a log line in clear; tickets read as the patient sees them."""

from __future__ import annotations

from datetime import date

from terminal.checkin.events import PatientIdentified, PhotoRead
from terminal.checkin.records import (
    Authenticity,
    AuthenticityStatus,
    CheckinState,
    EligibilityOutcome,
    EligibilityStatus,
    PatientIdentity,
    Sex,
    Ticket,
)

IDENTITY = PatientIdentity("001093047064", "Nguyễn Văn An", date(1993, 1, 5), Sex.MALE,
                           "093047064")


def test_identity_repr_and_events_carry_no_clear_identifiers():
    for text in (repr(IDENTITY), repr(PatientIdentified("c1", 1.0, IDENTITY)), str([IDENTITY])):
        assert "001093047064" not in text and "Nguyễn" not in text
        assert "0010******64" in text


def test_photo_event_repr_holds_no_image_bytes():
    photo = b"\xff\xd8\xff\xe0" + b"secret-face" * 10
    text = repr(PhotoRead("c1", 2.0, photo, "jpeg", Authenticity(AuthenticityStatus.VALID)))
    assert "secret-face" not in text and f"{len(photo)} bytes" in text


def test_eligibility_repr_masks_the_card_number():
    outcome = EligibilityOutcome(EligibilityStatus.ELIGIBLE, card_number="DN4797912345678")
    assert "DN4797912345678" not in repr(outcome)


def test_ticket_label_pads_the_number_after_the_counter():
    assert Ticket("B", date(2026, 5, 9), 7).label == "B007"
    assert Ticket("A", date(2026, 5, 9), 1234).label == "A1234"


def test_only_end_states_are_final():
    assert {s for s in CheckinState if s.is_final} == {
        CheckinState.DONE, CheckinState.REJECTED, CheckinState.CANCELLED, CheckinState.FAILED}
    assert EligibilityStatus.ELIGIBLE_WITH_NOTE.is_usable
    assert not EligibilityStatus.PENDING.is_usable


def test_no_verdict_yet_is_one_property_of_the_status():
    waiting = {s for s in EligibilityStatus if s.awaits_verdict}
    assert waiting == {EligibilityStatus.PENDING, EligibilityStatus.GATEWAY_ERROR,
                       EligibilityStatus.AUTH_ERROR}
    assert not any(s.is_usable for s in waiting)


def test_sex_from_the_card_words_and_on_the_wire():
    assert Sex.from_card_text("Nam") is Sex.MALE and Sex.from_card_text(" NỮ ") is Sex.FEMALE
    assert Sex.from_card_text("?") is Sex.UNKNOWN
    assert (Sex.MALE.value, Sex.FEMALE.value, Sex.UNKNOWN.value) == ("M", "F", "")
