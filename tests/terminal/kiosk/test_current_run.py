"""Which check-in the kiosk shows and when the next one starts, without Qt: the runs are
CheckinRun handles over real futures, as the workflow hands them out."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import datetime

import pytest

from drivers.idcard.access_key import access_key_from_can, access_key_from_cccd
from terminal.checkin.errors import WorkflowClosed
from terminal.checkin.events import CheckinFinished, DeviceStatusChanged, StateChanged
from terminal.checkin.records import CheckinRecord, CheckinState, Device, DeviceStatus, Health
from terminal.checkin.workflow import CheckinRun
from terminal.kiosk.current_run import CONSOLE_STAFF, KIOSK_PATIENT, CurrentRun

KEY = access_key_from_cccd("001093047064", "930105", "330105")
CAN = access_key_from_can("047064")


class Desk:
    """Starts runs the way the workflow and the staff's actions do, and keeps what it was asked."""

    def __init__(self) -> None:
        self.futures: dict[str, Future] = {}
        self.started: list[str] = []
        self.cancelled: list[tuple[str, str]] = []

    def _run(self, kind: str) -> CheckinRun:
        checkin_id = f"{kind}{len(self.started) + 1}"
        self.started.append(checkin_id)
        self.futures[checkin_id] = Future()
        return CheckinRun(checkin_id, self.futures[checkin_id], lambda _why: None)

    def wait_for_card(self) -> CheckinRun:
        return self._run("qr")

    def type_key(self, key, staff: str) -> CheckinRun:
        assert key is KEY
        return self._run("typed")

    def enter_can(self, key) -> CheckinRun:
        assert key is CAN
        return self._run("can")

    def cancel(self, checkin_id: str, staff: str) -> bool:
        self.cancelled.append((checkin_id, staff))
        self.end(checkin_id)
        return True

    def end(self, checkin_id: str) -> CheckinFinished:
        record = CheckinRecord(checkin_id, "A", datetime(2026, 5, 9, 8), CheckinState.CANCELLED)
        if not self.futures[checkin_id].done():
            self.futures[checkin_id].set_result(record)
        return CheckinFinished(checkin_id, 10.0, record)


@pytest.fixture
def desk() -> Desk:
    return Desk()


@pytest.fixture
def current(desk) -> CurrentRun:
    run = CurrentRun(desk.wait_for_card, desk.type_key, desk.cancel, desk.enter_can)
    run.start()
    return run


def test_the_kiosk_shows_the_current_run_and_events_of_no_run(desk, current):
    assert current.run.checkin_id == "qr1"
    assert current.shows(StateChanged("qr1", 1.0, CheckinState.WAITING, CheckinState.ACCESS_KEY))
    assert not current.shows(StateChanged("other", 1.0, CheckinState.WAITING,
                                          CheckinState.ACCESS_KEY))
    assert current.shows(DeviceStatusChanged(DeviceStatus(Device.CAMERA, Health.OK, "ok")))


def test_a_run_that_leaves_nothing_to_read_starts_the_next_at_once(desk, current):
    assert current.ended(desk.end("qr1"), hold_s=None)
    assert desk.started == ["qr1", "qr2"] and current.run.checkin_id == "qr2"


def test_a_screen_left_up_holds_the_next_run_until_it_is_read(desk, current):
    finished = desk.end("qr1")
    assert not current.ended(finished, hold_s=20.0)
    assert desk.started == ["qr1"]
    assert current.hold_over()
    assert desk.started == ["qr1", "qr2"]


def test_a_typed_key_takes_the_waiting_runs_place_and_its_end_is_not_shown(desk, current):
    current.type_key(KEY)
    assert desk.cancelled == [("qr1", CONSOLE_STAFF)] and current.run.checkin_id == "typed2"
    given_way = desk.end("qr1")
    assert not current.shows(given_way) and not current.ended(given_way, hold_s=None)
    assert desk.started == ["qr1", "typed2"]


def test_the_hold_ending_while_a_typed_run_goes_on_starts_nothing(desk, current):
    current.type_key(KEY)
    assert not current.hold_over()
    assert desk.started == ["qr1", "typed2"]
    desk.end("typed2")
    assert current.hold_over() and current.run.checkin_id == "qr3"


def test_the_keypad_makes_the_waiting_run_give_way_and_the_six_digits_start_one(desk, current):
    current.give_way()
    assert desk.cancelled == [("qr1", KIOSK_PATIENT)]
    current.enter_can(CAN)
    assert current.run.checkin_id == "can2" and desk.cancelled == [("qr1", KIOSK_PATIENT)]
    given_way = desk.end("qr1")
    assert not current.shows(given_way)


def test_once_the_terminal_closes_an_event_still_queued_starts_nothing(desk, current):
    def closed() -> CheckinRun:
        raise WorkflowClosed()

    current._wait_for_card = closed  # the workflow as it answers after close()
    assert current.ended(desk.end("qr1"), hold_s=None)
    assert current.run is None and desk.started == ["qr1"]


def test_a_stopped_kiosk_starts_no_next_run_for_an_end_still_on_its_way(desk, current):
    current.stop()
    assert not current.ended(desk.end("qr1"), hold_s=None)
    assert not current.hold_over()
    assert desk.started == ["qr1"]


def test_a_kiosk_that_takes_the_digits_first_keeps_no_run_waiting(desk):
    # [terminal] access_key = "keypad": no check-in scans a QR code between patients
    current = CurrentRun(None, desk.type_key, desk.cancel, desk.enter_can)
    current.start()
    assert current.run is None and desk.started == []
    current.give_way()  # the keypad opens: nothing to cancel
    current.enter_can(CAN)
    assert current.run.checkin_id == "can1" and desk.cancelled == []
    assert not current.hold_over()  # still running
    desk.end("can1")
    assert current.hold_over() and current.run is None and desk.started == ["can1"]
    current.type_key(KEY)  # the console's typed key works as ever
    assert current.run.checkin_id == "typed2"
