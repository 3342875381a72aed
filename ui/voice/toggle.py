"""The patient's speaker button: spoken guidance on or off, floating at the top right of the
patient screens, just left of the idle screen's language button (the same place on every screen;
hidden while the console is open)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QPushButton, QWidget

# Gap to the language button, and to the window's edges when there is none.
GAP_PX = 16


class VoiceToggle(QPushButton):
    """Checkable: checked = voice on. Keeps itself beside `beside` (or in the top right corner of
    `window`) as either moves or resizes."""

    def __init__(self, window: QWidget, enabled: bool, beside: QWidget | None = None) -> None:
        super().__init__(window)
        self._beside = beside
        self.setProperty("role", "quiet")
        self.setCheckable(True)
        self.setChecked(enabled)
        self.toggled.connect(lambda _on: self.retranslate())
        window.installEventFilter(self)
        if beside is not None:
            beside.installEventFilter(self)
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        self.setText(self.tr("Voice: on") if self.isChecked() else self.tr("Voice: off"))
        self.setAccessibleName(self.tr("Spoken guidance is on; press to switch it off")
                               if self.isChecked() else
                               self.tr("Spoken guidance is off; press to switch it on"))
        self.adjustSize()
        self.place()

    def place(self) -> None:
        window = self.parentWidget()
        beside = self._beside
        if beside is not None and beside.width() > 0:
            corner = beside.mapTo(window, QPoint(0, 0))
            self.move(corner.x() - GAP_PX - self.width(),
                      corner.y() + (beside.height() - self.height()) // 2)
        else:
            self.move(window.width() - GAP_PX - self.width(), GAP_PX)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.place()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
