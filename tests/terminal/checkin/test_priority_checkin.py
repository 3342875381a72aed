"""Priority at check-in, on the real parts (simulated chip, replay camera, gateway and HIS
simulators on loopback, real day book and outbox): a 76-year-old and a 5-year-old get numbers from
the priority sequence by their chip's birth date, the HIS is told why; a declared priority is
confirmed at the console or accepted by clinic policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.errors import NotAllowedError
from terminal.checkin.priority import PriorityReason, PriorityStatus
from terminal.checkin.records import CheckinState, Verdict
from terminal.config import config_from_dict
from tests.support.polling import wait_for

#: A fixed day: the simulated citizens' ages must not move with the calendar.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone(timedelta(hours=7)))


def _terminal(tmp_path: Path, profile: str, **checkin):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               **({"checkin": checkin} if checkin else {})})
    return build_terminal(config, sim=SimOptions(profile=profile), clock=lambda: NOW)


def _his_priority(terminal, checkin_id: str) -> dict | None:
    wait_for(lambda: any(c.checkin["checkin_id"] == checkin_id
                         for c in terminal.his.simulator.received()), timeout_s=10)
    return {c.checkin["checkin_id"]: c.checkin
            for c in terminal.his.simulator.received()}[checkin_id]


@pytest.mark.parametrize("profile, reason", [("tam", PriorityReason.AGED_75_PLUS),
                                             ("mai", PriorityReason.CHILD_UNDER_6)])
def test_age_gives_a_priority_number_and_the_his_is_told_why(tmp_path, profile, reason):
    with _terminal(tmp_path, profile) as terminal:
        record = terminal.workflow.run(load_profile(profile).printed_access_key)
        assert record.state is CheckinState.DONE
        assert record.priority.reason is reason and record.priority.granted
        assert record.ticket.label == "UT-001"
        assert terminal.closing.tickets.issued("A", NOW.date()) == 0  # not the A sequence
        sent = _his_priority(terminal, record.checkin_id)
        assert sent["ticket"] == "UT-001"
        assert sent["priority"] == {"reason": reason.value, "basis": "age", "status": "granted",
                                    "confirmed_by": ""}


def test_an_adult_gets_an_ordinary_number_and_no_priority(tmp_path):
    with _terminal(tmp_path, "an") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.ticket.label == "A001" and record.priority is None
        assert _his_priority(terminal, record.checkin_id)["priority"] is None


def test_a_declared_priority_is_confirmed_at_the_console(tmp_path):
    with _terminal(tmp_path, "an") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key,
                                       declared=PriorityReason.PREGNANT)
        assert record.state is CheckinState.REVIEW and record.ticket is None
        assert "priority_declared" in record.decision.reason_codes
        assert record.priority.status is PriorityStatus.UNCONFIRMED
        with pytest.raises(NotAllowedError):
            terminal.staff.confirm_priority(record.checkin_id, " ", True)
        done = terminal.staff.confirm_priority(record.checkin_id, "Lan", True, "pregnancy record")
        assert done.state is CheckinState.DONE and done.decision.verdict is Verdict.ACCEPT
        assert done.ticket.label == "UT-001" and done.priority.staff == "Lan"
        assert ("priority_confirmed", "Lan", "pregnancy record", "pregnant") in [
            (a.action, a.staff, a.reason, a.outcome)
            for a in terminal.staff.audit_trail(record.checkin_id)]
        sent = _his_priority(terminal, record.checkin_id)
        assert sent["priority"] == {"reason": "pregnant", "basis": "declared",
                                    "status": "granted", "confirmed_by": "Lan"}


def test_a_refused_declaration_gets_an_ordinary_number(tmp_path):
    with _terminal(tmp_path, "an") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key,
                                       declared=PriorityReason.REVOLUTIONARY_MERIT)
        done = terminal.staff.confirm_priority(record.checkin_id, "Lan", False, "no papers")
        assert done.state is CheckinState.DONE and done.ticket.label == "A001"
        assert done.priority.status is PriorityStatus.REFUSED
        with pytest.raises(NotAllowedError):  # decided already
            terminal.staff.confirm_priority(record.checkin_id, "Lan", True)


def test_clinic_policy_can_accept_declarations_or_turn_them_off(tmp_path):
    key = load_profile("an").printed_access_key
    with _terminal(tmp_path / "accept", "an", declared_priority="accept") as terminal:
        record = terminal.workflow.run(key, declared=PriorityReason.SEVERE_DISABILITY)
        assert record.state is CheckinState.DONE and record.ticket.label == "UT-001"
    with _terminal(tmp_path / "off", "an", declared_priority="off",
                   age_priority=False) as terminal:
        record = terminal.workflow.run(key, declared=PriorityReason.EMERGENCY)
        assert record.ticket.label == "A001" and record.priority is None
    with _terminal(tmp_path / "no-age", "tam", age_priority=False) as terminal:
        record = terminal.workflow.run(load_profile("tam").printed_access_key)
        assert record.ticket.label == "A001" and record.priority is None
