"""Whole check-ins through the kiosk window, as staff and patients meet them: the real workflow on
the simulated chip (in process), the replay camera, the gateway and HIS simulators on loopback and
real SQLite queue and day book, assembled by build_terminal as `checkin run` assembles them.

The receptionist types the card's key at the console (PIN, then the key page), as at a desk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.profile import load_profile
from terminal.checkin.records import CheckinState, EligibilityStatus
from terminal.kiosk.console import QueueKind
from terminal.kiosk.screens import (CameraScreen, ErrorScreen, HiStatus, IdleScreen, KioskError,
                                    ResultScreen, ReviewReason, ReviewScreen)
from tests.support.kiosk_window import WAIT_MS, screen_of, wait_for_console, wait_for_screen
from ui.kiosk_app import KioskApp



def _date(yymmdd: str) -> str:
    return f"{yymmdd[4:6]}/{yymmdd[2:4]}/20{yymmdd[0:2]}"


def type_key_at_console(qtbot, kiosk: KioskApp, profile: str, *, expiry: str | None = None) -> None:
    """PIN 0000, the key page, the ID number and dates printed on the card, Enter, Esc."""
    window = kiosk.window
    window.ask_pin()
    qtbot.keyClicks(window.pin_dialog.entry, "0000")
    qtbot.keyClick(window.pin_dialog.entry, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.console
    citizen = load_profile(profile)
    page = window.console.access_key
    window.console.tabs.setCurrentWidget(page)
    for field in (page.id_number, page.birth_date, page.expiry_date):
        field.clear()
    qtbot.keyClicks(page.id_number, citizen.id_number)
    qtbot.keyClicks(page.birth_date, citizen.birth_date.strftime("%d/%m/%Y"))
    qtbot.keyClicks(page.expiry_date, expiry or _date(citizen.printed_access_key.expiry_date))
    with qtbot.waitSignal(page.key_entered, timeout=WAIT_MS):
        qtbot.keyClick(page.expiry_date, Qt.Key.Key_Return)
    window.console.back_button.click()  # back to the patient screen


def console_row(kiosk: KioskApp, checkin_id: str):
    return next((row for row in kiosk.window.console.checkins.rows if row.checkin_id == checkin_id),
                None)


def test_an_accepted_check_in_shows_the_ticket_and_reaches_the_his(qtbot, open_kiosk):
    kiosk = open_kiosk("an")
    assert isinstance(screen_of(kiosk), IdleScreen)
    type_key_at_console(qtbot, kiosk, "an")
    wait_for_screen(qtbot, kiosk, CameraScreen)
    # the face check's own frames show as the live preview
    preview = kiosk.window.views[CameraScreen].preview
    qtbot.waitUntil(lambda: preview.image is not None, timeout=WAIT_MS)
    assert preview.image.width() == 320
    # with the box the face check puts around the face, drawn over the preview
    qtbot.waitUntil(lambda: preview.box_rect() is not None, timeout=WAIT_MS)
    assert screen_of(kiosk).face_area == preview.face_area
    box, picture = preview.box_rect(), preview.grab().toImage()
    assert preview.rect().toRectF().contains(box)
    assert picture.pixelColor(round(box.center().x()), round(box.top())) == preview.box_colour()
    assert picture.pixelColor(round(box.center().x()), round(box.center().y())) != preview.box_colour()
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.ticket == "A001" and result.name == load_profile("an").full_name
    assert result.hi_status is HiStatus.COVERED
    view = kiosk.window.views[ResultScreen]
    assert view.ticket.text() == "A001" and view.name.text() == result.name
    # the console lists it, masked, and the HIS gets it from the queue
    checkin_id = kiosk.run.checkin_id
    qtbot.waitUntil(lambda: console_row(kiosk, checkin_id) is not None
                    and console_row(kiosk, checkin_id).state is CheckinState.DONE, timeout=WAIT_MS)
    assert load_profile("an").full_name not in console_row(kiosk, checkin_id).masked_name
    his = kiosk.terminal.his.simulator
    qtbot.waitUntil(lambda: any(c.checkin["checkin_id"] == checkin_id for c in his.received()),
                    timeout=WAIT_MS)


def test_a_face_review_is_settled_at_the_console_with_a_reason_kept_for_audit(qtbot, open_kiosk):
    # a still photo of the right person never blinks: the face check sends it to review
    kiosk = open_kiosk("an", camera="still.jpg", face={"liveness_timeout_s": 1.0})
    type_key_at_console(qtbot, kiosk, "an")
    review = wait_for_screen(qtbot, kiosk, ReviewScreen)
    assert review.reason is ReviewReason.FACE
    checkin_id = kiosk.run.checkin_id
    window = kiosk.window
    window.ask_pin()
    qtbot.keyClicks(window.pin_dialog.entry, "0000")
    qtbot.keyClick(window.pin_dialog.entry, Qt.Key.Key_Return)
    page = window.console.checkins
    # the console's list refreshes on its own: the row may first show an earlier state
    qtbot.waitUntil(lambda: console_row(kiosk, checkin_id) is not None
                    and console_row(kiosk, checkin_id).state is CheckinState.REVIEW,
                    timeout=WAIT_MS)
    page.select_checkin(checkin_id)
    assert page.override_button.isEnabled()
    window.console.sign_in("Lan")  # once per shift
    page.open_override()
    # the chip photo and the live one side by side, to compare
    assert not page.dialog.chip_photo.pixmap().isNull()
    assert not page.dialog.live_photo.pixmap().isNull()
    qtbot.keyClicks(page.dialog.reason, "compared the face with the card photo")
    qtbot.keyClick(page.dialog.approve_button, Qt.Key.Key_Space)
    window.console.back_button.click()  # back to the patient screen
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.ticket == "A001"
    trail = kiosk.terminal.staff.audit_trail(checkin_id)
    assert [(a.action, a.staff, a.reason) for a in trail if a.action == "override"] == [
        ("override", "Lan", "compared the face with the card photo")]
    qtbot.waitUntil(lambda: console_row(kiosk, checkin_id).overridden, timeout=WAIT_MS)


def test_gateway_down_checks_in_offline_and_the_queue_empties_when_it_is_back(qtbot, open_kiosk):
    kiosk = open_kiosk("an", checkin={"eligibility_wait_s": 3.0})
    gateway = kiosk.terminal.eligibility.simulator
    gateway.faults.set(connection_reset=True)
    type_key_at_console(qtbot, kiosk, "an")
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.hi_status is HiStatus.CHECK_LATER and result.ticket == "A001"
    checkin_id = kiosk.run.checkin_id
    queue = kiosk.window.console.queue
    # the lookup waits in the queue, named by the ticket of its check-in
    wait_for_console(qtbot, kiosk, lambda: any(
        (item.kind, item.ticket) == (QueueKind.ELIGIBILITY_LOOKUP, "A001")
        for item in queue.snapshot.queue))
    assert str(len(queue.snapshot.queue)) in queue.state.text()
    assert queue.table.rowCount() == len(queue.snapshot.queue)
    assert not queue.snapshot.online and queue.state.property("role") == "status-error"

    gateway.faults.clear()  # back: the sender's lookup gets through and the queue empties
    wait_for_console(qtbot, kiosk, lambda: not queue.snapshot.queue, timeout_s=30)
    wait_for_console(qtbot, kiosk, lambda: console_row(kiosk, checkin_id).eligibility
                     is EligibilityStatus.ELIGIBLE)
    assert console_row(kiosk, checkin_id).ticket == "A001"
    assert queue.snapshot.online and "0" in queue.state.text()


def test_a_card_pulled_mid_read_shows_what_to_do_and_the_next_check_in_works(qtbot, open_kiosk):
    kiosk = open_kiosk("an", chip_faults=ChipFaults(remove_after=6))
    type_key_at_console(qtbot, kiosk, "an")
    error = wait_for_screen(qtbot, kiosk, ErrorScreen)
    assert error.error is KioskError.CARD_REMOVED
    assert kiosk.window.views[ErrorScreen].isVisible()
    # the card is put back (the simulated removal happens once)
    type_key_at_console(qtbot, kiosk, "an")
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.ticket == "A001"


def test_a_wrongly_typed_key_says_to_check_the_details(qtbot, open_kiosk):
    # giang's chip has no PACE (BAC only) and its printed expiry differs from the chip's: the typed
    # details cannot open it. (On a PACE chip the ID number's CAN opens it whatever the dates.)
    kiosk = open_kiosk("giang")
    type_key_at_console(qtbot, kiosk, "giang")
    error = wait_for_screen(qtbot, kiosk, ErrorScreen)
    assert error.error is KioskError.WRONG_ACCESS_KEY
    checkin_id = kiosk.run.checkin_id
    # no identity was read: the console counts the attempt in its summary and lists no row
    page = kiosk.window.console.checkins
    wait_for_console(qtbot, kiosk, lambda: page.unidentified >= 1)
    assert console_row(kiosk, checkin_id) is None
    assert any(row.checkin_id == checkin_id and row.state is CheckinState.FAILED
               for row in kiosk.terminal.staff.today())  # the day book keeps it
    assert kiosk.terminal.outbox.entries() == []  # nothing for the HIS


def test_a_declared_priority_is_approved_in_the_console(qtbot, open_kiosk):
    from drivers.idcard.sim.profile import load_profile
    from terminal.checkin.priority import PriorityReason
    from terminal.checkin.records import CheckinState, Verdict

    kiosk = open_kiosk("an")
    run = kiosk.workflow.start(load_profile("an").printed_access_key,
                               declared=PriorityReason.PREGNANT)
    record = run.result(60)
    assert record.state is CheckinState.REVIEW
    kiosk.override(record.checkin_id, Verdict.ACCEPT, "Lan", "pregnancy record seen")
    qtbot.waitUntil(lambda: any(r.ticket == "UT-001" for r in kiosk.actions.today()),
                    timeout=15000)
