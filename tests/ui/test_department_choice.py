"""The department choice in the kiosk window: the start screen when more than one room takes
patients, large buttons in the configured order, a full or closed room disabled with the reason
and the next option, both languages; the room chosen numbers the ticket and the result screen
says where to go. At the console, a second number (with a reason) and a reprint."""

from __future__ import annotations

from PySide6.QtCore import Qt

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.departments import DepartmentState
from terminal.kiosk.screens import (CanEntryScreen, DepartmentOption, DepartmentScreen,
                                    IdleScreen, Language, ResultScreen)
from tests.support.kiosk_window import WAIT_MS, screen_of, wait_for_screen
from ui.kiosk_app import KioskApp

ROOMS = """
[[department]]
code = "NOI"
name_vi = "Khám Nội"
name_en = "Internal medicine"
counter = "A"
room = "P.101"
floor = "1"

[[department]]
code = "NGO"
name_vi = "Khám Ngoại"
name_en = "Surgery"
counter = "D"
room = "P.204"
floor = "2"
"""


def test_full_and_closed_rooms_are_disabled_with_the_reason_in_both_languages(window, switch):
    screen = DepartmentScreen((
        DepartmentOption("NOI", "Khám Nội", "Internal medicine", "P.101", "1",
                         DepartmentState.FULL, "NHI"),
        DepartmentOption("NHI", "Khám Nhi", "Paediatrics", "P.105", "1", DepartmentState.OPEN),
        DepartmentOption("RHM", "Răng Hàm Mặt", "Dental", "P.201", "2",
                         DepartmentState.CLOSED, "NHI")))
    window.show_screen(screen)
    view = window.views[DepartmentScreen]
    buttons = [view._rows.itemAt(i).widget() for i in range(view._rows.count())]
    assert buttons == [view.buttons[c] for c in ("NOI", "NHI", "RHM")]  # as configured
    assert [b.isEnabled() for b in buttons] == [False, True, False]
    assert view.buttons["NOI"].text() == ("Khám Nội — Phòng P.101, tầng 1\n"
                                          "Đã hết số hôm nay · Còn nhận: Khám Nhi")
    assert "Đang đóng cửa" in view.buttons["RHM"].text()
    switch.apply(Language.ENGLISH)
    window.show_screen(DepartmentScreen(screen.options, language=Language.ENGLISH))
    assert view.buttons["NOI"].text() == ("Internal medicine — Room P.101, floor 1\n"
                                          "Full today · Next open: Paediatrics")
    with_signal = []
    window.department_chosen.connect(with_signal.append)
    view.buttons["NHI"].click()
    view.buttons["NOI"].click()  # disabled: nothing
    assert with_signal == ["NHI"]


def _open_with_rooms(open_kiosk, tmp_path, profile: str = "an") -> KioskApp:
    path = tmp_path / "rooms.toml"
    path.write_text(ROOMS, encoding="utf-8")
    return open_kiosk(profile, clinic={"departments_file": str(path)})


def _keypad(kiosk: KioskApp, digits: str) -> None:
    kiosk.window.idle.can_button.click()
    view = kiosk.window.views[CanEntryScreen]
    for digit in digits:
        view.digit_buttons[digit].click()
    view.ok_button.click()


def test_the_room_chosen_numbers_the_ticket_and_the_result_says_where_to_go(qtbot, open_kiosk,
                                                                           tmp_path):
    kiosk = _open_with_rooms(open_kiosk, tmp_path)
    wait_for_screen(qtbot, kiosk, DepartmentScreen)  # two rooms open: the start screen
    kiosk.window.views[DepartmentScreen].buttons["NGO"].click()
    wait_for_screen(qtbot, kiosk, IdleScreen)
    assert kiosk.controller.department == "NGO"
    _keypad(kiosk, load_profile("an").id_number[6:])
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.ticket == "D001" and (result.room, result.floor) == ("P.204", "2")
    assert result.ahead == 0  # the HIS numbered it and said so
    view = kiosk.window.views[ResultScreen]
    assert view.place.text() == "Đến Khám Ngoại, phòng P.204 tầng 2."
    assert view.ahead.text() == "Không có ai chờ trước quý vị."


def test_staff_issue_a_second_number_with_a_reason_and_reprint_the_slip(qtbot, open_kiosk,
                                                                        tmp_path):
    kiosk = _open_with_rooms(open_kiosk, tmp_path)
    key = load_profile("an").printed_access_key
    first = kiosk.workflow.run(key, department="NOI")
    again = kiosk.workflow.run(key, department="NOI")  # the same person: the same number
    assert again.ticket.repeat_of == first.checkin_id and again.ticket.label == first.ticket.label
    window = kiosk.window
    window.ask_pin()
    qtbot.keyClicks(window.pin_dialog.entry, "0000")
    qtbot.keyClick(window.pin_dialog.entry, Qt.Key.Key_Return)
    page = window.console.checkins
    kiosk.refresh_console()
    qtbot.waitUntil(lambda: any(r.checkin_id == again.checkin_id and r.repeated
                                for r in page.rows), timeout=WAIT_MS)
    page.select_checkin(first.checkin_id)
    assert not page.second_button.isEnabled() and page.reprint_button.isEnabled()
    page.select_checkin(again.checkin_id)
    assert page.second_button.isEnabled()
    # the patient shown the number again gets its slip again (the check-in is held for staff)
    with qtbot.waitSignal(page.reprint_requested):
        page.reprint_button.click()
    qtbot.waitUntil(lambda: any(a.action == "reprint" for a in
                                kiosk.terminal.staff.audit_trail(again.checkin_id)),
                    timeout=WAIT_MS)
    window.console.sign_in("Lan")  # once per shift: the second number is issued in her name
    page.open_second()
    page.second_dialog.issue_button.click()  # no reason: refused
    assert page.second_dialog.message.text() and page.second_dialog.isVisible()
    qtbot.keyClicks(page.second_dialog.reason, "lost the first slip, seen twice today")
    page.second_dialog.issue_button.click()
    qtbot.waitUntil(lambda: any(r.checkin_id == again.checkin_id and r.ticket == "A002"
                                for r in page.rows), timeout=WAIT_MS)
    trail = kiosk.terminal.staff.audit_trail(again.checkin_id)
    assert [(a.action, a.staff, a.reason, a.outcome) for a in trail
            if a.action == "second_ticket"] == [
        ("second_ticket", "Lan", "lost the first slip, seen twice today", "A002")]


def test_a_room_that_filled_up_meanwhile_is_named_above_the_choice(window, switch):
    options = (DepartmentOption("NOI", "Khám Nội", "Internal medicine", "P.101", "1",
                                DepartmentState.FULL, "NGO"),
               DepartmentOption("NGO", "Khám Ngoại", "Surgery", "P.204", "2",
                                DepartmentState.OPEN))
    window.show_screen(DepartmentScreen(options, refused="NOI"))
    view = window.views[DepartmentScreen]
    assert view.note.text().startswith("Khám Nội vừa hết số.")
    switch.apply(Language.ENGLISH)
    window.show_screen(DepartmentScreen(options, language=Language.ENGLISH, refused="NOI"))
    assert view.note.text() == ("Internal medicine has just become full. Please choose another "
                                "department, then place your card again.")
    window.show_screen(DepartmentScreen(options, language=Language.ENGLISH))
    assert view.note.text().startswith("Touch a department")
