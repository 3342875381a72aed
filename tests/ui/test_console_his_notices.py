"""The console's "Clinic system" column: a number the HIS replaced after an offline check-in
("A001 → A002") and an over-capacity flag, in Vietnamese, the filter by them, and the reprint of
the corrected slip for that check-in (no longer held by the terminal)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.records import CheckinState
from terminal.kiosk.console import HisNotice
from tests.support.his_flags import drain, full_room_his, kiosk_tables
from tests.support.kiosk_window import WAIT_MS


def test_the_console_shows_the_new_number_and_reprints_the_corrected_slip(qtbot, open_kiosk,
                                                                          tmp_path):
    his, rooms = full_room_his(tmp_path)
    try:
        kiosk = open_kiosk("an", **kiosk_tables(his, rooms))
        his.fail_next(10_000, status=503)  # offline: the kiosk numbers A001 itself
        record = kiosk.workflow.run(load_profile("an").printed_access_key, department="NOI")
        assert record.state is CheckinState.DONE and record.ticket.label == "A001"
        his.clear_faults()
        drain(kiosk.terminal)
        window = kiosk.window
        window.ask_pin()
        qtbot.keyClicks(window.pin_dialog.entry, "0000")
        qtbot.keyClick(window.pin_dialog.entry, Qt.Key.Key_Return)
        page = window.console.checkins
        kiosk.refresh_console()
        qtbot.waitUntil(lambda: any(r.ticket == "A002" for r in page.rows), timeout=WAIT_MS)
        column = [page.table.horizontalHeaderItem(c).text()
                  for c in range(page.table.columnCount())].index("Hệ thống bệnh viện")
        index = next(i for i, r in enumerate(page.rows) if r.checkin_id == record.checkin_id)
        assert page.table.item(index, column).text() == (
            "Số đã được hệ thống bệnh viện đổi: A001 → A002; Vượt quá số lượng của phòng")
        page.show_only(HisNotice.OVER_CAPACITY)
        assert [r.checkin_id for r in page.rows] == [record.checkin_id]
        page.select_checkin(record.checkin_id)
        assert page.reprint_button.isEnabled()
        with qtbot.waitSignal(page.reprint_requested):
            page.reprint_button.click()
        qtbot.waitUntil(lambda: any(a.action == "reprint" for a in
                                    kiosk.terminal.staff.audit_trail(record.checkin_id)),
                        timeout=WAIT_MS)
        reprint = next(a for a in kiosk.terminal.staff.audit_trail(record.checkin_id)
                       if a.action == "reprint")
        assert reprint.outcome == "printed" and "A002" in reprint.reason
        slips = sorted(Path(kiosk.terminal.closing.slips.printer.folder).glob("*A002*"))
        assert slips  # the corrected slip, as the simulated printer's PNG
    finally:
        his.stop()
