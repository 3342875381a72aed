"""The idle screen: the one thing the patient does now (the card's QR code to the camera, or its
six digits on the keypad, as configured; then the card on the reader, with the seconds left), a
picture of it, the language, text size and voice toggles, the way to the 6-digit keypad, and a
discreet entry for staff."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.screens import Awaiting, IdleScreen, Language
from ui.screens.card_picture import CardPlacementPicture
from ui.screens.view import ScreenView, label
from ui.voice.toggle import VoiceToggle

#: Each language's name in itself, as language pickers show it (not translated on purpose).
LANGUAGE_NAMES = {Language.VIETNAMESE: "Tiếng Việt", Language.ENGLISH: "English"}

# Awaiting → (the instruction, how to do it well).
AWAITING_TEXTS = {
    Awaiting.QR_CODE: (
        QT_TRANSLATE_NOOP("IdleView", "Show the QR code on the front of your card to the camera"),
        QT_TRANSLATE_NOOP("IdleView", "Hold the card still, a hand's width from the camera above "
                                      "the screen.")),
    Awaiting.CAN: (
        QT_TRANSLATE_NOOP("IdleView", "Type the last 6 digits of the ID number on your card"),
        QT_TRANSLATE_NOOP("IdleView", "Touch the button below, type the 6 digits, then press OK.")),
    Awaiting.CARD: (
        QT_TRANSLATE_NOOP("IdleView", "Now place your card flat on the reader"),
        QT_TRANSLATE_NOOP("IdleView", "Leave it there until the screen says you may take it.")),
}


def seconds_left_text(seconds: int) -> str:
    return QCoreApplication.translate("IdleView", "%1 seconds left").replace("%1", str(seconds))


class IdleView(ScreenView):
    language_requested = Signal(Language)
    staff_requested = Signal()
    can_entry_requested = Signal()
    priority_requested = Signal()
    larger_text_requested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = label("clinic", align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.larger_button = QPushButton()
        self.larger_button.setProperty("role", "quiet")
        self.larger_button.setCheckable(True)
        self.larger_button.clicked.connect(self.larger_text_requested)
        self.language_button = QPushButton()
        self.language_button.setProperty("role", "quiet")
        self.language_button.clicked.connect(self._toggle_language)
        # the patient's voice on/off (the kiosk connects it and sets it for each patient)
        self.voice_button = VoiceToggle()
        self.title = label("title")
        self.hint = label("subtitle")
        self.countdown = label("countdown")
        self.picture = CardPlacementPicture()
        self.can_button = QPushButton()
        self.can_button.clicked.connect(self.can_entry_requested)
        self.priority_button = QPushButton()
        self.priority_button.clicked.connect(self.priority_requested)
        self.staff_button = QPushButton()
        self.staff_button.setProperty("role", "quiet")
        self.staff_button.clicked.connect(self.staff_requested)

        top = QHBoxLayout()
        top.addWidget(self.clinic, 1)
        top.addWidget(self.larger_button)
        top.addWidget(self.voice_button)
        top.addWidget(self.language_button)
        words = QVBoxLayout()
        words.addStretch(1)
        words.addWidget(self.title)
        words.addSpacing(24)
        words.addWidget(self.hint)
        words.addSpacing(16)
        words.addWidget(self.countdown)
        words.addStretch(1)
        middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        middle.addLayout(words, 5)
        middle.addWidget(self.picture, 4)
        bottom = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        bottom.addWidget(self.can_button)
        bottom.addWidget(self.priority_button)
        bottom.addStretch(1)
        bottom.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addLayout(top)
        layout.addSpacing(16)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.turning += [middle, bottom]

    def render(self, model: IdleScreen) -> None:
        self.clinic.setText(model.clinic_name)
        other = _other(model.language)
        self.language_button.setText(LANGUAGE_NAMES[other])
        self.language_button.setAccessibleName(self.tr("Switch the language to %1").replace("%1", LANGUAGE_NAMES[other]))
        self.larger_button.setText(self.tr("A+ Larger text"))
        self.larger_button.setChecked(model.larger_text)
        self.larger_button.setAccessibleName(self.tr("Larger text on the screens"))
        instruction, how = AWAITING_TEXTS[model.awaiting]
        self.title.setText(QCoreApplication.translate("IdleView", instruction))
        self.hint.setText(QCoreApplication.translate("IdleView", how))
        self.countdown.setText("" if model.seconds_left is None
                               else seconds_left_text(model.seconds_left))
        self.countdown.setVisible(model.seconds_left is not None)
        self.picture.show_awaiting(model.awaiting)
        self.picture.setAccessibleName(
            self.tr("Picture: the card's QR code held up to the camera")
            if model.awaiting is Awaiting.QR_CODE else
            self.tr("Picture: the last 6 digits of the ID number on the card's front")
            if model.awaiting is Awaiting.CAN else
            self.tr("Picture: the card lies flat on the reader's pad"))
        # The keypad replaces the QR code: offered while the kiosk waits for it; where the kiosk
        # takes the digits first it is the instruction itself.
        self.can_button.setVisible(model.awaiting in (Awaiting.QR_CODE, Awaiting.CAN))
        if model.awaiting is Awaiting.CAN:
            self.can_button.setText(self.tr("Type your card number"))
            self.can_button.setAccessibleName(self.tr("Open the keypad to type the 6-digit card "
                                                      "number"))
        else:
            self.can_button.setText(self.tr("No QR code? Type your card number"))
            self.can_button.setAccessibleName(self.tr("Type the 6-digit card number instead of "
                                                      "showing the QR code"))
        self.priority_button.setText(self.tr("Priority (pregnant, disability…)?"))
        self.priority_button.setAccessibleName(self.tr("Declare a priority before placing the "
                                                       "card"))
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff: open the receptionist console"))

    def _toggle_language(self) -> None:
        if isinstance(self.model, IdleScreen):
            self.language_requested.emit(_other(self.model.language))


def _other(language: Language) -> Language:
    return Language.ENGLISH if language == Language.VIETNAMESE else Language.VIETNAMESE
