"""Every patient screen renders its record in both languages, nothing clipped, diacritics kept."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from terminal.kiosk.screens import ErrorScreen, KioskError, Language
from ui.screenshots import EXAMPLE_NAME, example_screens


def clipped_labels(widget) -> list[str]:
    """Visible labels whose text needs more room than the layout gave them."""
    wrong = []
    for label in widget.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        needed = (label.heightForWidth(label.width()) if label.wordWrap()
                  else label.sizeHint().height())
        if needed > label.height() or (not label.wordWrap() and label.sizeHint().width() > label.width()):
            wrong.append(label.text())
    return wrong


@pytest.mark.parametrize("language", list(Language))
def test_every_screen_fits_the_kiosk_screen(window, switch, language):
    switch.apply(language)
    for name, screen in example_screens("Phòng khám Đa khoa Hòa Bình", language).items():
        window.show_screen(screen)
        QApplication.processEvents()
        view = window.stack.currentWidget()
        assert view is window.views[type(screen)], name
        assert clipped_labels(view) == [], name


def test_screens_speak_vietnamese_by_default_and_english_after_the_switch(window, switch):
    window.show_screen(ErrorScreen(KioskError.CARD_REMOVED))
    banner = window.views[ErrorScreen].banner
    assert banner.text() == "Thẻ được lấy ra quá sớm"
    switch.apply(Language.ENGLISH)  # the shown screen re-renders on LanguageChange
    assert banner.text() == "The card was taken away too soon"


def test_the_patients_own_name_keeps_its_diacritics(window):
    result = example_screens("x", Language.VIETNAMESE)["result-covered"]
    window.show_screen(result)
    assert window.views[type(result)].name.text() == EXAMPLE_NAME
    assert window.views[type(result)].ticket.accessibleName().endswith("A012")


def test_every_error_has_its_own_title_and_advice(window):
    seen = set()
    for error in KioskError:
        window.show_screen(ErrorScreen(error))
        view = window.views[ErrorScreen]
        seen.add(view.banner.text())
        assert view.todo.text()
    assert len(seen) == len(KioskError)
