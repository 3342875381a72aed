"""Deciding a check-in sent to review: the chip photo and the live photo side by side (shown, never
written anywhere), what to look at, then approve or reject and why (kept for audit, under the name
of the receptionist signed in)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from terminal.checkin.records import Verdict
from terminal.kiosk.review_photos import ReviewPhotos
from terminal.kiosk.screens import PreviewFrame
from ui.screens.view import label

MIN_REASON_CHARS = 5
# Both photos are shown this high, whatever their own size.
PHOTO_PX = 280


class OverrideDialog(QDialog):
    """Accepted with `verdict` and `reason` filled (the reason is required); `staff` decides."""

    def __init__(self, ticket_or_name: str, staff: str, topics: str = "",
                 photos: ReviewPhotos | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict: Verdict | None = None
        self.staff = staff
        self.setWindowTitle(self.tr("Decide a check-in under review"))
        self.heading = label("subtitle")
        self.heading.setText(self.tr("Check-in of %1: compare the face with the card, then decide.")
                             .replace("%1", ticket_or_name))
        self.topics = label()
        self.topics.setText(self.tr("To look at: %1").replace("%1", topics) if topics else "")
        self.topics.setVisible(bool(topics))
        photos = photos or ReviewPhotos()
        self.chip_photo, self.live_photo = QLabel(), QLabel()
        grid = QGridLayout()
        for column, (picture, frame, caption, missing) in enumerate((
                (self.chip_photo, photos.chip, self.tr("Photo on the card's chip"),
                 self.tr("No chip photo")),
                (self.live_photo, photos.live, self.tr("Photo at the kiosk"),
                 self.tr("No face was seen")))):
            title = label()
            title.setText(caption)
            _show_photo(picture, frame, missing)
            picture.setAccessibleName(caption)
            grid.addWidget(title, 0, column)
            grid.addWidget(picture, 1, column, Qt.AlignmentFlag.AlignCenter)
        self.signed_in = label()
        self.signed_in.setText(self.tr("Decided by: %1").replace("%1", staff))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason (kept for audit)"))
        self.message = label("field-error")
        form = QFormLayout()
        form.addRow(self.tr("&Reason (kept for audit)"), self.reason)
        self.approve_button = approve = QPushButton(self.tr("&Approve"))
        approve.setAccessibleName(self.tr("Approve the check-in"))
        approve.clicked.connect(lambda: self._decide(Verdict.ACCEPT))
        self.reject_button = reject = QPushButton(self.tr("Re&ject"))
        reject.setAccessibleName(self.tr("Reject the check-in"))
        reject.clicked.connect(lambda: self._decide(Verdict.REJECT))
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setProperty("role", "quiet")
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (approve, reject, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.topics)
        layout.addLayout(grid)
        layout.addWidget(self.signed_in)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reason.setFocus()

    def _decide(self, verdict: Verdict) -> None:
        if len(self.reason.text().strip()) < MIN_REASON_CHARS:
            self.message.setText(self.tr("Type the reason for your decision (at least %1 characters).")
                                 .replace("%1", str(MIN_REASON_CHARS)))
            self.reason.setFocus()
        else:
            self.verdict = verdict
            self.accept()


def _show_photo(picture: QLabel, frame: PreviewFrame | None, missing: str) -> None:
    """The frame scaled to PHOTO_PX high, or the words for its absence."""
    picture.setFixedHeight(PHOTO_PX)
    picture.setMinimumWidth(PHOTO_PX * 3 // 4)
    picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if frame is None:
        picture.setText(missing)
        return
    image = QImage(frame.rgb, frame.width, frame.height, frame.width * 3,
                   QImage.Format.Format_RGB888).copy()  # copy: the bytes are not the image's own
    picture.setPixmap(QPixmap.fromImage(image).scaledToHeight(
        PHOTO_PX, Qt.TransformationMode.SmoothTransformation))
