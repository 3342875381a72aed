"""The referral screen: two yes/no questions and Confirm, in both languages, driving the
Qt-free controller the way the kiosk app wires them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from terminal.checkin.coverage import SlipAnswers
from terminal.checkin.events import SlipsAsked
from terminal.kiosk.controller import KioskController
from terminal.kiosk.screens import Language, SlipQuestion, SlipsScreen


def _wired(window):
    """The window's signals to the controller, as ui/kiosk_app.py wires them."""
    controller = KioskController("x", Language.VIETNAMESE)
    sent: list[SlipAnswers] = []
    window.slip_answered.connect(
        lambda q, yes: window.show_screen(controller.answer_slip(q, yes)))

    def confirm() -> None:
        screen, answers = controller.confirm_slips()
        if answers is not None:
            sent.append(answers)
        window.show_screen(screen)
    window.slips_confirmed.connect(confirm)
    return controller, sent


def test_the_patient_answers_both_questions_then_confirms(window, qtbot):
    controller, sent = _wired(window)
    window.show_screen(controller.handle(SlipsAsked("c1", 0.0, 80, 0)))
    view = window.views[SlipsScreen]
    assert window.stack.currentWidget() is view
    assert "80%" in view.shares.text() and "0%" in view.shares.text()
    assert not view.confirm.isEnabled()  # nothing answered yet
    qtbot.mouseClick(view.buttons[(SlipQuestion.REFERRAL, False)], Qt.MouseButton.LeftButton)
    assert not view.confirm.isEnabled()  # one answer is not enough
    qtbot.mouseClick(view.buttons[(SlipQuestion.APPOINTMENT, True)], Qt.MouseButton.LeftButton)
    assert view.buttons[(SlipQuestion.APPOINTMENT, True)].isChecked()
    assert not view.buttons[(SlipQuestion.APPOINTMENT, False)].isChecked()
    assert view.confirm.isEnabled()
    qtbot.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
    assert sent == [SlipAnswers(referral=False, appointment=True)]
    # sent once: the buttons are off while the check-in goes on
    assert not view.confirm.isEnabled()
    assert not view.buttons[(SlipQuestion.REFERRAL, True)].isEnabled()
    qtbot.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
    assert len(sent) == 1


def test_the_questions_speak_both_languages(window, switch):
    window.show_screen(SlipsScreen(100, None))
    view = window.views[SlipsScreen]
    vietnamese = view.title.text()
    assert vietnamese == "Thẻ của bạn đăng ký khám ban đầu ở cơ sở khác"
    assert view.buttons[(SlipQuestion.REFERRAL, True)].text() == "Có"
    switch.apply(Language.ENGLISH)
    assert view.title.text() == "Your card is registered at another facility"
    assert "the clinic will tell you" in view.shares.text()  # no share known without a slip


def test_a_patient_registered_elsewhere_answers_on_the_kiosk_and_sees_the_share(qtbot,
                                                                               open_kiosk):
    from drivers.idcard.sim.profile import load_profile
    from terminal.kiosk.screens import ResultScreen
    from tests.support.kiosk_window import wait_for_screen

    # Bình's card is registered at 01253: at a specialised clinic the slip decides the share
    kiosk = open_kiosk("binh", clinic={"care_level": "specialised"})
    kiosk.start_typed(load_profile("binh").printed_access_key)
    asked = wait_for_screen(qtbot, kiosk, SlipsScreen)
    assert (asked.with_slip_pct, asked.without_slip_pct) == (95, 0)
    view = kiosk.window.views[SlipsScreen]
    qtbot.mouseClick(view.buttons[(SlipQuestion.REFERRAL, True)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.buttons[(SlipQuestion.APPOINTMENT, False)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
    result = wait_for_screen(qtbot, kiosk, ResultScreen)
    assert result.fund_pct == 95
    assert "95%" in kiosk.window.views[ResultScreen].share.text()
    record = kiosk.run.result(5)
    assert record.slips == SlipAnswers(referral=True, appointment=False)
