"""Where a finished check-in goes: the durable outbox, in the records the HIS sender delivers
(terminal/delivery/checkin_payload.py). A check-in with a ticket becomes a `checkin` item; when
the gateway gave no verdict on its card yet, an `eligibility_lookup` item too, done by the
sender later. The lookup's evidence (raw replies or failures) is kept with the check-in in the
outbox's sealed evidence table and sent with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime

from offline_cache.errors import OutboxError, OutboxFullError
from terminal.checkin.coverage import Coverage, CoverageRules, SlipAnswers, coverage_of
from terminal.checkin.departments import DepartmentList
from terminal.checkin.eligibility_lookup import eligibility_outcome
from terminal.checkin.errors import queue_errors_as_checkin_errors
from terminal.checkin.records import (
    CheckinRecord,
    CheckinState,
    Device,
    DeviceStatus,
    EligibilityOutcome,
    FaceVerdict,
    Health,
    PatientIdentity,
)
from terminal.delivery import checkin_payload as wire
from terminal.delivery.eligibility_retry import EligibilityRetry
from terminal.delivery.his_client import HisClient
from terminal.delivery.service import DeliveryService
from terminal.eligibility.replacement import CardAnswer


def patient_of(identity: PatientIdentity, card_number: str) -> wire.PatientPayload:
    return wire.PatientPayload(identity.id_number, identity.full_name,
                               wire.iso_birth_date(identity.birth_date), identity.sex.value,
                               card_number)


def eligibility_of(outcome: EligibilityOutcome) -> wire.EligibilityPayload:
    return wire.EligibilityPayload.of(outcome.status, outcome.result_code,
                                      outcome.message_vi or outcome.message, outcome.checked_at)


def evidence_payloads(outcome: EligibilityOutcome) -> tuple[wire.EvidencePayload, ...]:
    return tuple(wire.EvidencePayload.of(exchange) for exchange in outcome.evidence)


def coverage_payload(record: CheckinRecord) -> wire.CoveragePayload | None:
    if record.coverage is None:
        return None
    return coverage_wire(record.coverage, record.slips, record.eligibility)


def coverage_wire(coverage: Coverage, slips: SlipAnswers | None,
                  outcome: EligibilityOutcome | None) -> wire.CoveragePayload:
    card = outcome.card_number if outcome else ""
    return wire.CoveragePayload(
        coverage.card_state.value, coverage.action.value, coverage.route.value,
        coverage.care_level.value, None if slips is None else slips.referral,
        None if slips is None else slips.appointment, coverage.child_under_6,
        coverage.benefit_pct, coverage.fund_pct, coverage.copay_exempt,
        card if outcome and outcome.replaced_card and len(card) == 15 else "")


class DeferredCoverage:
    """The desk's decision (coverage.py) on a lookup's late answer, for the HIS update: from the
    lookup queued at check-in, which carries the check-in's day and the slip answers given then
    (the queue's retry, terminal/delivery/eligibility_retry.Cover; works after a restart too)."""

    def __init__(self, rules: CoverageRules,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.rules = rules
        self.clock = clock or (lambda: datetime.now().astimezone())

    def __call__(self, query: wire.EligibilityLookupPayload,
                 answer: CardAnswer) -> wire.CoveragePayload:
        slips = (None if query.referral_slip is None or query.appointment_slip is None
                 else SlipAnswers(query.referral_slip, query.appointment_slip))
        birth: date | int = (int(query.birth_date) if len(query.birth_date) == 4
                             else date.fromisoformat(query.birth_date))
        day = (date.fromisoformat(query.checked_in_on) if query.checked_in_on
               else self.clock().date())
        outcome = eligibility_outcome(answer)  # a replaced card: the new code it goes by
        return coverage_wire(coverage_of(self.rules, outcome, birth, day, slips), slips, outcome)


def checkin_of(record: CheckinRecord, facility_code: str, kiosk_id: str = "",
               site: str = "",
               department: wire.DepartmentPayload | None = None) -> wire.CheckinPayload:
    assert record.identity and record.eligibility and record.ticket and record.authenticity
    assert record.face is not None
    face = "accept" if record.face.verdict is FaceVerdict.ACCEPT and record.override is None \
        else "review"
    return wire.CheckinPayload(
        checkin_id=record.checkin_id, facility_code=facility_code, counter=record.ticket.counter,
        ticket=record.ticket.label,
        checked_in_at=(record.finished_at or record.started_at).isoformat(),
        patient=patient_of(record.identity, record.eligibility.card_number
                           if len(record.eligibility.card_number) == 15 else ""),
        chip_authenticated=record.authenticity.genuine,
        face_decision=face, eligibility=eligibility_of(record.eligibility),
        kiosk_id=kiosk_id, site=site,
        priority=None if record.priority is None else wire.PriorityPayload(
            record.priority.reason.value, record.priority.basis.value,
            record.priority.status.value, record.priority.staff),
        department=department, coverage=coverage_payload(record),
        evidence=evidence_payloads(record.eligibility))


class OutboxSink:
    """Queues check-ins in the delivery service's outbox and reports the HIS and the queue as its
    sender sees them (offline is learnt from real deliveries, never from pings)."""

    def __init__(self, delivery: DeliveryService, facility_code: str, kiosk_id: str = "",
                 site: str = "", departments: DepartmentList | None = None) -> None:
        self.delivery = delivery
        self.facility_code = facility_code
        self.kiosk_id = kiosk_id
        self.site = site
        self.departments = departments

    def deliver(self, record: CheckinRecord) -> None:
        """Queue a check-in that got a ticket (rejected ones stay in the day book only)."""
        if record.state is not CheckinState.DONE or record.ticket is None:
            return
        checkin = checkin_of(record, self.facility_code, self.kiosk_id, self.site,
                             self._department(record.department))
        with queue_errors_as_checkin_errors():
            assert record.identity is not None and record.eligibility is not None
            self.delivery.outbox.keep_evidence(record.checkin_id, "checkin", {
                "evidence": [asdict(e) for e in checkin.evidence]})
            self.delivery.queue_checkin(checkin)
            if record.eligibility.status.awaits_verdict:
                slips = record.slips
                self.delivery.queue_eligibility_lookup(wire.EligibilityLookupPayload(
                    record.checkin_id, record.identity.id_number, record.identity.full_name,
                    wire.iso_birth_date(record.identity.birth_date),
                    record.started_at.date().isoformat(),
                    None if slips is None else slips.referral,
                    None if slips is None else slips.appointment))

    def _department(self, code: str) -> wire.DepartmentPayload | None:
        """The department for the HIS, when the clinic configured departments."""
        if self.departments is None or not code:
            return None
        department = self.departments.get(code)
        if department is None:
            return None
        return wire.DepartmentPayload(department.code, department.room, department.floor)

    def deliver_eligibility(self, record: CheckinRecord) -> None:
        """Queue the answer of a lookup retried at the console for a check-in already queued."""
        assert record.eligibility is not None
        update = wire.EligibilityUpdatePayload(record.checkin_id,
                                               eligibility_of(record.eligibility),
                                               evidence_payloads(record.eligibility),
                                               coverage=coverage_payload(record))
        with queue_errors_as_checkin_errors():
            self.delivery.outbox.keep_evidence(record.checkin_id, "retried_at_console", {
                "evidence": [asdict(e) for e in update.evidence]})
            self.delivery.outbox.enqueue(wire.KIND_ELIGIBILITY_UPDATE, update.to_dict(),
                                         update.idempotency_key)
            self.delivery.sender.wake()

    def _startup_problem(self) -> str:
        fault = self.delivery.startup_fault
        if fault is None:
            return ""
        if fault is self.delivery.outbox.space_fault or not isinstance(fault, OutboxFullError):
            return fault.message
        return ""  # the disk was full at start and has room again

    def statuses(self) -> list[DeviceStatus]:
        """The HIS and the queue for the console, from the sender's delivery state."""
        try:
            state = self.delivery.sender.state()
            stats = self.delivery.outbox.stats()
        except OutboxError as exc:
            return [DeviceStatus(Device.QUEUE, Health.DOWN, exc.message, last_error=exc.message,
                                 last_error_code=type(exc).__name__)]
        his_offline = HisClient.name in state.offline_destinations
        his = (DeviceStatus(Device.HIS, Health.DOWN, "The clinic's system cannot be reached; "
                            "check-ins wait in the queue.", last_error=state.last_error or "",
                            last_error_code="unreachable")
               if his_offline else
               DeviceStatus(Device.HIS, Health.OK, f"{stats.delivered} check-in item(s) sent.",
                            counts=(("delivered", stats.delivered),)))
        health = Health.DEGRADED if stats.dead or state.offline_destinations else Health.OK
        summary = f"{stats.waiting} waiting to be sent, {stats.dead} could not be delivered."
        if EligibilityRetry.name in state.offline_destinations:
            summary += " Insurance lookups wait for the gateway."
        # What went wrong with the queue itself (set aside at start, disk full, key replaced)
        # stays said until the terminal restarts, whatever was sent meanwhile.
        problems = [p for p in (self._startup_problem(), stats.key_problem) if p]
        if problems:
            health = Health.DEGRADED
            summary = " ".join(problems) + " " + summary
        queue = DeviceStatus(Device.QUEUE, health, summary, last_error=stats.last_error or "",
                             last_error_code="delivery_failed" if stats.last_error else "",
                             counts=(("waiting", stats.waiting), ("in_flight", stats.in_flight),
                                     ("delivered", stats.delivered), ("dead", stats.dead)))
        return [his, queue]
