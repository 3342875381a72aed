"""What every screen widget shares: it keeps the record it shows and renders it again when the
language changes, so no text is ever left in the old language; and it fits its text to the room
it has: sizes, margins and spacings follow one body size (ui/theme.py), made smaller step by step
while a text would be cut off, and a wide layout turns tall on a portrait screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from shiboken6 import getCppPointer

from ui.theme import DESIGN_BODY_PX, MIN_BODY_PX, style_sheet

# Each step down while a text does not fit takes this share off the body size.
_FIT_STEP = 0.9


class ScreenView(QWidget):
    """A screen: `show_model` stores the record and renders it; subclasses implement `render`.
    An ending screen (`done_button()` made) emits `done_requested` when the patient is done."""

    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: object | None = None
        # The window decides how large the text is; the view only goes smaller to fit.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._body = DESIGN_BODY_PX      # asked for by the window
        self._applied = 0                # the body size of the style sheet set now
        self._design: dict[int, tuple] = {}  # layout/spacer id → its sizes at the design body
        self._fitted: tuple | None = None
        # Layouts that run side by side on a landscape screen and one above the other on a
        # portrait one (subclasses add theirs).
        self.turning: list[QBoxLayout] = []

    def show_model(self, model: object) -> None:
        self.model = model
        self.render(model)
        if self.isVisible():
            self.fit()

    def render(self, model: object) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.model is not None:
            self.render(self.model)
            if self.isVisible():
                self.fit()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit()

    # fitting ----------------------------------------------------------------------------------

    @property
    def body_px(self) -> int:
        """The body size the view shows now (at most the one asked for)."""
        return self._applied or self._body

    def set_body_px(self, body: int) -> None:
        """The body text size the window asks for (from its size and the larger-text toggle)."""
        if body != self._body:
            self._body = body
            self._fitted = None
            if self.isVisible():
                self.fit()

    def fit(self) -> None:
        """Turn the layout to the screen's orientation and take the largest body size, from the
        one asked for down to MIN_BODY_PX, at which no text is cut off."""
        portrait = self.height() > self.width()
        key = (self.width(), self.height(), self._body, self._texts())
        if key == self._fitted:
            return
        for layout in self.turning:
            layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                else QBoxLayout.Direction.LeftToRight)
        body = self._body
        while True:
            self._apply(body)
            if body <= MIN_BODY_PX or not self.cut_off():
                break
            body = max(MIN_BODY_PX, int(body * _FIT_STEP))
        self._fitted = (self.width(), self.height(), self._body, self._texts())

    def cut_off(self) -> list[str]:
        """Texts of visible labels and buttons that need more room than the layout gave them,
        and a layout that needs more room than the view has ("<layout>")."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wrong = [w.text() for w in self.findChildren(QLabel) + self.findChildren(QAbstractButton)
                 if w.isVisible() and w.text() and _clipped(w)]
        if layout is not None:
            # (a word-wrapped label squeezed in height is caught above, by its own measure)
            need = layout.totalMinimumSize()
            if need.width() > self.width() or need.height() > self.height():
                wrong.append("<layout>")
        return wrong

    def _texts(self) -> tuple[str, ...]:
        return tuple(w.text() for w in self.findChildren(QLabel) + self.findChildren(QAbstractButton)
                     if w.isVisibleTo(self))

    def _apply(self, body: int) -> None:
        if body == self._applied:
            return
        self._applied = body
        self.setStyleSheet(style_sheet(body))
        layout = self.layout()
        if layout is not None:
            self._scale(layout, body / DESIGN_BODY_PX)
        # Sizes a style sheet gives (min-height, padding) do not reach the layouts' cached
        # hints by themselves: tell them, and deliver the layout requests now, so what cut_off
        # measures is the layout at this size.
        for child in self.findChildren(QWidget):
            child.updateGeometry()
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if layout is not None:
            layout.activate()

    def _scale(self, layout: QLayout, factor: float) -> None:
        """Margins, spacings and fixed spaces of `layout` and the layouts in it, as drawn at the
        design body size times `factor`."""
        design = self._design.setdefault(_key(layout), (layout.contentsMargins(), layout.spacing()))
        margins, spacing = design
        layout.setContentsMargins(round(margins.left() * factor), round(margins.top() * factor),
                                  round(margins.right() * factor), round(margins.bottom() * factor))
        if spacing >= 0:
            layout.setSpacing(round(spacing * factor))
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item.layout() is not None:
                self._scale(item.layout(), factor)
            elif item.widget() is not None and item.widget().layout() is not None:
                self._scale(item.widget().layout(), factor)
            elif item.spacerItem() is not None:
                spacer = item.spacerItem()
                size, policy = self._design.setdefault(_key(spacer), (spacer.sizeHint(),
                                                                      spacer.sizePolicy()))
                spacer.changeSize(round(size.width() * factor), round(size.height() * factor),
                                  policy.horizontalPolicy(), policy.verticalPolicy())
        layout.invalidate()


def _key(item: object) -> int:
    """A layout item's C++ address: Python may wrap the same item in a new object each time."""
    return getCppPointer(item)[0]


def _clipped(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        if widget.wordWrap():
            return widget.heightForWidth(widget.width()) > widget.height()
        hint = widget.sizeHint()
        return hint.width() > widget.width() or hint.height() > widget.height()
    hint = widget.sizeHint()
    return hint.width() > widget.width() or hint.height() > widget.height()


def label(role: str = "", wrap: bool = True, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    """A label styled by its theme role (see ui.theme), word-wrapped and centred by default."""
    widget = QLabel()
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setAlignment(align)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


# The ending screens' line near the top, and their button (terminal.kiosk.screens.ENDING_SCREENS).
_TAKE_CARD = QT_TRANSLATE_NOOP("ScreenView", "Take your card now.")
_DONE = QT_TRANSLATE_NOOP("ScreenView", "Done")
_DONE_NAME = QT_TRANSLATE_NOOP("ScreenView", "Done: the next patient may start")


def done_button(view: ScreenView) -> QPushButton:
    """The ending screens' "Done": the patient has read it, the kiosk takes the next one."""
    button = QPushButton()
    button.setProperty("role", "done")
    button.clicked.connect(view.done_requested)
    return button


def word_ending(take_card: QLabel, done: QPushButton) -> None:
    """The words of an ending screen's "take your card" line and "Done" button."""
    take_card.setText(QCoreApplication.translate("ScreenView", _TAKE_CARD))
    done.setText(QCoreApplication.translate("ScreenView", _DONE))
    done.setAccessibleName(QCoreApplication.translate("ScreenView", _DONE_NAME))
