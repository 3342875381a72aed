"""Decree 188/2025 Art 38 at the desk: the gateway down for a whole simulated morning (a manual
clock), every check-in admitted as "card not verified" and queued, then the gateway back: every
check-in updated at the HIS, none lost, none duplicated; and a day that ends with the gateway
still down flags each check-in for the desk and the HIS, once. Real gateway and HIS simulators
on loopback, a real SQLite outbox."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from drivers.idcard.sim.profile import load_profile
from offline_cache.schema import DEAD, PENDING
from terminal.checkin.eligibility_lookup import GatewayEligibility
from terminal.checkin.outbox_sink import OutboxSink
from terminal.checkin.records import (Authenticity, AuthenticityStatus, CheckinRecord,
                                      CheckinState, Decision, FaceOutcome, FaceVerdict,
                                      PatientIdentity, Payer, Sex, SignerStatus, Ticket, Verdict)
from terminal.config import config_from_dict
from terminal.delivery.checkin_payload import FLAG_UNVERIFIED_AT_DAY_END
from terminal.delivery.eligibility_retry import EligibilityRetry, GatewayLookup
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import Sender, SenderSettings
from terminal.delivery.service import DeliveryService
from offline_cache.outbox import RetryPolicy
from terminal.services import open_eligibility_service

HANOI = timezone(timedelta(hours=7))
MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=HANOI)
#: The simulated citizens the gateway knows (giang and khanh are not on file: answered 050).
PEOPLE = ("an", "binh", "chi", "dung", "em", "hai", "hanh", "tam", "mai", "giang", "khanh")


def _identity(profile: str) -> PatientIdentity:
    p = load_profile(profile)
    return PatientIdentity(p.id_number, p.full_name, p.birth_date, Sex.from_card_text(p.sex))


class _Desk:
    """The desk's morning: check-ins looked up (the gateway down: pending), queued by the
    sink, and the sender run by hand on the manual clock."""

    def __init__(self, outbox, his, clock, service, flagged: list[str]) -> None:
        self.clock = clock
        self.now = lambda: datetime.fromtimestamp(clock(), HANOI)
        retry = EligibilityRetry(outbox, GatewayLookup(service.lookup), day_end=time(17, 0),
                                 now=self.now, on_unverified=flagged.append)
        self.sender = Sender(outbox, [HisClient(his.base_url), retry],
                             SenderSettings(offline_backoff=RetryPolicy(base_delay_s=30,
                                                                        max_delay_s=600)),
                             clock=clock, rng=random.Random(5))
        self.sink = OutboxSink(DeliveryService(outbox, self.sender, HisClient(his.base_url)),
                               "79001")
        self.lookup = GatewayEligibility(service.lookup)
        self.outbox = outbox
        self.ids: list[str] = []

    def check_in(self, n: int, profile: str) -> None:
        identity = _identity(profile)
        outcome = self.lookup.lookup(identity)  # the gateway is down: pending, with evidence
        assert outcome.status.awaits_verdict
        record = CheckinRecord(
            f"{n:032x}", "A", self.now(), CheckinState.DONE, identity=identity,
            authenticity=Authenticity(AuthenticityStatus.VALID, signer=SignerStatus.TRUSTED),
            eligibility=outcome, face=FaceOutcome(FaceVerdict.ACCEPT),
            decision=Decision(Verdict.ACCEPT, Payer.PENDING),
            ticket=Ticket("A", self.now().date(), n), finished_at=self.now())
        self.sink.deliver(record)
        self.ids.append(record.checkin_id)

    def pass_time(self, seconds: float, step: float = 120.0) -> None:
        """Let the sender work while the clock moves on."""
        end = self.clock() + seconds
        while self.clock() < end:
            self.clock.advance(min(step, end - self.clock()))
            while self.sender.run_once():
                pass

    def drain(self) -> None:
        for _ in range(100):
            self.pass_time(600)
            if not self.outbox.stats().waiting:
                return


def _received(his) -> dict[str, dict]:
    return {c.checkin["checkin_id"]: c for c in his.received()}


def test_gateway_down_all_morning_then_back_updates_every_checkin_once(outbox, his, clock,
                                                                       tmp_path):
    clock.now = MORNING.timestamp()
    config = config_from_dict({"gateway": {"retries": 0}})
    flagged: list[str] = []
    with open_eligibility_service(config) as service:
        service.simulator.faults.set(connection_reset=True)  # down from 08:00
        desk = _Desk(outbox, his, clock, service, flagged)
        for n in range(1, 25):  # a check-in every 10 minutes until noon
            desk.check_in(n, PEOPLE[n % len(PEOPLE)])
            desk.pass_time(600)
        assert desk.now().time() == time(12, 0)
        # all morning: every check-in reached the HIS as "not verified", none looked up yet
        received = _received(his)
        assert set(received) == set(desk.ids)
        assert all(c.checkin["eligibility"]["status"] == "pending" and not c.updated
                   for c in received.values())
        assert all(c.checkin["evidence"][0]["failure"] for c in received.values())
        assert "insurance gateway" in desk.sender.state().offline_destinations

        service.simulator.faults.clear()  # back at noon
        desk.drain()
    received = _received(his)
    assert len(received) == 24 and set(received) == set(desk.ids)  # none lost
    assert his.duplicates == 0 and len(his.received()) == 24       # none duplicated
    for checkin_id, c in received.items():
        assert c.updated, checkin_id
        assert c.checkin["eligibility"]["status"] != "pending"
        # the answer's raw reply joined the failure's evidence at the HIS and in the outbox
        assert any(e["http_status"] == 200 for e in c.checkin["evidence"])
        kept = outbox.evidence(checkin_id)
        assert kept["deferred_answer"]["eligibility"]["status"] != "pending"
        assert kept["checkin"]["evidence"][0]["failure"]  # the failure at check-in, and its time
    assert {(c.checkin["eligibility"]["status"]) for c in received.values()} >= {
        "eligible", "not_eligible"}  # giang and khanh are not on file
    updates = [e for e in outbox.entries() if e.kind == "checkin_eligibility"]
    assert sorted(e.idempotency_key for e in updates) == sorted(f"{i}:eligibility"
                                                               for i in desk.ids)
    assert not outbox.entries(PENDING) and not outbox.entries(DEAD)
    assert flagged == []  # all answered before the end of the day
    # the evidence (raw replies with names and numbers) is on disk, sealed
    disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for profile in PEOPLE:
        person = _identity(profile)
        assert person.full_name.encode() not in disk and person.id_number.encode() not in disk


def test_a_day_ending_unverified_is_flagged_once_then_updated_next_morning(outbox, his, clock):
    clock.now = datetime(2026, 12, 7, 15, 30, tzinfo=HANOI).timestamp()
    config = config_from_dict({"gateway": {"retries": 0}})
    flagged: list[str] = []
    with open_eligibility_service(config) as service:
        service.simulator.faults.set(http_status=503)  # down all afternoon
        desk = _Desk(outbox, his, clock, service, flagged)
        for n in range(1, 4):
            desk.check_in(n, PEOPLE[n])
            desk.pass_time(1200)
        assert flagged == [] and desk.now().time() == time(16, 30)
        desk.pass_time(3 * 3600)  # past 17:00, still down
        assert sorted(flagged) == sorted(desk.ids)  # each once
        for c in _received(his).values():
            assert c.checkin["flags"] == [FLAG_UNVERIFIED_AT_DAY_END]
            assert c.checkin["eligibility"]["status"] == "pending" and not c.updated
        service.simulator.faults.clear()  # back the next morning
        clock.now = datetime(2026, 12, 8, 7, 30, tzinfo=HANOI).timestamp()
        desk.drain()
    assert sorted(flagged) == sorted(desk.ids)  # not flagged again
    for c in _received(his).values():
        assert c.updated and c.checkin["eligibility"]["status"] != "pending"
        assert c.checkin["flags"] == [FLAG_UNVERIFIED_AT_DAY_END]
    assert his.duplicates == 0 and not outbox.entries(PENDING)
    assert date(2026, 12, 7) == MORNING.date()
