"""Several kiosks, one hospital: two kiosk processes (tests/support/kiosk_process.py) against one
HIS simulator. Online the HIS numbers each room's queue; offline each kiosk numbers by itself and
the HIS keeps or replaces those numbers on delivery; no number is ever held by two patients."""

from __future__ import annotations

from collections import Counter

import pytest

from terminal.simulators.his.server import HisSimulator
from tests.support.kiosk_process import KioskProcess as Kiosk


@pytest.fixture
def kiosks(tmp_path, request):
    his = HisSimulator()
    url = his.start()
    block = getattr(request, "param", 0)
    pair = [Kiosk(tmp_path / f"kiosk{n}", url, n if block else 0) for n in (1, 2)]
    try:
        for kiosk in pair:
            kiosk.ready()
        yield his, pair
    finally:
        for kiosk in pair:
            kiosk.quit()
        his.stop()


def _check_in(pair: list[Kiosk], rounds: int) -> list[str]:
    """`rounds` check-ins on each kiosk, the two kiosks at the same time."""
    labels = []
    for _ in range(rounds):
        for kiosk in pair:
            kiosk.send("checkin")
        for kiosk in pair:
            answer = kiosk.answer()
            assert answer["state"] == "done"
            labels.append(answer["ticket"])
    return labels


def _drained(pair: list[Kiosk]) -> list[str]:
    tickets = []
    for kiosk in pair:
        kiosk.send("drain")
    for kiosk in pair:
        answer = kiosk.answer()
        assert answer["waiting"] == 0
        tickets += answer["tickets"]
    return tickets


def _held_at_his(his: HisSimulator) -> list[str]:
    return [c.ticket for c in his.received()]


def test_online_the_his_numbers_and_offline_numbers_are_reconciled(kiosks):
    his, pair = kiosks
    online = _check_in(pair, 2)
    # the HIS numbered the room's queue: one sequence shared by both kiosks
    assert sorted(online) == ["A001", "A002", "A003", "A004"]

    his.fail_next(10_000, status=503)  # the HIS goes down
    offline = _check_in(pair, 2)
    # each kiosk numbers on after the HIS numbers it saw: both give A004/A005 or A005/A006…
    assert len(set(offline)) < len(offline)  # without blocks two kiosks collide…
    his.clear_faults()
    tickets = _drained(pair)
    held = _held_at_his(his)
    assert len(held) == 8 and len(set(held)) == 8  # …and the HIS kept each patient apart
    assert sorted(tickets) == sorted(held)  # each kiosk's console shows the HIS's number

    again = _check_in(pair, 1)  # online again: the HIS goes on after every number it holds
    assert not set(again) & set(held)
    tickets = _drained(pair)
    assert max(Counter(tickets).values()) == 1 and max(Counter(_held_at_his(his)).values()) == 1


@pytest.mark.parametrize("kiosks", [1], indirect=True)
def test_with_blocks_offline_numbers_never_need_replacing(kiosks):
    his, pair = kiosks
    his.fail_next(10_000, status=503)
    offline = _check_in(pair, 2)
    assert sorted(offline) == ["A1001", "A1002", "A2001", "A2002"]
    his.clear_faults()
    online = _check_in(pair, 1)
    assert sorted(online) == ["A001", "A002"]
    tickets = _drained(pair)
    assert sorted(tickets) == sorted(offline + online) == sorted(_held_at_his(his))
