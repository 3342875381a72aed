"""The idle screen: what to do (place the card, wait, look at the camera), where the card goes,
the language switch, the way to the 6-digit keypad, and a discreet entry for staff."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.kiosk.screens import IdleScreen, Language
from ui.screens.card_picture import CardPlacementPicture
from ui.screens.view import ScreenView, label

#: Each language's name in itself, as language pickers show it (not translated on purpose).
LANGUAGE_NAMES = {Language.VIETNAMESE: "Tiếng Việt", Language.ENGLISH: "English"}


class IdleView(ScreenView):
    language_requested = Signal(Language)
    staff_requested = Signal()
    can_entry_requested = Signal()
    priority_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = label("clinic", align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.language_button = QPushButton()
        self.language_button.setProperty("role", "quiet")
        self.language_button.clicked.connect(self._toggle_language)
        self.title = label("title")
        self.steps = [label("step", align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                      for _ in range(3)]
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
        top.addWidget(self.language_button)
        steps = QVBoxLayout()
        steps.addStretch(1)
        for step in self.steps:
            steps.addWidget(step)
            steps.addSpacing(24)
        steps.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(steps, 5)
        middle.addWidget(self.picture, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.can_button)
        bottom.addWidget(self.priority_button)
        bottom.addStretch(1)
        bottom.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addLayout(top)
        layout.addSpacing(16)
        layout.addWidget(self.title)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)

    def render(self, model: IdleScreen) -> None:
        self.clinic.setText(model.clinic_name)
        other = _other(model.language)
        self.language_button.setText(LANGUAGE_NAMES[other])
        self.language_button.setAccessibleName(self.tr("Switch the language to %1").replace("%1", LANGUAGE_NAMES[other]))
        self.title.setText(self.tr("Check in with your chip ID card"))
        self.steps[0].setText(self.tr("1. Place your chip ID card flat on the reader, as in the picture."))
        self.steps[1].setText(self.tr("2. Leave it there until the screen says you may take it."))
        self.steps[2].setText(self.tr("3. Look at the camera above the screen."))
        self.picture.setAccessibleName(self.tr("Picture: the card lies flat on the reader's pad"))
        self.can_button.setText(self.tr("QR code not read? Type your card number"))
        self.can_button.setAccessibleName(self.tr("Type the 6-digit card number instead of showing "
                                                  "the QR code"))
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
