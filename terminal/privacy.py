"""Masking of personal identifiers before they reach a log, a screen for staff or a support bundle."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

# Long digit runs are ID numbers (CCCD 12, old CMND 9, social-insurance 10); HI card numbers are
# two letters then 13 digits. Both are masked wherever they appear in a log message.
_ID_RUN = re.compile(r"(?<![0-9])[0-9]{8,15}(?![0-9])")
_HI_CARD = re.compile(r"\b[A-Z]{2}[0-9]{13}\b")
# The gateway takes its credentials in the query string (`token=…`) and the login body
# (`"password": "…"`): any URL or body in an exception text or a log line carries them.
_CREDENTIAL = re.compile(r"""(?i)\b(access_token|id_token|token|password)(["']?\s*[:=]\s*["']?)"""
                         r"""[^&\s'"(),}]*""")


def mask_id(value: str | None) -> str:
    """`001093047064` → `0010******64`: the first four and last two characters stay."""
    if not value:
        return ""
    text = str(value)
    if len(text) <= 6:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 6) + text[-2:]


def mask_name(value: str | None) -> str:
    """`Nguyễn Văn An` → `N. V. A.`: initials only, so staff can tell patients apart without the name."""
    if not value:
        return ""
    words = unicodedata.normalize("NFC", str(value)).split()
    return " ".join(word[0] + "." for word in words)


def redact_credentials(text: str) -> str:
    """Replace the values of token / id_token / access_token / password parameters with ***."""
    return _CREDENTIAL.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


def mask_text(text: str) -> str:
    """Mask every identifier-looking run and credential in free text (a safety net for log lines)."""
    text = redact_credentials(text)
    text = _HI_CARD.sub(lambda m: mask_id(m.group(0)), text)
    return _ID_RUN.sub(lambda m: mask_id(m.group(0)), text)


def keyed_tag(key: bytes, *parts: str) -> str:
    """A keyed hash (HMAC-SHA256, 128 bits in hex) of `parts`: the same person gives the same tag
    under one key, and without the key a tag cannot be traced back to an ID number (whose few
    digits an unkeyed hash would give away to anyone who tries them all)."""
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
