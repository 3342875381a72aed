"""Typing the card's access key by hand, from the ID number (alone: its last 6 digits, the CAN, for
PACE) and the dates printed on the CCCD, for a card whose chip the reader could not open."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.typed_key import AccessDataError, AccessKey, typed_access_key
from ui.console.page import ConsolePage
from ui.screens.view import label

FIELD_ERRORS = {
    "id_number": QT_TRANSLATE_NOOP("AccessKeyPage", "The ID number must be the 12 digits printed on the card."),
    "birth_date": QT_TRANSLATE_NOOP("AccessKeyPage", "Type the birth date as printed, like 25/03/1990."),
    "expiry_date": QT_TRANSLATE_NOOP("AccessKeyPage", "Type the expiry date as printed, like 25/03/2035."),
}


class AccessKeyPage(ConsolePage):
    key_entered = Signal(AccessKey)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = label(align=Qt.AlignmentFlag.AlignLeft)
        self.id_number, self.birth_date, self.expiry_date = QLineEdit(), QLineEdit(), QLineEdit()
        self.fields = (self.id_number, self.birth_date, self.expiry_date)
        self.captions = tuple(QLabel() for _ in self.fields)
        form = QFormLayout()
        for caption, field in zip(self.captions, self.fields):
            caption.setBuddy(field)
            field.returnPressed.connect(self.submit)
            form.addRow(caption, field)
        self.birth_date.setPlaceholderText("dd/mm/yyyy")
        # What the card prints: a date, or "Không thời hạn" on a card that does not expire.
        self.expiry_date.setPlaceholderText("dd/mm/yyyy · Không thời hạn")
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(self.submit)
        self.message = label("field-error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.submit_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("When the kiosk says the card could not be opened, type the ID "
                                   "number printed on the front of the card (it alone opens chips "
                                   "with PACE; add both dates for older chips), then ask the "
                                   "patient to place it on the reader again."))
        texts = ((self.tr("&ID number"), self.tr("ID number, 12 digits")),
                 (self.tr("&Birth date"), self.tr("Birth date, day/month/year")),
                 (self.tr("E&xpiry date"), self.tr("Expiry date, day/month/year")))
        for caption, field, (text, name) in zip(self.captions, self.fields, texts):
            caption.setText(text)
            field.setAccessibleName(name)
        self.submit_button.setText(self.tr("&Use this key"))
        self.submit_button.setAccessibleName(self.tr("Use this key for the next card"))
        self.message.clear()

    def submit(self) -> None:
        try:
            key = typed_access_key(self.id_number.text(), self.birth_date.text(), self.expiry_date.text())
        except AccessDataError as exc:
            self._say(QCoreApplication.translate(
                "AccessKeyPage", FIELD_ERRORS.get(exc.field, FIELD_ERRORS["id_number"])), ok=False)
            return
        self._say(self.tr("Key saved: ask the patient to place the card on the reader again."), ok=True)
        for field in self.fields:
            field.clear()
        self.key_entered.emit(key)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setProperty("role", "status-ok" if ok else "field-error")
        self.message.style().polish(self.message)
        self.message.setText(text)
