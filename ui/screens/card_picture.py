"""The picture on the idle screen of where the card goes: the chip ID card coming down flat onto
the reader's marked pad, drawn with QPainter so it scales to any screen."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import INK, PRIMARY, SUCCESS

_CARD = QColor("#cfe3f7")
_CHIP = QColor("#d4a017")
_READER = QColor("#2b2b2b")


class CardPlacementPicture(QWidget):
    """Reader pad below, card above it with an arrow down: 'put the card here, flat'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(320, 300))

    def sizeHint(self) -> QSize:
        return QSize(520, 480)

    def paintEvent(self, _event) -> None:
        side = min(self.width(), self.height() * 1.08)
        x0 = (self.width() - side) / 2
        y0 = (self.height() - side / 1.08) / 2
        unit = side / 100
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_reader(painter, QRectF(x0 + 10 * unit, y0 + 62 * unit, 80 * unit, 28 * unit), unit)
        self._draw_card(painter, QRectF(x0 + 20 * unit, y0 + 4 * unit, 60 * unit, 38 * unit), unit)
        self._draw_arrow(painter, x0 + 50 * unit, y0 + 44 * unit, y0 + 60 * unit, unit)
        painter.end()

    def _draw_reader(self, painter: QPainter, body: QRectF, unit: float) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_READER)
        painter.drawRoundedRect(body, 4 * unit, 4 * unit)
        pad = body.adjusted(14 * unit, 5 * unit, -14 * unit, -5 * unit)
        painter.setPen(QPen(QColor(SUCCESS).lighter(220), 1.2 * unit, Qt.PenStyle.DashLine))
        painter.setBrush(QColor("#3d3d3d"))
        painter.drawRoundedRect(pad, 2 * unit, 2 * unit)
        # The contactless mark: three arcs, as printed on readers and cards.
        painter.setPen(QPen(QColor("white"), 1.2 * unit))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        centre = pad.center()
        for i in range(3):
            r = (3 + 3 * i) * unit
            painter.drawArc(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), -45 * 16, 90 * 16)

    def _draw_card(self, painter: QPainter, card: QRectF, unit: float) -> None:
        painter.setPen(QPen(QColor(INK), 0.8 * unit))
        painter.setBrush(_CARD)
        painter.drawRoundedRect(card, 3 * unit, 3 * unit)
        photo = QRectF(card.left() + 5 * unit, card.top() + 9 * unit, 14 * unit, 18 * unit)
        painter.setBrush(QColor("#9bb7d4"))
        painter.drawRect(photo)
        head = QPainterPath()
        head.addEllipse(QPointF(photo.center().x(), photo.top() + 7 * unit), 3.5 * unit, 4 * unit)
        painter.setBrush(QColor("#5d7a99"))
        painter.drawPath(head)
        painter.setPen(QPen(QColor("#5d7a99"), 1.4 * unit))
        for i in range(4):
            y = card.top() + (10 + 5 * i) * unit
            painter.drawLine(QPointF(card.left() + 23 * unit, y), QPointF(card.right() - 16 * unit, y))
        chip = QRectF(card.right() - 13 * unit, card.top() + 13 * unit, 9 * unit, 8 * unit)
        painter.setPen(QPen(QColor("#8a6a00"), 0.5 * unit))
        painter.setBrush(_CHIP)
        painter.drawRoundedRect(chip, 1.2 * unit, 1.2 * unit)

    def _draw_arrow(self, painter: QPainter, x: float, top: float, bottom: float, unit: float) -> None:
        painter.setPen(QPen(QColor(PRIMARY), 3 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom - 5 * unit))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PRIMARY))
        painter.drawPolygon(QPolygonF([QPointF(x - 5 * unit, bottom - 6 * unit),
                                       QPointF(x + 5 * unit, bottom - 6 * unit),
                                       QPointF(x, bottom)]))
