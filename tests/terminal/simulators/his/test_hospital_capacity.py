"""The simulated HIS holds each room's capacity across all kiosks: a day's and a session's
numbers, priority numbers not counted; 409 "full" over HTTP becomes RoomFull at the kiosk's
client, and GET /rooms gives the counts the department choice shows."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, time

import pytest

from terminal.delivery.checkin_payload import DepartmentPayload, QueueNumberRequest, RoomCount
from terminal.delivery.errors import DeliveryUnreachable, RoomFull
from terminal.delivery.his_client import HisClient
from terminal.simulators.his.hospital import Capacities, RoomCapacity, SimulatedHospital
from terminal.simulators.his.server import HisSimulator
from tests.support.sample_checkins import sample_checkin

CAPACITIES = Capacities((RoomCapacity("NOI", "A", day=2), RoomCapacity("NHI", "B", morning=1,
                                                                      afternoon=1)), time(12, 0))


def _ask(hospital: SimulatedHospital, department: str, counter: str,
         sequence: str = "") -> tuple[int, dict]:
    return hospital.allocate(QueueNumberRequest(uuid.uuid4().hex, department, counter,
                                                sequence).to_dict())


def test_a_room_is_full_for_the_day_and_priority_numbers_do_not_count():
    hospital = SimulatedHospital(now=lambda: datetime(2026, 5, 4, 9, 0).astimezone(),
                                 capacities=CAPACITIES)
    assert [_ask(hospital, "NOI", "A")[0] for _ in range(2)] == [200, 200]
    assert _ask(hospital, "NOI", "A") == (409, {"error": "full", "department": "NOI",
                                               "session": "day"})
    assert _ask(hospital, "NOI", "A", "UT")[0] == 200  # priority is seen whatever the count
    assert hospital.rooms()[1]["rooms"]["NOI"] == {"issued": 2, "issued_session": 2,
                                                   "full": "day"}


def test_a_session_capacity_opens_again_in_the_afternoon():
    now = datetime(2026, 5, 4, 9, 0).astimezone()
    hospital = SimulatedHospital(now=lambda: now, capacities=CAPACITIES)
    assert _ask(hospital, "NHI", "B")[0] == 200
    assert _ask(hospital, "NHI", "B")[1]["session"] == "morning"
    now = now.replace(hour=13)
    assert _ask(hospital, "NHI", "B")[0] == 200
    assert _ask(hospital, "NHI", "B")[1]["session"] == "afternoon"
    assert hospital.rooms()[1]["rooms"]["NHI"] == {"issued": 2, "issued_session": 1,
                                                   "full": "afternoon"}


def test_the_kiosks_client_reads_full_as_room_full_and_the_counts():
    with HisSimulator(capacities=CAPACITIES) as his:
        client = HisClient(his.base_url)
        try:
            for _ in range(2):
                client.queue_number(QueueNumberRequest(uuid.uuid4().hex, "NOI", "A"))
            with pytest.raises(RoomFull) as full:
                client.queue_number(QueueNumberRequest(uuid.uuid4().hex, "NOI", "A"))
            assert (full.value.department, full.value.session, full.value.code) == (
                "NOI", "day", "room_full")
            assert client.room_counts() == {"NOI": RoomCount(2, 2), "NHI": RoomCount(0, 0)}
            his.fail_next(1, status=503)  # down: the kiosk counts its own
            with pytest.raises(DeliveryUnreachable):
                client.room_counts()
        finally:
            client.close()


def test_a_morning_check_in_delivered_in_the_afternoon_counts_against_the_morning():
    now = datetime(2026, 5, 4, 13, 0).astimezone()
    hospital = SimulatedHospital(now=lambda: now, capacities=CAPACITIES)
    assert _ask(hospital, "NHI", "B")[0] == 200  # the afternoon's one place
    morning = _offline(1, now.replace(hour=9))
    assert "over_capacity" not in hospital.receive_checkin("k1", morning)[1]
    assert hospital.receive_checkin("k2", _offline(2, now.replace(hour=10)))[1]["over_capacity"]


def _offline(n: int, at: datetime) -> dict:
    """A check-in a kiosk numbered offline (block 1) at room NHI."""
    return replace(sample_checkin(n), counter="B", ticket=f"B{1000 + n}",
                   checked_in_at=at.isoformat(), department=DepartmentPayload("NHI")).to_dict()
