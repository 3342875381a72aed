"""The result screen, readable from a metre away: "take your card" right under the banner, the
patient's name, their health insurance in plain words, the ticket number, where to go next, and
"Done"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from terminal.kiosk.screens import HiStatus, Language, NextStep, ResultScreen
from ui.number_words import ticket_in_words
from ui.screens.view import ScreenView, done_button, label, word_ending

HI_STATUS_TEXTS = {
    HiStatus.COVERED: QT_TRANSLATE_NOOP("ResultView", "Your health insurance covers this visit."),
    HiStatus.COVERED_CHECK_PAPERS: QT_TRANSLATE_NOOP(
        "ResultView", "Your health insurance covers this visit. Show your insurance card at the counter."),
    HiStatus.COVERED_NEW_CARD: QT_TRANSLATE_NOOP(
        "ResultView", "Your health insurance covers this visit. A new insurance card was issued to you: use it next time."),
    HiStatus.NOT_COVERED: QT_TRANSLATE_NOOP(
        "ResultView", "Your health insurance cannot be used today: this visit is paid by you."),
    HiStatus.CHECK_LATER: QT_TRANSLATE_NOOP(
        "ResultView", "Your health insurance could not be checked yet; the clinic will check it for you."),
    HiStatus.SEE_RECEPTION: QT_TRANSLATE_NOOP(
        "ResultView", "Your health insurance details need a check by a receptionist."),
}

NEXT_STEP_TEXTS = {
    NextStep.WAIT_FOR_CALL: QT_TRANSLATE_NOOP(
        "ResultView", "Please take a seat. Your number will be called at counter %1."),
    NextStep.PAY_AT_CASHIER: QT_TRANSLATE_NOOP(
        "ResultView", "Please pay at the cashier, then wait for your number at counter %1."),
    NextStep.GO_TO_RECEPTION: QT_TRANSLATE_NOOP(
        "ResultView", "Please go to the reception desk with this number."),
}

_COVERED = {HiStatus.COVERED, HiStatus.COVERED_CHECK_PAPERS, HiStatus.COVERED_NEW_CARD}


def hi_status_text(status: HiStatus) -> str:
    return QCoreApplication.translate("ResultView", HI_STATUS_TEXTS[status])


class ResultView(ScreenView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = label("banner-ok")
        self.name = label("title")
        self.hi_status = label("subtitle")
        self.ticket_caption = label("subtitle")
        self.ticket = label("ticket")
        self.ticket_words = label("subtitle")
        self.next_step = label("subtitle")
        self.place = label("guidance")
        self.ahead = label("subtitle")
        self.share = label("note")
        self.notice = label("note")
        self.take_card = label("take-card")
        self.done = done_button(self)
        ticket_panel = QFrame()
        ticket_panel.setProperty("role", "panel")
        panel = QVBoxLayout(ticket_panel)
        panel.setContentsMargins(40, 16, 40, 16)
        panel.addWidget(self.ticket_caption)
        panel.addWidget(self.ticket)
        panel.addWidget(self.ticket_words)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(ticket_panel, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 32)
        layout.addWidget(self.banner)
        layout.addWidget(self.take_card)
        layout.addSpacing(20)
        layout.addWidget(self.name)
        layout.addSpacing(12)
        layout.addWidget(self.hi_status)
        layout.addSpacing(20)
        layout.addLayout(row)
        layout.addSpacing(20)
        layout.addWidget(self.next_step)
        layout.addWidget(self.place)
        layout.addWidget(self.ahead)
        layout.addWidget(self.share)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done)
        done_row.addStretch(1)
        layout.addLayout(done_row)
        for widget in (self.hi_status, self.next_step, self.share, self.notice):
            widget.setContentsMargins(60, 0, 60, 0)

    def render(self, model: ResultScreen) -> None:
        self.banner.setText(self.tr("You are checked in"))
        self.name.setText(model.name)
        self.hi_status.setText(hi_status_text(model.hi_status))
        self.hi_status.setProperty("role", "hi-ok" if model.hi_status in _COVERED else "hi-other")
        self.hi_status.style().polish(self.hi_status)
        self.ticket_caption.setText(self.tr("Your priority number") if model.priority
                                    else self.tr("Your number"))
        self.ticket.setText(model.ticket)
        self.ticket.setAccessibleName(self.tr("Your number: %1").replace("%1", model.ticket))
        self.ticket_words.setText(ticket_in_words(model.ticket, model.language))
        self.ticket_words.setVisible(bool(self.ticket_words.text()))
        self.next_step.setText(QCoreApplication.translate("ResultView", NEXT_STEP_TEXTS[model.next_step])
                               .replace("%1", model.counter))
        word_ending(self.take_card, self.done)
        self.place.setText(self.place_text(model))
        self.place.setVisible(bool(self.place.text()))
        ahead = ("" if model.ahead is None
                 else self.tr("Nobody is waiting before you.") if model.ahead == 0
                 else self.tr("%n patient(s) before you.", "", model.ahead))
        self.ahead.setText(ahead)
        self.ahead.setVisible(bool(ahead))
        self.share.setText(self._share(model))
        self.share.setVisible(bool(self.share.text()))
        notices = []
        if model.repeated:
            notices.append(self.tr("You already have this number today: it is shown again."))
        if model.slip_missing:
            notices.append(self.tr("The slip could not be printed: please remember your number "
                                   "and ask at the reception desk."))
        self.notice.setText("\n".join(notices))
        self.notice.setVisible(bool(notices))

    def place_text(self, model: ResultScreen) -> str:
        """Where to go, in a sentence: the department, its room and floor."""
        name = model.department_en if model.language is Language.ENGLISH else model.department_vi
        room = (self.tr("room %1 on floor %2").replace("%1", model.room).replace("%2", model.floor)
                if model.room and model.floor else
                self.tr("room %1").replace("%1", model.room) if model.room else "")
        if name and room:
            return self.tr("Go to %1, %2.").replace("%1", name).replace("%2", room)
        if room:
            return self.tr("Go to %1.").replace("%1", room)
        return self.tr("Go to %1.").replace("%1", name) if name else ""

    def _share(self, model: ResultScreen) -> str:
        """What the fund pays, and why when it is in full (coverage.py decided it)."""
        if model.fund_pct is None:
            return ""
        lines = [self.tr("Your health insurance pays %1% of covered costs.")
                 .replace("%1", str(model.fund_pct))]
        if model.child_under_6:
            lines.append(self.tr("Children under 6 are covered in full."))
        if model.copay_exempt:
            lines.append(self.tr("No co-pay for the rest of this year: 5 years' continuous "
                                 "cover and this year's co-pay above the limit."))
        return "\n".join(lines)
