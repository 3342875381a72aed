"""The console for a busy receptionist: it locks after an idle minute (she stays signed in), lists
only check-ins that read a card (newest first, reviews highlighted) and counts the rest, filters
reviews by what to look at, shows both photos of a review, and words every device state."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QColor

from terminal.checkin.records import Device, DeviceStatus, Health, Verdict
from terminal.kiosk.console import ReviewTopic
from terminal.kiosk.pin import PinGate
from terminal.kiosk.review_photos import ReviewPhotos
from terminal.kiosk.screens import IdleScreen, Language, PreviewFrame
from tests.support.kiosk_window import WAIT_MS, wait_for_console
from ui.console.checkins_page import REVIEW_BACKGROUND, REVIEWS
from ui.console.console_view import ConsoleView
from ui.kiosk_window import KioskWindow
from ui.language import TRANSLATIONS_DIR
from ui.screenshots import example_snapshot

NOW = datetime(2026, 5, 4, 10, 0)


def _open_console(qtbot, lock_after_s: float) -> KioskWindow:
    window = KioskWindow(PinGate(""), ConsoleView(lock_after_s=lock_after_s), kiosk_mode=False)
    window.console.locked.connect(window.close_console)  # as KioskApp wires it
    qtbot.addWidget(window)
    window.show()
    window.show_screen(IdleScreen("x", Language.VIETNAMESE))
    window.open_console()
    return window


def test_the_console_locks_after_an_idle_while_and_keeps_the_receptionist_signed_in(qtbot):
    window = _open_console(qtbot, lock_after_s=0.6)
    console = window.console
    console.sign_in("Lan")
    for _ in range(6):  # she keeps working: no lock
        qtbot.wait(200)
        qtbot.keyClick(console.tabs, Qt.Key.Key_Right)
    assert window.stack.currentWidget() is console
    with qtbot.waitSignal(console.locked, timeout=3000):
        pass  # she walks away
    assert window.stack.currentWidget() is window.views[IdleScreen]
    window.open_console()  # the PIN again, the same shift
    assert console.staff == "Lan" and "Lan" in console.signed_in.text()
    console.sign_out()
    assert console.staff == "" and console.checkins.staff == "" and not console.staff_name.isHidden()


def test_locking_drops_a_half_made_decision(qtbot):
    window = _open_console(qtbot, lock_after_s=60)
    console, page = window.console, window.console.checkins
    console.show_snapshot(example_snapshot(NOW))
    console.sign_in("Lan")
    page.select_checkin("c1")
    page.open_override()
    assert page.dialog.isVisible()
    console.lock()
    assert page.dialog is None and window.stack.currentWidget() is not console


def test_reviews_are_listed_newest_first_highlighted_and_filtered_by_what_to_look_at(qtbot, switch):
    console = ConsoleView()
    qtbot.addWidget(console)
    page = console.checkins
    console.show_snapshot(example_snapshot(NOW))
    assert [row.started_at for row in page.rows] == sorted(
        (row.started_at for row in page.rows), reverse=True)
    reason = [page.table.horizontalHeaderItem(c).text()
              for c in range(page.table.columnCount())].index("Lý do xem xét")
    first = page.table.item(0, reason)
    assert first.text() == "Khuôn mặt" and first.background().color() == QColor(REVIEW_BACKGROUND)
    assert page.table.item(2, 0).background().color() != QColor(REVIEW_BACKGROUND)  # done row

    page.show_only(REVIEWS)
    assert [row.checkin_id for row in page.rows] == ["c1", "c3"]
    page.show_only(ReviewTopic.CARD_SIGNATURE)
    assert [row.checkin_id for row in page.rows] == ["c3"]
    page.show_only(ReviewTopic.FACE)
    assert [row.checkin_id for row in page.rows] == ["c1"]  # c30's face review is decided
    page.show_only(ReviewTopic.CHIP)
    assert page.rows == () and page.table.rowCount() == 0
    # the summary counts every row, whatever the filter, and the attempts that read no card
    assert page.summary.text() == ("Hôm nay: 3 đã đăng ký · 2 chờ xem xét · 1 bị từ chối hoặc "
                                   "lỗi · 4 lượt không đọc được thẻ")


def test_the_review_dialog_shows_the_chip_and_live_photos_side_by_side(qtbot, switch):
    console = ConsoleView()
    qtbot.addWidget(console)
    page = console.checkins
    console.show_snapshot(example_snapshot(NOW))
    console.sign_in("Lan")
    grey = PreviewFrame(4, 6, bytes([90]) * 4 * 6 * 3)
    page.photos_of = lambda checkin_id: ReviewPhotos(grey, None) if checkin_id == "c1" else None
    page.select_checkin("c1")
    page.open_override()
    dialog = page.dialog
    assert dialog.chip_photo.pixmap().height() == 280 and dialog.live_photo.pixmap().isNull()
    assert dialog.live_photo.text()  # says no face was seen
    assert "Khuôn mặt" in dialog.topics.text()


def test_device_states_and_last_errors_are_worded_from_codes_in_both_languages(qtbot, switch, qapp):
    console = ConsoleView()
    qtbot.addWidget(console)
    page = console.devices
    statuses = (DeviceStatus(Device.PRINTER, Health.DOWN, "Paper out (english from the core)",
                             "Paper out (english)", NOW, last_error_code="paper_out"),
                DeviceStatus(Device.HIS, Health.OK, "7 sent", counts=(("delivered", 7),)),
                DeviceStatus(Device.CAMERA, Health.DEGRADED, "x", "x", NOW,
                             last_error_code="SomethingNew"))
    page.show_devices(statuses)
    texts = [[page.table.item(r, c).text() for c in (2, 3)] for r in range(3)]
    assert texts[0] == ["Hết giấy: lắp cuộn giấy mới.", "Hết giấy: lắp cuộn giấy mới."]
    assert texts[1][0] == "Đã gửi 7 mục cho hệ thống phòng khám."
    assert "SomethingNew" in texts[2][1] and "english" not in " ".join(sum(texts, []))
    translator = QTranslator(qapp)
    assert translator.load(str(TRANSLATIONS_DIR / "checkin_en.qm"))
    qapp.installTranslator(translator)
    try:
        page.show_devices(statuses)
        assert page.table.item(0, 3).text() == "Out of paper: put in a new roll."
    finally:
        qapp.removeTranslator(translator)


def test_attempts_that_read_no_card_are_counted_not_listed(qtbot, open_kiosk):
    # no card's QR before the camera: each wait ends after a second and is an attempt with no card
    kiosk = open_kiosk("an")
    page = kiosk.window.console.checkins
    wait_for_console(qtbot, kiosk, lambda: page.unidentified >= 2)
    assert page.all_rows == () and page.table.rowCount() == 0
    assert f"{page.unidentified} lượt không đọc được thẻ" in page.summary.text()


def test_a_refused_console_action_is_worded_by_its_code_not_the_cores_english(qtbot, open_kiosk):
    """Overriding a check-in that is not waiting for review: the core refuses it with a code,
    and the Vietnamese console says so in Vietnamese."""
    kiosk = open_kiosk("an")
    console = kiosk.window.console
    kiosk.override("no-such-checkin", Verdict.ACCEPT, "Lan", "checked the card myself")
    qtbot.waitUntil(lambda: bool(console.message.text()), timeout=WAIT_MS)
    assert console.message.text() == "Hôm nay không có lượt đăng ký này."
    assert "check-in" not in console.message.text()
