"""Every patient screen renders its record in both languages at every kiosk screen size, landscape
and portrait, normal and larger text, with nothing cut off; diacritics kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from terminal.kiosk.screens import ErrorScreen, IdleScreen, KioskError, Language
from ui.screenshots import EXAMPLE_NAME, example_screens
from ui.theme import body_px


def clipped(widget) -> list[str]:
    """Visible labels and buttons whose text needs more room than the layout gave them."""
    wrong = []
    for item in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not item.isVisible() or not item.text():
            continue
        hint = item.sizeHint()
        if isinstance(item, QLabel) and item.wordWrap():
            too_small = item.heightForWidth(item.width()) > item.height()
        else:
            too_small = hint.width() > item.width() or hint.height() > item.height()
        if too_small:
            wrong.append(item.text())
    return wrong


def covered_by_voice_button(window, view) -> list[str]:
    """Visible labels and buttons of `view` that the patient's voice button overlaps (none: it has a place
    in a layout of its own, not floating over the screens)."""
    button = window.idle.voice_button
    if not button.isVisible():
        return []
    box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
    return [item.text() for item in view.findChildren(QLabel) + view.findChildren(QAbstractButton)
            if item is not button and item.isVisible() and item.text()
            and box.intersects(QRect(item.mapTo(window, QPoint(0, 0)), item.size()))]


#: Kiosk panels: the common 4:3 one, 16:10, full HD, a portrait stand.
SIZES = [(1024, 768), (1280, 800), (1920, 1080), (1080, 1920)]
#: The extremes, with the fullest screens only (4K renders slowly offscreen).
EXTREMES = [(800, 600), (600, 800), (3840, 2160)]
FULLEST = ("idle", "idle-keypad", "camera", "review", "result-repeat-no-slip", "can-entry-wrong",
           "error-wrong_can", "priority")


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits_every_kiosk_screen_with_nothing_cut_off(window, switch, language, size):
    window.resize(*size)
    switch.apply(language)
    assert_all_fit(window, size, example_screens("Phòng khám Đa khoa Hòa Bình", language),
                   (False, True))


@pytest.mark.parametrize("size", EXTREMES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_fullest_screens_fit_the_smallest_and_the_largest_screens(window, size):
    screens = example_screens("Phòng khám Đa khoa Hòa Bình", Language.VIETNAMESE)
    window.resize(*size)
    assert_all_fit(window, size, {name: screens[name] for name in FULLEST}, (False,))


def assert_all_fit(window, size, screens, larger_texts) -> None:
    asked = body_px(*size)
    for name, screen in screens.items():
        for larger in larger_texts:
            window.set_larger_text(larger)
            window.show_screen(screen)
            QApplication.processEvents()
            view = window.stack.currentWidget()
            assert view is window.views[type(screen)], name
            assert (window.width(), window.height()) == size, name  # no page pushes it larger
            assert view.size() == window.size(), name
            assert clipped(view) == [], (name, larger)
            assert covered_by_voice_button(window, view) == [], (name, larger)
            # the text follows the screen: it is made smaller only as far as the words need
            assert view.body_px >= asked * 0.6, (name, larger, view.body_px)
    window.set_larger_text(False)


def test_text_grows_with_the_screen_and_with_the_larger_text_toggle(window):
    sizes = {}
    for size, larger in (((1024, 768), False), ((1920, 1080), False), ((1920, 1080), True)):
        window.resize(*size)
        window.set_larger_text(larger)
        window.show_screen(IdleScreen("x", Language.VIETNAMESE, larger_text=larger))
        QApplication.processEvents()
        sizes[size, larger] = window.views[IdleScreen].title.font().pixelSize()
    assert sizes[(1024, 768), False] < sizes[(1920, 1080), False] < sizes[(1920, 1080), True]
    window.set_larger_text(False)


def test_a_portrait_screen_stacks_the_picture_under_the_words(window):
    window.resize(1080, 1920)
    window.show_screen(IdleScreen("x", Language.VIETNAMESE))
    QApplication.processEvents()
    idle = window.views[IdleScreen]
    assert idle.picture.geometry().top() >= idle.title.geometry().bottom()
    window.resize(1920, 1080)
    QApplication.processEvents()
    assert idle.picture.geometry().left() >= idle.title.geometry().right()


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
