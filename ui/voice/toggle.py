"""The patient's speaker button: spoken guidance on or off, floating at the top centre of the
patient screens (hidden while the console is open)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QPushButton, QWidget

# Gap between the button and the window's top edge.
MARGIN_PX = 16


class VoiceToggle(QPushButton):
    """Checkable: checked = voice on. Keeps itself at the top centre of `window`."""

    def __init__(self, window: QWidget, enabled: bool) -> None:
        super().__init__(window)
        self.setProperty("role", "quiet")
        self.setCheckable(True)
        self.setChecked(enabled)
        self.toggled.connect(lambda _on: self.retranslate())
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Voice: on") if self.isChecked() else self.tr("Voice: off"))
        self.setAccessibleName(self.tr("Spoken guidance is on; press to switch it off")
                               if self.isChecked() else
                               self.tr("Spoken guidance is off; press to switch it on"))
        self.adjustSize()
        self._place()

    def _place(self) -> None:
        window = self.parentWidget()
        self.move((window.width() - self.width()) // 2, MARGIN_PX)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
