"""The picture on the idle screen of what to do now: the card's front with its QR code held up to
the camera, the card's front with the last six digits of its ID number marked (to type them), or
the chip ID card coming down flat onto the reader's marked pad; drawn with QPainter so it scales
to any screen."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from terminal.kiosk.screens import Awaiting
from ui.theme import INK, PRIMARY, SUCCESS

_CARD = QColor("#cfe3f7")
_CHIP = QColor("#d4a017")
_READER = QColor("#2b2b2b")


class CardPlacementPicture(QWidget):
    """Reader pad below, card above it with an arrow down: 'put the card here, flat'; or the
    camera above, the card's QR code below it with an arrow up: 'show it the QR code'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(160, 150))
        self.awaiting = Awaiting.CARD

    def show_awaiting(self, awaiting: Awaiting) -> None:
        if awaiting is not self.awaiting:
            self.awaiting = awaiting
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 480)

    def paintEvent(self, _event) -> None:
        side = min(self.width(), self.height() * 1.08)
        x0 = (self.width() - side) / 2
        y0 = (self.height() - side / 1.08) / 2
        unit = side / 100
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.awaiting is Awaiting.CAN:
            self._draw_can_card(painter, QRectF(x0 + 5 * unit, y0 + 15 * unit, 90 * unit, 57 * unit), unit)
        elif self.awaiting is Awaiting.QR_CODE:
            self._draw_camera(painter, QRectF(x0 + 35 * unit, y0 + 2 * unit, 30 * unit, 14 * unit), unit)
            self._draw_arrow(painter, x0 + 50 * unit, y0 + 40 * unit, y0 + 20 * unit, unit)
            self._draw_qr_card(painter, QRectF(x0 + 20 * unit, y0 + 44 * unit, 60 * unit, 38 * unit), unit)
        else:
            self._draw_reader(painter, QRectF(x0 + 10 * unit, y0 + 62 * unit, 80 * unit, 28 * unit), unit)
            self._draw_card(painter, QRectF(x0 + 20 * unit, y0 + 4 * unit, 60 * unit, 38 * unit), unit)
            self._draw_arrow(painter, x0 + 50 * unit, y0 + 44 * unit, y0 + 60 * unit, unit)
        painter.end()

    def _draw_camera(self, painter: QPainter, body: QRectF, unit: float) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_READER)
        painter.drawRoundedRect(body, 3 * unit, 3 * unit)
        painter.setBrush(QColor("#5d7a99"))
        painter.drawEllipse(body.center(), 4.5 * unit, 4.5 * unit)
        painter.setBrush(QColor("#111111"))
        painter.drawEllipse(body.center(), 2.5 * unit, 2.5 * unit)

    def _draw_qr_card(self, painter: QPainter, card: QRectF, unit: float) -> None:
        """The card's front with the QR code in its top right corner, as on a CCCD."""
        self._draw_card(painter, card, unit, chip=False)
        qr = QRectF(card.right() - 17 * unit, card.top() + 4 * unit, 14 * unit, 14 * unit)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRect(qr)
        painter.setBrush(QColor(INK))
        cell = qr.width() / 7
        # a fixed pattern with the three finder squares of a QR code
        for row, line in enumerate(("1110111", "1010101", "1110111", "0001000",
                                    "1110101", "1010010", "1110111")):
            for col, bit in enumerate(line):
                if bit == "1":
                    painter.drawRect(QRectF(qr.left() + col * cell, qr.top() + row * cell,
                                            cell, cell))

    def _draw_can_card(self, painter: QPainter, card: QRectF, unit: float) -> None:
        """The card's front, large, with its 12-digit ID number below the lines and the last six
        digits framed: the ones to type."""
        self._draw_card(painter, card, unit, chip=False)
        font = painter.font()
        font.setPixelSize(max(1, round(6 * unit)))
        font.setBold(True)
        painter.setFont(font)
        line = QRectF(card.left() + 5 * unit, card.bottom() - 16 * unit, card.width() - 10 * unit,
                      11 * unit)
        hidden, shown = line.adjusted(0, 0, -line.width() * 0.5, 0), line.adjusted(line.width() * 0.5, 0, 0, 0)
        painter.setPen(QColor(INK))
        painter.drawText(hidden, Qt.AlignmentFlag.AlignCenter, "• • • • • •")
        painter.setPen(QPen(QColor(PRIMARY), 1.2 * unit))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(shown, 2 * unit, 2 * unit)
        painter.setPen(QColor(INK))
        painter.drawText(shown, Qt.AlignmentFlag.AlignCenter, "1 2 3 4 5 6")

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

    def _draw_card(self, painter: QPainter, card: QRectF, unit: float, chip: bool = True) -> None:
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
        if not chip:
            return
        pad = QRectF(card.right() - 13 * unit, card.top() + 13 * unit, 9 * unit, 8 * unit)
        painter.setPen(QPen(QColor("#8a6a00"), 0.5 * unit))
        painter.setBrush(_CHIP)
        painter.drawRoundedRect(pad, 1.2 * unit, 1.2 * unit)

    def _draw_arrow(self, painter: QPainter, x: float, start: float, end: float, unit: float) -> None:
        """An arrow from `start` to `end` (y), down or up."""
        way = 1 if end > start else -1
        painter.setPen(QPen(QColor(PRIMARY), 3 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(x, start), QPointF(x, end - way * 5 * unit))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PRIMARY))
        painter.drawPolygon(QPolygonF([QPointF(x - 5 * unit, end - way * 6 * unit),
                                       QPointF(x + 5 * unit, end - way * 6 * unit),
                                       QPointF(x, end)]))
