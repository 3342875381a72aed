"""A simulated CCCD card front: the printed fields and the QR code that carries them, drawn as a
photo-sized image so `scan-card --replay` and the tests read a QR the way a camera would. What it
prints comes from the citizen's chip profile (drivers/idcard/sim/profiles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
import zxingcpp

from drivers.idcard.sim.profile import CitizenProfile

#: ID-1 card proportions (85.6 × 54 mm) at 10 px per mm.
CARD_SIZE = (856, 540)


@dataclass(frozen=True)
class PrintedCard:
    """What the card front carries, as the QR encodes it (dates as ddmmyyyy)."""

    id_number: str
    old_id: str
    full_name: str
    birth_date: str
    sex: str
    address: str
    issue_date: str

    def qr_text(self) -> str:
        """The CCCD QR layout: ID12|oldID9|Full Name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy."""
        return "|".join((self.id_number, self.old_id, self.full_name, self.birth_date, self.sex,
                         self.address, self.issue_date))


def _ddmmyyyy(day: date) -> str:
    return day.strftime("%d%m%Y")


def printed_card(profile: CitizenProfile) -> PrintedCard:
    """The front of a simulated citizen's card. It carries the PRINTED data: for a "wrong key"
    profile the QR gives the printed key, which that chip refuses (the chip-only expiry is not
    printed anywhere)."""
    return PrintedCard(profile.id_number, profile.old_id_number, profile.full_name,
                       _ddmmyyyy(profile.birth_date), profile.sex, profile.place_of_residence,
                       _ddmmyyyy(profile.issue_date))


def qr_image(text: str, scale: int = 4) -> np.ndarray:
    """A QR code of `text` (UTF-8, with quiet zone) as a greyscale array."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
    return np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=scale))


def draw_card_front(card: PrintedCard, qr_text: str | None = None) -> np.ndarray:
    """The card front as a BGR image with the QR at top right. `qr_text` replaces the QR's
    content (for tests of a foreign QR on a card). Text is drawn without diacritics (OpenCV's
    fonts are ASCII); the QR keeps them."""
    width, height = CARD_SIZE
    card_img = np.full((height, width, 3), (236, 226, 214), dtype=np.uint8)
    cv2.rectangle(card_img, (0, 0), (width - 1, 90), (60, 40, 170), -1)
    cv2.putText(card_img, "CAN CUOC CONG DAN (SIMULATED)", (30, 60), cv2.FONT_HERSHEY_SIMPLEX,
                1.0, (255, 255, 255), 2, cv2.LINE_AA)
    code = qr_image(qr_text if qr_text is not None else card.qr_text())
    side = min(code.shape[0], 300)
    code = cv2.resize(code, (side, side), interpolation=cv2.INTER_NEAREST)
    card_img[110:110 + side, width - side - 30:width - 30] = code[..., None]
    ascii_name = card.full_name.encode("ascii", "replace").decode()
    for row, text in enumerate((f"So / No: {card.id_number}", f"Ho ten: {ascii_name}",
                                f"Ngay sinh: {card.birth_date[:2]}/{card.birth_date[2:4]}/"
                                f"{card.birth_date[4:]}", f"Gioi tinh: {card.sex.encode('ascii', 'replace').decode()}")):
        cv2.putText(card_img, text, (30, 160 + 60 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (30, 30, 30), 2, cv2.LINE_AA)
    return card_img
