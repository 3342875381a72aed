"""The clinic's departments from their TOML file: validation with plain errors naming the entry,
opening hours, capacity, the next open option, the default that skips the choice; at check-in the
choice numbers the ticket and travels to the HIS."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.departments import (
    DepartmentState,
    departments_from_dict,
    load_departments,
    statuses,
)
from terminal.checkin.events import CheckinFinished
from terminal.checkin.records import CheckinState
from terminal.config import ConfigError, config_from_dict
from terminal.kiosk.controller import KioskController
from terminal.kiosk.screens import DepartmentScreen, IdleScreen, Language
from tests.support.polling import wait_for

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone(timedelta(hours=7)))

FILE = """
[[department]]
code = "NOI"
name_vi = "Khám Nội"
name_en = "Internal medicine"
counter = "A"
room = "P.101"
floor = "1"
hours = ["07:00-11:30", "13:00-16:30"]
capacity = 2

[[department]]
code = "NHI"
name_vi = "Khám Nhi"
name_en = "Paediatrics"
counter = "B"
room = "P.105"
floor = "1"
max_age = 15

[[department]]
code = "RHM"
name_vi = "Răng Hàm Mặt"
name_en = "Dental"
counter = "C"
room = "P.201"
floor = "2"
hours = ["13:00-17:00"]
payers = "self_pay"
"""


def _list():
    import tomllib
    return departments_from_dict(tomllib.loads(FILE))


def test_statuses_follow_hours_and_capacity_and_name_the_next_open_one():
    departments = _list()
    issued = {"NOI": 2, "NHI": 0, "RHM": 0}
    rows = statuses(departments, NOW, lambda d: issued[d.code])
    assert [(r.department.code, r.state, r.next_open) for r in rows] == [
        ("NOI", DepartmentState.FULL, "NHI"), ("NHI", DepartmentState.OPEN, ""),
        ("RHM", DepartmentState.CLOSED, "NHI")]
    at_noon = statuses(departments, NOW.replace(hour=12), lambda d: 0)
    assert at_noon[0].state is DepartmentState.CLOSED
    assert not departments.skips_choice
    assert departments.get("NHI").takes_age(5) and not departments.get("NHI").takes_age(30)


@pytest.mark.parametrize("data, words", [
    ({}, "no [[department]]"),
    ({"department": [{"code": "NOI", "name_vi": "x", "name_en": "x"}]}, "counter is required"),
    ({"department": [{"code": "NOI", "name_vi": "x", "name_en": "x", "counter": "A",
                      "hours": ["7:00-11:00"]}]}, "HH:MM-HH:MM"),
    ({"department": [{"code": "NOI", "name_vi": "x", "name_en": "x", "counter": "A",
                      "hours": ["11:00-07:00"]}]}, "ends before it starts"),
    ({"department": [{"code": "NOI", "name_vi": "x", "name_en": "x", "counter": "A",
                      "capacity": -1}]}, "out of range"),
    ({"department": [{"code": "NOI", "name_vi": "x", "name_en": "x", "counter": "A",
                      "colour": "red"}]}, "unknown key 'colour'"),
    ({"department": [{"code": "NOI", "name_vi": "x", "name_en": "x", "counter": "A"},
                     {"code": "NHI", "name_vi": "y", "name_en": "y", "counter": "A"}]},
     "counter 'A'"),
    ({"default": "XYZ", "department": [{"code": "NOI", "name_vi": "x", "name_en": "x",
                                        "counter": "A"}]}, "not the code of a department"),
    ({"department": ["NOI"]}, "not a table"),
])
def test_a_bad_file_is_a_config_error_naming_the_entry(data, words):
    with pytest.raises(ConfigError) as info:
        departments_from_dict(data, "d.toml")
    assert words in info.value.message and info.value.key == "clinic.departments_file"


def test_no_file_is_one_department_and_no_choice(tmp_path):
    config = config_from_dict({})
    departments = load_departments(config)
    assert departments.skips_choice and departments.default == "A"
    missing = config_from_dict({"clinic": {"departments_file": str(tmp_path / "none.toml")}})
    with pytest.raises(ConfigError):
        load_departments(missing)


def test_the_kiosk_shows_the_choice_and_takes_only_open_rooms():
    kiosk = KioskController("Phòng khám", Language.ENGLISH)
    rows = statuses(_list(), NOW, lambda d: 2 if d.code == "NOI" else 0)
    screen = kiosk.open_departments(rows)
    assert isinstance(screen, DepartmentScreen)
    assert [(o.code, o.state, o.next_code, o.room) for o in screen.options] == [
        ("NOI", DepartmentState.FULL, "NHI", "P.101"), ("NHI", DepartmentState.OPEN, "", "P.105"),
        ("RHM", DepartmentState.CLOSED, "NHI", "P.201")]
    assert kiosk.choose_department("NOI") is screen and kiosk.department == ""  # full
    assert kiosk.choose_department("XYZ") is screen
    assert isinstance(kiosk.choose_department("NHI"), IdleScreen) and kiosk.department == "NHI"


def _terminal(tmp_path: Path, profile: str, **checkin):
    path = tmp_path / "departments.toml"
    tmp_path.mkdir(parents=True, exist_ok=True)
    path.write_text(FILE, encoding="utf-8")
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               "clinic": {"departments_file": str(path)}, "checkin": checkin})
    return build_terminal(config, sim=SimOptions(profile=profile), clock=lambda: NOW)


def test_the_choice_numbers_the_ticket_and_travels_to_the_his(tmp_path):
    with _terminal(tmp_path, "an") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key, department="RHM")
        assert record.state is CheckinState.DONE and record.department == "RHM"
        assert record.ticket.label == "C001"
        wait_for(lambda: terminal.his.simulator.received(), timeout_s=10)
        sent = terminal.his.simulator.received()[0].checkin
        assert sent["counter"] == "C"
        assert sent["department"] == {"code": "RHM", "room": "P.201", "floor": "2"}


def test_an_adult_at_paediatrics_goes_to_a_receptionist(tmp_path):
    with _terminal(tmp_path, "an") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key, department="NHI")
        assert record.state is CheckinState.REVIEW
        assert "department_age" in record.decision.reason_codes
    with _terminal(tmp_path / "child", "mai") as terminal:
        record = terminal.workflow.run(load_profile("mai").printed_access_key, department="NHI")
        assert record.state is CheckinState.DONE and record.ticket.label == "UT-001"


# sessions, payers, the choice at the kiosk ---------------------------------------------------

SESSIONS = """
afternoon_from = "13:00"
[[department]]
code = "NOI"
name_vi = "Khám Nội"
name_en = "Internal medicine"
counter = "A"
capacity_morning = 2
capacity_afternoon = 3
"""
SURGERY = """
[[department]]
code = "NGO"
name_vi = "Khám Ngoại"
name_en = "Surgery"
counter = "D"
payers = "insured"
"""


def test_a_session_capacity_fills_the_morning_and_the_afternoon_starts_afresh():
    import tomllib
    departments = departments_from_dict(tomllib.loads(SESSIONS + SURGERY))
    assert departments.afternoon_from.hour == 13
    counted = []

    def since(department, began):
        counted.append(began)
        return 2 if began.hour == 0 else 1  # two this morning, one this afternoon
    morning = statuses(departments, NOW, lambda d: 2, since)
    assert (morning[0].state, morning[0].session_full, morning[0].next_open) == (
        DepartmentState.FULL, True, "NGO")
    afternoon = statuses(departments, NOW.replace(hour=14), lambda d: 3, since)
    assert afternoon[0].state is DepartmentState.OPEN
    assert [b.hour for b in counted] == [0, 13]  # only where a session has a limit
    with pytest.raises(ConfigError):
        departments_from_dict({**tomllib.loads(SESSIONS), "afternoon_from": "1pm"})


def test_self_pay_and_insured_only_rooms_at_check_in(tmp_path):
    path = tmp_path / "departments.toml"
    path.write_text(FILE + SURGERY, encoding="utf-8")
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               "clinic": {"departments_file": str(path)}})
    with build_terminal(config, sim=SimOptions(profile="an"), clock=lambda: NOW) as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key, department="RHM")
        assert record.state is CheckinState.DONE
        assert record.decision.payer.value == "paying"  # a self-pay room: the card is not used
        assert "department_self_pay" in record.decision.reason_codes
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "dung")},
                               "clinic": {"departments_file": str(path)}})
    with build_terminal(config, sim=SimOptions(profile="dung"), clock=lambda: NOW) as terminal:
        record = terminal.workflow.run(load_profile("dung").printed_access_key, department="NGO")
        assert record.state is CheckinState.REVIEW  # card not usable, insured-only room
        assert "department_payer" in record.decision.reason_codes


def test_the_kiosk_starts_on_the_choice_counting_the_numbers_given(tmp_path):
    with _terminal(tmp_path, "an", one_ticket_a_day=False) as terminal:
        kiosk = KioskController("PK", Language.VIETNAMESE,
                                departments=terminal.workflow.department_choice,
                                department_of=terminal.workflow.department)
        screen = kiosk.back_to_idle()
        assert isinstance(screen, DepartmentScreen)  # NOI and NHI open at 9:00
        assert [o.state for o in screen.options] == [
            DepartmentState.OPEN, DepartmentState.OPEN, DepartmentState.CLOSED]
        assert kiosk.hold_seconds() is None  # the start screen stays
        assert kiosk.set_language(Language.ENGLISH).language is Language.ENGLISH
        key = load_profile("an").printed_access_key
        for _ in range(2):  # NOI's capacity is 2
            assert terminal.workflow.run(key, department="NOI").state is CheckinState.DONE
        # NOI full, RHM closed: one room takes patients, so no choice is shown
        assert isinstance(kiosk.back_to_idle(), IdleScreen) and kiosk.department == "NHI"
    skip = tmp_path / "skip.toml"
    skip.write_text('default = "RHM"\n' + FILE, encoding="utf-8")
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "skip")},
                               "clinic": {"departments_file": str(skip)}})
    with build_terminal(config, sim=SimOptions(profile="an"), clock=lambda: NOW) as terminal:
        assert terminal.workflow.department_choice() is None  # a default skips the choice
        kiosk = KioskController("PK", Language.ENGLISH,
                                departments=terminal.workflow.department_choice,
                                department_of=terminal.workflow.department)
        assert isinstance(kiosk.back_to_idle(), IdleScreen)
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.department == "RHM" and record.ticket.ahead == 0  # the HIS said so
        result = kiosk.handle(CheckinFinished(record.checkin_id, 0.0, record))
        assert (result.room, result.floor, result.department_en, result.ahead) == (
            "P.201", "2", "Dental", 0)


def test_the_sample_file_loads():
    from tests.support.repo import ROOT
    config = config_from_dict({"clinic": {"departments_file": str(
        ROOT / "packaging" / "departments.sample.toml")}})
    departments = load_departments(config)
    assert [d.code for d in departments.departments] == ["NOI", "NHI", "RHM"]
    assert departments.get("NHI").capacity_morning == 30


def test_a_card_placed_on_the_choice_goes_on_at_the_default():
    from terminal.checkin.events import StateChanged, StepStarted
    from terminal.checkin.records import Step
    from terminal.kiosk.screens import ReadingScreen

    kiosk = KioskController("PK", Language.VIETNAMESE,
                            departments=lambda: statuses(_list(), NOW, lambda d: 0))
    assert isinstance(kiosk.back_to_idle(), DepartmentScreen)
    # the check-in waiting for a QR code stays behind the choice…
    assert kiosk.handle(StateChanged("c1", 1.0, CheckinState.WAITING,
                                     CheckinState.ACCESS_KEY)) is None
    # …until a card is on the reader: then its screens take over
    assert isinstance(kiosk.handle(StepStarted("c1", 2.0, Step.READ_IDENTITY)), ReadingScreen)


def test_a_check_in_with_no_choice_goes_to_the_first_open_room(tmp_path):
    path = tmp_path / "departments.toml"
    path.write_text(FILE, encoding="utf-8")
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               "clinic": {"departments_file": str(path)}})
    noon = NOW.replace(hour=12)  # NOI closed (07:00-11:30), RHM not open yet: NHI
    with build_terminal(config, sim=SimOptions(profile="an"), clock=lambda: noon) as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.department == "NHI"
        assert "department_age" in record.decision.reason_codes  # an adult: the desk decides
