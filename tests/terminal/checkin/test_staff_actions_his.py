"""What the HIS says about a check-in after delivery reaches the desk: a number given offline that
the HIS replaced (the console shows both, the slip is printed again with the HIS's from the day
book) and a check-in over the room's capacity (a flag on its row, in the audit trail). Real HIS
simulator, real SQLite, the simulated printer."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.errors import NotAllowedError
from terminal.checkin.events import CheckinFlagged, TicketRenumbered
from terminal.checkin.records import CheckinState
from terminal.config import config_from_dict
from terminal.kiosk.console import HisNotice, console_snapshot, his_notices
from tests.support.his_flags import drain, full_room_his, kiosk_tables


@pytest.fixture
def clinic(tmp_path):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    his, rooms = full_room_his(tmp_path)
    events = []
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               "checkin": {"face_unavailable": "accept", "face_review": "accept"},
                               **kiosk_tables(his, rooms)})
    terminal = build_terminal(config, events.append,
                              sim=SimOptions(profile="an", realtime_camera=False))
    try:
        yield his, terminal, events
    finally:
        terminal.close()
        his.stop()


def test_a_number_replaced_and_over_capacity_reach_the_console_and_the_slip_is_reprinted(clinic):
    his, terminal, events = clinic
    his.fail_next(10_000, status=503)  # offline: the kiosk numbers by itself
    record = terminal.workflow.run(load_profile("an").printed_access_key, department="NOI")
    assert record.state is CheckinState.DONE and record.ticket.label == "A001"
    assert terminal.closing.held(record.checkin_id) is None  # nothing kept with its identity
    his.clear_faults()
    drain(terminal)
    assert [c.ticket for c in his.received()] == ["A002"]
    assert his.received()[0].over_capacity

    row = next(r for r in console_snapshot(terminal.staff, terminal.outbox).checkins
               if r.checkin_id == record.checkin_id)
    assert (row.ticket, row.renumbered_from) == ("A002", "A001")
    assert his_notices(row) == (HisNotice.RENUMBERED, HisNotice.OVER_CAPACITY)
    trail = {a.action: a for a in terminal.staff.audit_trail(record.checkin_id)}
    assert trail["his_number"].outcome == "A002" and trail["over_capacity"].staff == "HIS"
    assert TicketRenumbered(record.checkin_id, 0.0, "A001", "A002") in events
    assert CheckinFlagged(record.checkin_id, 0.0, "over_capacity") in events

    again = terminal.staff.reprint(record.checkin_id, "Lan")
    assert again.ticket.label == "A002" and again.print_fault == ""
    assert Path(again.slip).is_file() and again.identity is None
    assert again.department == "NOI"
    assert ("reprint", "printed") in [(a.action, a.outcome)
                                      for a in terminal.staff.audit_trail(record.checkin_id)]
    # the row keeps its masked identity and both numbers after the reprint
    row = terminal.staff.today()[-1]
    assert row.masked_name and row.renumbered_from == "A001" and "over_capacity" in row.reasons


def test_a_check_in_the_his_kept_is_not_reprinted_from_the_day_book(clinic):
    his, terminal, _events = clinic
    record = terminal.workflow.run(load_profile("an").printed_access_key, department="NOI")
    assert record.state is CheckinState.REJECTED  # online: the HIS says the room is full
    with pytest.raises(NotAllowedError) as refused:
        terminal.staff.reprint(record.checkin_id, "Lan")
    assert refused.value.code == "reprint_not_held"
