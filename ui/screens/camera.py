"""The camera screen: the live preview with a box around the face and one instruction at a time:
what makes the face usable ("hold still"), then the liveness prompt (blink / turn) with the
seconds left."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from terminal.kiosk.screens import CameraScreen, FaceArea, Guidance, LivenessPrompt, PreviewFrame
from ui.screens.idle import seconds_left_text
from ui.screens.view import ScreenView, label
from ui.theme import FOCUS, SUCCESS

GUIDANCE_TEXTS = {
    Guidance.NO_FACE: QT_TRANSLATE_NOOP("CameraView", "Stand in front of the camera."),
    Guidance.MOVE_CLOSER: QT_TRANSLATE_NOOP("CameraView", "Come a little closer."),
    Guidance.MOVE_BACK: QT_TRANSLATE_NOOP("CameraView", "Move back a little."),
    Guidance.CENTRE_FACE: QT_TRANSLATE_NOOP("CameraView", "Move so your face is in the middle."),
    Guidance.MORE_LIGHT: QT_TRANSLATE_NOOP("CameraView", "It is too dark: face the light."),
    Guidance.ONE_PERSON: QT_TRANSLATE_NOOP("CameraView", "Only one person in front of the camera, please."),
    Guidance.LOOK_STRAIGHT: QT_TRANSLATE_NOOP("CameraView", "Look straight at the camera."),
    Guidance.HOLD_STILL: QT_TRANSLATE_NOOP("CameraView", "Good. Hold still."),
}

LIVENESS_TEXTS = {
    LivenessPrompt.BLINK: QT_TRANSLATE_NOOP("CameraView", "Blink slowly twice."),
    LivenessPrompt.TURN_LEFT: QT_TRANSLATE_NOOP("CameraView", "Turn your head slowly to the left."),
    LivenessPrompt.TURN_RIGHT: QT_TRANSLATE_NOOP("CameraView", "Turn your head slowly to the right."),
    LivenessPrompt.BLINK_OR_TURN: QT_TRANSLATE_NOOP("CameraView", "Blink slowly, or turn your head a little."),
}


def _to_image(frame: PreviewFrame) -> QImage:
    """A QImage that owns a copy of the frame's pixels: one built over the frame's bytes would
    keep pointing into them after the frame is gone."""
    return QImage(frame.rgb, frame.width, frame.height, frame.width * 3,
                  QImage.Format.Format_RGB888).copy()


class PreviewWidget(QWidget):
    """Paints the latest frame, scaled to fit and mirrored like a mirror, and the face box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(160, 120))
        self.image: QImage | None = None
        self.face_area: FaceArea | None = None
        self.steady = False

    def show_frame(self, frame: PreviewFrame | None, face_area: FaceArea | None,
                   steady: bool) -> None:
        self.image = _to_image(frame).flipped(Qt.Orientation.Horizontal) if frame is not None else None
        self.face_area = face_area
        self.steady = steady
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if self.image is None:
            painter.end()
            return
        painter.drawImage(self._fit(self.image.width(), self.image.height()), self.image)
        rect = self.box_rect()
        if rect is not None:
            painter.setPen(QPen(self.box_colour(), 8))
            painter.drawRect(rect)
        painter.end()

    def box_rect(self) -> QRectF | None:
        """Where the face box is drawn in the widget; None when there is no frame or no face."""
        if self.image is None or self.face_area is None:
            return None
        target = self._fit(self.image.width(), self.image.height())
        box = self.face_area
        # The preview is mirrored, so is the box.
        return QRectF(target.left() + (1 - box.left - box.width) * target.width(),
                      target.top() + box.top * target.height(),
                      box.width * target.width(), box.height * target.height())

    def box_colour(self) -> QColor:
        """Green once the face is good and still, the focus yellow while the patient adjusts."""
        return QColor(SUCCESS if self.steady else FOCUS)

    def _fit(self, width: int, height: int) -> QRectF:
        scale = min(self.width() / width, self.height() / height)
        w, h = width * scale, height * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)


class CameraView(ScreenView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.preview = PreviewWidget()
        # One of the two is shown: the face hint, or the liveness prompt once the face is good.
        self.guidance = label("guidance")
        self.prompt = label("prompt")
        self.countdown = label("countdown")
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self.guidance)
        side.addWidget(self.prompt)
        side.addSpacing(24)
        side.addWidget(self.countdown)
        side.addStretch(1)
        body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.addWidget(self.preview, 3)
        body.addSpacing(40)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 48)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        layout.addLayout(body, 1)
        self.turning.append(body)

    def render(self, model: CameraScreen) -> None:
        self.title.setText(self.tr("Look at the camera"))
        instruction = model.instruction
        guidance = (QCoreApplication.translate("CameraView", GUIDANCE_TEXTS[instruction])
                    if isinstance(instruction, Guidance) else "")
        prompt = (QCoreApplication.translate("CameraView", LIVENESS_TEXTS[instruction])
                  if isinstance(instruction, LivenessPrompt) else "")
        self.guidance.setText(guidance)
        self.guidance.setVisible(bool(guidance))
        self.prompt.setText(prompt)
        self.prompt.setVisible(bool(prompt))
        self.countdown.setText("" if model.seconds_left is None
                               else seconds_left_text(model.seconds_left))
        self.countdown.setVisible(model.seconds_left is not None)
        self.preview.show_frame(model.frame, model.face_area, model.guidance == Guidance.HOLD_STILL)
        self.preview.setAccessibleName(self.tr("Camera preview"))
        self.preview.setAccessibleDescription(guidance or prompt)
