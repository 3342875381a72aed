"""VietQR payment codes: the EMVCo merchant-presented QR payload (EMV QRCPS) as the NAPAS VietQR
specification fills it (tag 38, GUID A000000727, bank BIN + account, service QRIBFTTA), ending in
its CRC-16/CCITT-FALSE checksum (tag 63)."""

from __future__ import annotations

import re
import unicodedata

from terminal.slip.errors import SlipError

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"   # transfer to a bank account (QRIBFTTC: to a card)
VND = "704"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR (the
    checksum EMVCo QR payloads end in)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise SlipError("A payment code field is too long.", detail=f"tag {tag}: {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def ascii_note(text: str, limit: int = 25) -> str:
    """The transfer note in plain ASCII (banks' apps show it; diacritics are dropped)."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9 .-]", "", text)[:limit].strip()


def vietqr_payload(bank_bin: str, account: str, amount: int | None = None, note: str = "") -> str:
    """The payload text of a VietQR code to pay `account` at the bank `bank_bin` (6 digits);
    with an `amount` (VND) the code is for one payment (point of initiation 12), else reusable
    (11)."""
    if not re.fullmatch(r"[0-9]{6}", bank_bin):
        raise SlipError("The clinic's bank code for VietQR must be its 6-digit BIN.",
                        detail=f"bank_bin {bank_bin!r}")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account):
        raise SlipError("The clinic's account number for VietQR is not valid (1-19 letters or "
                        "digits).", detail="account")
    if amount is not None and not 0 < amount < 10**13:
        raise SlipError("The amount to pay is not valid.", detail=f"amount {amount}")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", TO_ACCOUNT)
    body = (_tlv("00", "01") + _tlv("01", "12" if amount else "11") + _tlv("38", merchant)
            + _tlv("53", VND) + (_tlv("54", str(amount)) if amount else "") + _tlv("58", "VN"))
    if note := ascii_note(note):
        body += _tlv("62", _tlv("08", note))
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_tlv(payload: str) -> dict[str, str]:
    """The top-level fields of an EMVCo payload (tests, `checkin print-test`); SlipError when it
    is not one."""
    fields, i = {}, 0
    while i < len(payload):
        tag, size = payload[i:i + 2], payload[i + 2:i + 4]
        if not (tag.isdigit() and size.isdigit()) or i + 4 + int(size) > len(payload):
            raise SlipError("Not an EMVCo QR payload.", detail=f"at {i}")
        fields[tag] = payload[i + 4:i + 4 + int(size)]
        i += 4 + int(size)
    return fields


def crc_valid(payload: str) -> bool:
    """The payload ends in `6304` + the CRC of everything before the CRC's four digits."""
    return (len(payload) > 8 and payload[-8:-4] == "6304"
            and f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}" == payload[-4:])
