"""What every screen widget shares: it keeps the record it shows and renders it again when the
language changes, so no text is ever left in the old language."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

class ScreenView(QWidget):
    """A screen: `show_model` stores the record and renders it; subclasses implement `render`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: object | None = None

    def show_model(self, model: object) -> None:
        self.model = model
        self.render(model)

    def render(self, model: object) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.model is not None:
            self.render(self.model)
        super().changeEvent(event)


def label(role: str = "", wrap: bool = True, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    """A label styled by its theme role (see ui.theme), word-wrapped and centred by default."""
    widget = QLabel()
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setAlignment(align)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget
