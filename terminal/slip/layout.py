"""What a slip says and how it looks: `Slip` (plain values: no ID number, no full name) and its
picture for a 576-dot (80 mm) thermal printer.

The whole slip is drawn as one 1-bit image, so Vietnamese diacritics print right on printers with
no Vietnamese code page (most cheap ones): the printer gets dots, never text.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

#: 80 mm paper at 203 dpi.
WIDTH = 576
#: The bundle's own font first (packaging/checkin.spec ships Noto Sans in `fonts/`), then the
#: system's; every one has the Vietnamese letters.
_FONTS = (str(Path(getattr(sys, "_MEIPASS", "/nonexistent")) / "fonts" / "NotoSans-Bold.ttf"),
          "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
          "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
          "C:/Windows/Fonts/arialbd.ttf", "C:/Windows/Fonts/arial.ttf")
#: The payer (terminal.checkin.records.Payer values) → the slip's insurance line.
INSURANCE_LINES = {"insured": "BHYT: được hưởng · Insured",
                   "paying": "Tự chi trả · Self-pay",
                   "pending": "BHYT: đang kiểm tra · Being checked",
                   "unknown": "BHYT: hỏi quầy · Ask at the desk"}
VISIT_CAPTION = "Mã lượt khám · Visit code"
PAYMENT_CAPTION = "Mã thanh toán VietQR · Pay with VietQR"
PRIORITY_LINE = "Ưu tiên · Priority"


@dataclass(frozen=True)
class Slip:
    clinic_name: str
    ticket: str                   # "A012", "UT-003"
    issued_at: datetime
    insurance: str                # one line
    qr_text: str                  # the visit's reference, or a VietQR payment payload
    qr_caption: str = ""          # what the QR is ("Mã thanh toán VietQR · Pay with VietQR")
    department: str = ""          # its Vietnamese name
    room: str = ""
    floor: str = ""
    priority: str = ""            # "Ưu tiên · Priority" when from the priority sequence
    repeated: bool = False        # a reprint of a number already held today


def _font(size: int) -> ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render_slip(slip: Slip) -> Image.Image:
    """The slip as a 1-bit image, WIDTH dots wide."""
    qr = qrcode.QRCode(border=2, box_size=6, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(slip.qr_text)
    qr_image = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    lines: list[tuple[str, int]] = [(slip.clinic_name, 30), ("", 10)]
    if slip.repeated:
        lines.append(("IN LẠI · REPRINT", 26))
    if slip.priority:
        lines.append((slip.priority, 30))
    lines.append(("Số thứ tự · Your number", 24))
    big = (slip.ticket, 120)
    after: list[tuple[str, int]] = []
    if slip.department:
        after.append((slip.department, 30))
    place = " · ".join(p for p in (f"Phòng {slip.room}" if slip.room else "",
                                   f"Tầng {slip.floor}" if slip.floor else "") if p)
    if place:
        after.append((place, 34))
    after += [(slip.insurance, 24), (slip.issued_at.strftime("%H:%M  %d/%m/%Y"), 24)]
    rows = lines + [big] + after
    heights = [int(size * 1.35) for _, size in rows]
    height = sum(heights) + qr_image.height + 60
    image = Image.new("L", (WIDTH, height), 255)
    draw = ImageDraw.Draw(image)
    y = 10
    for (text, size), step in zip(rows, heights):
        if text:
            font = _font(size)
            width = draw.textlength(text, font=font)
            while width > WIDTH - 16 and size > 14:  # a long name: smaller, never cut off
                size -= 2
                font = _font(size)
                width = draw.textlength(text, font=font)
            draw.text(((WIDTH - width) / 2, y), text, font=font, fill=0)
        y += step
    image.paste(qr_image, ((WIDTH - qr_image.width) // 2, y))
    y += qr_image.height
    font = _font(20)
    draw.text(((WIDTH - draw.textlength(slip.qr_caption, font=font)) / 2, y + 6),
              slip.qr_caption, font=font, fill=0)
    return image.point(lambda v: 0 if v < 160 else 255).convert("1")


def payment_qr(config_printer, amount: int | None = None, note: str = "") -> str:
    """The clinic's VietQR payload, "" when no account is configured."""
    from terminal.slip.vietqr import vietqr_payload

    if not (config_printer.vietqr_bank_bin and config_printer.vietqr_account):
        return ""
    return vietqr_payload(config_printer.vietqr_bank_bin, config_printer.vietqr_account, amount,
                          note)
