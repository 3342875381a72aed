"""The department choice: one large button per department in the configured order, with its room
and floor; a full or closed one is shown disabled with the reason and the next open option."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from terminal.checkin.departments import DepartmentState
from terminal.kiosk.screens import DepartmentOption, DepartmentScreen, Language
from ui.screens.idle import LANGUAGE_NAMES
from ui.screens.view import ScreenView, label


class DepartmentView(ScreenView):
    chosen = Signal(str)  # a department's code
    language_requested = Signal(Language)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language_button = QPushButton()
        self.language_button.setProperty("role", "quiet")
        self.language_button.clicked.connect(self._toggle_language)
        self.title = label("title")
        self.note = label("subtitle")
        self.buttons: dict[str, QPushButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(120, 32, 120, 48)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_button)
        self._layout.addLayout(top)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.note)
        self._layout.addSpacing(24)
        self._rows = QVBoxLayout()
        self._rows.setSpacing(18)
        self._layout.addLayout(self._rows)
        self._layout.addStretch(1)

    def render(self, model: DepartmentScreen) -> None:
        other = (Language.ENGLISH if model.language is Language.VIETNAMESE
                 else Language.VIETNAMESE)
        self.language_button.setText(LANGUAGE_NAMES[other])
        self.language_button.setAccessibleName(
            self.tr("Switch the language to %1").replace("%1", LANGUAGE_NAMES[other]))
        self.title.setText(self.tr("Where do you want to be seen?"))
        names = {o.code: self._name(o, model.language) for o in model.options}
        note = self.tr("Touch a department, then place your chip ID card on the reader.")
        if model.refused in names:  # it filled up while the patient checked in
            note = self.tr("%1 has just become full. Please choose another department, then "
                           "place your card again.").replace("%1", names[model.refused])
        self.note.setText(note)
        for code in [c for c in self.buttons if c not in names]:  # a department list changed
            self.buttons.pop(code).deleteLater()
        for option in model.options:
            button = self.buttons.get(option.code)
            if button is None:
                button = QPushButton()
                button.setProperty("role", "choice")
                button.setMinimumHeight(120)
                button.clicked.connect(lambda _checked=False, c=option.code: self.chosen.emit(c))
                self.buttons[option.code] = button
            self._rows.addWidget(button)  # again: in the model's order
            text = self._text(option, names, option.code in model.session_full)
            button.setText(text)
            button.setAccessibleName(text.replace("\n", ". "))
            button.setEnabled(option.state is DepartmentState.OPEN)

    @staticmethod
    def _name(option: DepartmentOption, language: Language) -> str:
        return option.name_en if language is Language.ENGLISH else option.name_vi

    def _text(self, option: DepartmentOption, names: dict[str, str], session_full: bool) -> str:
        where = (self.tr("Room %1, floor %2").replace("%1", option.room).replace("%2", option.floor)
                 if option.room and option.floor else
                 self.tr("Room %1").replace("%1", option.room) if option.room else "")
        lines = [names[option.code] + (f" — {where}" if where else "")]
        if option.state is not DepartmentState.OPEN:
            why = (self.tr("Closed now") if option.state is DepartmentState.CLOSED
                   else self.tr("Full for this session") if session_full
                   else self.tr("Full today"))
            if option.next_code:
                why += " · " + self.tr("Next open: %1").replace("%1", names[option.next_code])
            lines.append(why)
        return "\n".join(lines)

    def _toggle_language(self) -> None:
        if isinstance(self.model, DepartmentScreen):
            self.language_requested.emit(Language.ENGLISH
                                         if self.model.language is Language.VIETNAMESE
                                         else Language.VIETNAMESE)
