"""A room's capacity across several kiosks: two kiosk processes (tests/support/kiosk_process.py)
against one HIS simulator that holds the capacity. Online, exactly the capacity is numbered
whatever kiosk asks, and the next one is told the room is full; offline each kiosk counts its
own, and the HIS flags the check-ins past the capacity when they arrive."""

from __future__ import annotations

import tomllib

import pytest

from terminal.checkin.departments import departments_from_dict, his_capacities
from terminal.simulators.his.server import HisSimulator
from tests.support.kiosk_process import KioskProcess

CAPACITY = 3
DEPARTMENTS = f"""
[[department]]
code = "NOI"
name_vi = "Khám Nội"
name_en = "Internal medicine"
counter = "A"
capacity = {CAPACITY}

[[department]]
code = "NHI"
name_vi = "Khám Nhi"
name_en = "Paediatrics"
counter = "B"
"""


@pytest.fixture
def kiosks(tmp_path):
    departments = tmp_path / "departments.toml"
    departments.write_text(DEPARTMENTS, encoding="utf-8")
    his = HisSimulator(capacities=his_capacities(
        departments_from_dict(tomllib.loads(DEPARTMENTS))))
    url = his.start()
    pair = [KioskProcess(tmp_path / f"kiosk{n}", url, 0, departments) for n in (1, 2)]
    try:
        for kiosk in pair:
            kiosk.ready()
        yield his, pair
    finally:
        for kiosk in pair:
            kiosk.quit()
        his.stop()


def _check_in(pair: list[KioskProcess], rounds: int, department: str = "") -> list[dict]:
    """`rounds` check-ins on each kiosk, the two kiosks at the same time."""
    answers = []
    for _ in range(rounds):
        for kiosk in pair:
            kiosk.send(f"checkin {department}".strip())
        answers += [kiosk.answer() for kiosk in pair]
    return answers


def _choices(pair: list[KioskProcess]) -> list[dict]:
    for kiosk in pair:
        kiosk.send("choice")
    return [kiosk.answer()["rooms"] for kiosk in pair]


def test_online_the_his_holds_the_capacity_across_kiosks(kiosks):
    his, pair = kiosks
    answers = _check_in(pair, 2, "NOI")  # four patients for three places
    numbered = [a for a in answers if a["state"] == "done"]
    full = [a for a in answers if a["state"] != "done"]
    assert sorted(a["ticket"] for a in numbered) == ["A001", "A002", "A003"]
    assert len(full) == 1 and full[0]["state"] == "rejected" and not full[0]["ticket"]
    assert full[0]["reasons"][-1] == "department_full"
    # both kiosks' choice shows the room full with the next open room, though neither kiosk
    # numbered three patients there itself
    assert _choices(pair) == [{"NOI": ["full", "NHI"], "NHI": ["open", ""]}] * 2
    # and a patient with no choice made is taken at the next open room
    assert {a["department"] for a in _check_in(pair, 1)} == {"NHI"}


def test_offline_each_kiosk_counts_its_own_and_the_his_flags_the_excess(kiosks):
    his, pair = kiosks
    his.fail_next(10_000, status=503)  # the HIS is down: no numbers, no counts
    answers = _check_in(pair, CAPACITY + 1)
    # each kiosk fills the room by its own count, then sends patients to the next room
    assert [a["department"] for a in answers] == ["NOI"] * 2 * CAPACITY + ["NHI"] * 2
    assert all(a["state"] == "done" for a in answers)
    assert _choices(pair) == [{"NOI": ["full", "NHI"], "NHI": ["open", ""]}] * 2
    his.clear_faults()
    for kiosk in pair:
        kiosk.send("drain")
    assert all(kiosk.answer()["waiting"] == 0 for kiosk in pair)
    received = his.received()
    room = [c for c in received if c.checkin["department"]["code"] == "NOI"]
    assert len(room) == 2 * CAPACITY
    assert sum(c.over_capacity for c in room) == CAPACITY  # the HIS flags those past it
    assert not any(c.over_capacity for c in received if c not in room)
