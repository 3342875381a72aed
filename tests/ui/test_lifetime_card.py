"""Issue 10 at the kiosk: the receptionist types "Không thời hạn" as the expiry of an 80-year-old's
card (it does not expire), and the patient is served like anyone else: ticket, HI covered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from drivers.idcard.sim.profile import load_profile
from terminal.kiosk.screens import HiStatus, ResultScreen
from ui.kiosk_app import KioskApp

WAIT_MS = 15_000


def _type_key(qtbot, kiosk: KioskApp, id_number: str, birth: str, expiry: str) -> None:
    window = kiosk.window
    window.ask_pin()
    qtbot.keyClicks(window.pin_dialog.entry, "0000")
    qtbot.keyClick(window.pin_dialog.entry, Qt.Key.Key_Return)
    page = window.console.access_key
    window.console.tabs.setCurrentWidget(page)
    assert "Không thời hạn" in page.expiry_date.placeholderText()  # what the card prints
    qtbot.keyClicks(page.id_number, id_number)
    qtbot.keyClicks(page.birth_date, birth)
    page.expiry_date.insert(expiry)  # keyClicks types ASCII only; Vietnamese comes from the IME
    with qtbot.waitSignal(page.key_entered, timeout=WAIT_MS) as signal:
        qtbot.keyClick(page.expiry_date, Qt.Key.Key_Return)
    assert signal.args[0].expiry_date == "991231"
    window.console.back_button.click()


def test_an_80_year_old_with_a_lifetime_card_gets_a_ticket(qtbot, open_kiosk):
    hai = load_profile("hai")
    kiosk = open_kiosk("hai")
    _type_key(qtbot, kiosk, hai.id_number, hai.birth_date.strftime("%d/%m/%Y"), "Không thời hạn")
    qtbot.waitUntil(lambda: isinstance(kiosk.window.screen_model, ResultScreen), timeout=WAIT_MS)
    result = kiosk.window.screen_model
    # 80 years old: a number from the priority sequence (Law 15/2023 Art 3(2))
    assert result.ticket == "UT-001" and result.name == hai.full_name
    assert result.hi_status is HiStatus.COVERED
