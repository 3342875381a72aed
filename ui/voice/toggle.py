"""The patient's speaker button: spoken guidance on or off. It sits in the idle screen's top row
beside the language and text-size buttons (the patient's toggles, in a layout: it never covers a
text)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QPushButton, QWidget


class VoiceToggle(QPushButton):
    """Checkable: checked = voice on. The kiosk sets the configured state for each patient."""

    def __init__(self, enabled: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "quiet")
        self.setCheckable(True)
        self.setChecked(enabled)
        self.toggled.connect(lambda _on: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Voice: on") if self.isChecked() else self.tr("Voice: off"))
        self.setAccessibleName(self.tr("Spoken guidance is on; press to switch it off")
                               if self.isChecked() else
                               self.tr("Spoken guidance is off; press to switch it on"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
