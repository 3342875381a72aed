"""The receptionist console by keyboard alone: PIN, pages, deciding a review, typing a key; and
no way out of the kiosk without the PIN."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from terminal.checkin.records import Verdict
from terminal.kiosk.screens import IdleScreen, Language
from ui.screenshots import example_snapshot


def type_pin(qtbot, window, pin: str) -> None:
    qtbot.keyClicks(window.pin_dialog.entry, pin)
    qtbot.keyClick(window.pin_dialog.entry, Qt.Key.Key_Return)


def test_the_kiosk_cannot_be_closed_without_the_pin(window):
    window.close()
    assert window.isVisible()


def test_a_wrong_pin_keeps_the_console_shut_and_says_so(qtbot, window):
    window.show_screen(IdleScreen("x", Language.VIETNAMESE))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.pin_dialog is not None
    type_pin(qtbot, window, "1234")
    assert window.stack.currentWidget() is not window.console
    assert "4" in window.pin_dialog.message.text()  # tries left


def test_the_right_pin_opens_the_console_and_esc_goes_back(qtbot, window):
    window.show_screen(IdleScreen("x", Language.VIETNAMESE))
    window.ask_pin()
    type_pin(qtbot, window, "0000")
    assert window.stack.currentWidget() is window.console
    qtbot.keyClick(window.console, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.views[IdleScreen]


def test_closing_from_the_console_closes_the_kiosk(qtbot, window):
    window.show_screen(IdleScreen("x", Language.VIETNAMESE))
    window.ask_pin()
    type_pin(qtbot, window, "0000")
    window.console.quit_button.click()
    assert not window.isVisible()


def test_a_review_is_decided_with_name_and_reason_by_keyboard(qtbot, window):
    page = window.console.checkins
    window.console.show_snapshot(example_snapshot(datetime(2026, 5, 4, 10, 0)))
    page.select_checkin("c5")  # a check-in already done: nothing to decide
    assert not page.override_button.isEnabled()
    page.select_checkin("c1")
    assert page.override_button.isEnabled() and page.retry_button.isEnabled() is False
    page.open_override()
    dialog = page.dialog
    qtbot.keyClicks(dialog.staff, "Lan")
    qtbot.keyClicks(dialog.reason, "ok")  # too short: refused with a message
    dialog.approve_button.setFocus()
    qtbot.keyClick(dialog.approve_button, Qt.Key.Key_Space)
    assert dialog.isVisible() and dialog.message.text()
    qtbot.keyClicks(dialog.reason, " - matches the card photo")
    with qtbot.waitSignal(page.override_requested) as signal:
        qtbot.keyClick(dialog.approve_button, Qt.Key.Key_Space)
    assert signal.args == ["c1", Verdict.ACCEPT, "Lan", "ok - matches the card photo"]


def test_a_wrongly_typed_key_is_refused_and_a_right_one_is_used(qtbot, window):
    page = window.console.access_key
    qtbot.keyClicks(page.id_number, "079190001234")
    qtbot.keyClicks(page.birth_date, "31/02/1990")
    qtbot.keyClicks(page.expiry_date, "01/02/2035")
    with qtbot.assertNotEmitted(page.key_entered):
        qtbot.keyClick(page.expiry_date, Qt.Key.Key_Return)
    assert "25/03/1990" in page.message.text()  # what a birth date should look like
    page.birth_date.clear()
    qtbot.keyClicks(page.birth_date, "01/02/1990")
    with qtbot.waitSignal(page.key_entered) as signal:
        qtbot.keyClick(page.expiry_date, Qt.Key.Key_Return)
    assert signal.args[0].document_number == "190001234"


def test_every_console_control_has_an_accessible_name(window):
    from PySide6.QtWidgets import QLineEdit, QPushButton, QTableWidget
    unnamed = [w for kind in (QPushButton, QLineEdit, QTableWidget)
               for w in window.console.findChildren(kind) if not w.accessibleName()]
    assert unnamed == []


def test_the_card_check_is_worded_for_the_receptionist_in_both_languages(qtbot, qapp):
    from PySide6.QtCore import QTranslator

    from terminal.checkin.records import CheckinState, CheckinSummary
    from ui.console.checkins_page import CheckinsPage
    from ui.language import TRANSLATIONS_DIR

    page = CheckinsPage()
    qtbot.addWidget(page)
    row = CheckinSummary("c1", datetime(2026, 5, 4, 9, 0), CheckinState.REVIEW,
                         reasons=("signer_issuer_unknown", "chip_clone", "face_review"))
    expected = {"en": "Signature valid, issuer not in the trust store; Chip is a copy (failed "
                      "its key check)",
                "vi": "Chữ ký hợp lệ, nơi cấp không có trong kho tin cậy; Chip là bản sao "
                      "(không qua kiểm tra khóa)"}
    for language, words in expected.items():
        translator = QTranslator(qapp)
        assert translator.load(str(TRANSLATIONS_DIR / f"checkin_{language}.qm"))
        qapp.installTranslator(translator)  # the latest installed answers first
        try:
            page.show_rows((row,))
            assert page.table.item(0, page.table.columnCount() - 1).text() == words
        finally:
            qapp.removeTranslator(translator)


def test_the_devices_page_shows_the_gateway_lookups_of_the_last_hour(window):
    from dataclasses import replace

    from terminal.eligibility.lookup_cache import LookupCounts

    page = window.console.devices
    snapshot = example_snapshot(datetime(2026, 5, 4, 10, 0))
    window.console.show_snapshot(snapshot)
    assert not page.lookups.isHidden()
    assert "42" in page.lookups.text() and "7" in page.lookups.text()
    assert "100" in page.lookups.text() and page.lookups.property("role") == "note"
    window.console.show_snapshot(replace(snapshot, gateway_lookups=LookupCounts(85, 0, 100)))
    assert page.lookups.property("role") == "status-error"  # 80% of the limit
    window.console.show_snapshot(replace(snapshot, gateway_lookups=None))
    assert page.lookups.isHidden()
