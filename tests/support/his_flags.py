"""A clinic whose HIS replaces a number a kiosk gave offline and flags it over the room's capacity:
one room (NOI, counter A) with a capacity of 1, its number A001 already given by the HIS to another
kiosk; a kiosk built against it numbers offline A001 too (the HIS then keeps it as A002)."""

from __future__ import annotations

import time
import uuid
import tomllib
from pathlib import Path

from offline_cache.outbox import RetryPolicy
from terminal.checkin.departments import departments_from_dict, his_capacities
from terminal.delivery.checkin_payload import QueueNumberRequest
from terminal.delivery.his_client import HisClient
from terminal.delivery.sender import SenderSettings
from terminal.simulators.his.server import HisSimulator

ROOMS = """
[[department]]
code = "NOI"
name_vi = "Khám Nội"
name_en = "Internal medicine"
counter = "A"
room = "P.101"
floor = "1"
capacity = 1
"""


def full_room_his(tmp_path: Path) -> tuple[HisSimulator, Path]:
    """A started HIS simulator whose room NOI is full (A001 given to another kiosk online), and
    the departments file that names it; stop the simulator when done."""
    rooms = tmp_path / "rooms.toml"
    rooms.write_text(ROOMS, encoding="utf-8")
    his = HisSimulator(capacities=his_capacities(departments_from_dict(tomllib.loads(ROOMS))))
    client = HisClient(his.start())
    try:
        taken = client.queue_number(QueueNumberRequest(uuid.uuid4().hex, "NOI", "A"))
        assert taken.ticket == "A001"
    finally:
        client.close()
    return his, rooms


def kiosk_tables(his: HisSimulator, rooms: Path) -> dict:
    """The config tables of a kiosk of that clinic, printing slips as PNGs."""
    return {"clinic": {"departments_file": str(rooms)},
            "his": {"base_url": his.base_url, "number_timeout_s": 2.0},
            "printer": {"kind": "simulated"}}


def drain(terminal, timeout_s: float = 20.0) -> None:
    """Wake the terminal's sender until its outbox has nothing waiting (a HIS back up is found
    within a fraction of a second, not after the app's long backoff)."""
    terminal.delivery.sender.settings = SenderSettings(
        lease_s=30, idle_s=0.05, offline_backoff=RetryPolicy(base_delay_s=0.05, max_delay_s=0.2))
    deadline = time.monotonic() + timeout_s
    while terminal.outbox.stats().waiting and time.monotonic() < deadline:
        terminal.delivery.sender.wake()
        time.sleep(0.05)
    assert not terminal.outbox.stats().waiting
