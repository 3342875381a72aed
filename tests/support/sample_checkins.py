"""Check-in records of simulated patients, for tests, crash children and benchmarks."""

from __future__ import annotations

import hashlib

from offline_cache.outbox import OutboxItem
from terminal.delivery.checkin_payload import KIND_CHECKIN, CheckinPayload, EligibilityPayload, PatientPayload

PENDING_ELIGIBILITY = EligibilityPayload("pending", "", "Gateway not reached yet.", "")
ELIGIBLE = EligibilityPayload("eligible", "000", "Card information correct.",
                              "2025-03-01T08:00:05+07:00")


def sample_checkin(n: int, prefix: str = "t", eligibility: EligibilityPayload = ELIGIBLE
                   ) -> CheckinPayload:
    """The n-th simulated check-in; its id is derived from (prefix, n), so a re-run reproduces it."""
    checkin_id = hashlib.sha256(f"{prefix}-{n}".encode()).hexdigest()[:32]
    return CheckinPayload(
        checkin_id=checkin_id, facility_code="79001", counter="A", ticket=f"A{n % 1000:03d}",
        checked_in_at="2025-03-01T08:00:00+07:00",
        patient=PatientPayload(id_number=f"079093{n % 1_000_000:06d}", full_name="Nguyễn Văn An",
                               birth_date="1993-04-12", sex="M", hi_card_number=""),
        chip_authenticated=True, face_decision="accept", eligibility=eligibility)


def outbox_item(payload: dict, key: str, kind: str = KIND_CHECKIN) -> OutboxItem:
    """An outbox item as the sender would hand it to the HIS client."""
    return OutboxItem(1, kind, key, payload, 0, 0.0, None)


def sample_checkin_item(n: int = 1) -> OutboxItem:
    record = sample_checkin(n)
    return outbox_item(record.to_dict(), record.checkin_id)
