"""The QR code on a CCCD's front: found in a camera frame with zxing-cpp, parsed from its
`ID12|oldID9|Full Name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy` layout, turned into the chip's access key.

Tolerant where real cards differ (empty old ID, extra trailing fields, spaces); anything else is
NotCccdQrError, never a crash.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import zxingcpp

from drivers.idcard.access_key import AccessKey, access_key_from_cccd
from drivers.idcard.errors import AccessDataError
from drivers.idcard.renewal import card_expiry, expiry_candidates
from terminal.cardscan.errors import NotCccdQrError

_ID12 = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"([0-9]{9})?")
_DATE = re.compile(r"[0-9]{8}")
_SEXES = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
MIN_FIELDS = 7


@dataclass(frozen=True)
class CccdQr:
    """The fields of a CCCD's QR code."""

    # repr=False: identity never in a log or traceback (use terminal.privacy to show it masked).
    id_number: str = field(repr=False)
    old_id: str = field(repr=False)
    full_name: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: str
    address: str = field(repr=False)
    issue_date: date

    def expiry_date(self) -> date | None:
        """Derived by the renewal ages (drivers.idcard.renewal); None: the card does not expire
        (issued at 58 or older), its chip key carries `991231`."""
        return card_expiry(self.birth_date, self.issue_date)  # parsing ensured issue >= birth

    def access_key(self, expiry: date | None = None) -> AccessKey:
        """The chip's access key: it always holds the CAN (the ID number's last 6 digits, for PACE;
        reference cccd-chip.md §3.1), with which a PACE chip needs no expiry at all. For BAC:
        derived, the renewal rule's expiry, with the neighbouring renewal ages and "no expiry" as
        fallbacks for a chip that refuses it (reference §6.1); `expiry` (typed by the
        receptionist) overrides the derived one, without fallbacks."""
        try:
            if expiry is not None:
                return access_key_from_cccd(self.id_number, self.birth_date, expiry)
            first, *others = (access_key_from_cccd(self.id_number, self.birth_date, candidate)
                              for candidate in expiry_candidates(self.birth_date, self.issue_date))
        except AccessDataError as exc:  # dates outside YYMMDD range or a malformed ID
            raise NotCccdQrError(detail=f"access key: {exc.message}") from exc
        return dataclasses.replace(first, fallbacks=tuple(others))


def _date(text: str, name: str) -> date:
    if not _DATE.fullmatch(text):
        raise NotCccdQrError(detail=f"{name} is not ddmmyyyy ({len(text)} chars)")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise NotCccdQrError(detail=f"{name} is not a real date") from exc


def parse_cccd_qr(text: str) -> CccdQr:
    """Parse the QR's text; NotCccdQrError names which part is wrong (without the values)."""
    if not isinstance(text, str) or "|" not in text:
        raise NotCccdQrError(detail="no '|'-separated fields")
    fields = [unicodedata.normalize("NFC", f).strip() for f in text.strip().split("|")]
    if len(fields) < MIN_FIELDS:
        raise NotCccdQrError(detail=f"{len(fields)} fields, expected at least {MIN_FIELDS}")
    id_number, old_id, name, birth, sex, address, issued = fields[:MIN_FIELDS]
    if not _ID12.fullmatch(id_number):
        raise NotCccdQrError(detail="first field is not a 12-digit ID number")
    if not _OLD_ID.fullmatch(old_id):
        raise NotCccdQrError(detail="second field is neither empty nor a 9-digit old ID")
    if not name or any(ch.isdigit() for ch in name):
        raise NotCccdQrError(detail="name field is empty or holds digits")
    if sex.lower() not in _SEXES:
        raise NotCccdQrError(detail="sex field is neither Nam nor Nữ")
    birth_date, issue_date = _date(birth, "birth date"), _date(issued, "issue date")
    if issue_date < birth_date:
        raise NotCccdQrError(detail="issue date before birth date")
    return CccdQr(id_number, old_id, name, birth_date, _SEXES[sex.lower()], address, issue_date)


def read_qr_texts(image: np.ndarray) -> list[str]:
    """Texts of the QR codes zxing-cpp finds in a BGR or greyscale image (none: empty list)."""
    if image is None or image.size == 0:
        return []
    results = zxingcpp.read_barcodes(np.ascontiguousarray(image),
                                     formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid and r.text]


def find_cccd_qr(image: np.ndarray) -> CccdQr | None:
    """The CCCD QR in a frame, if one is there; NotCccdQrError when only foreign QRs are."""
    texts = read_qr_texts(image)
    error: NotCccdQrError | None = None
    for text in texts:
        try:
            return parse_cccd_qr(text)
        except NotCccdQrError as exc:
            error = exc
    if error is not None:
        raise error
    return None
