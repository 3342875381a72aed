"""What the simulated gateway answers, without HTTP: token issue and check, and the lookup rules.

Like the real gateway it is strict: the name must match the record exactly (NFC, as registered),
the birth date must be `dd/mm/yyyy` or `yyyy`, the staff member must be registered (2024
endpoint), and the card number's benefit and province characters are checked (reference §4-5).
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from terminal.eligibility.codes import CODES
from terminal.eligibility.normalise import PROVINCES
from terminal.eligibility.records import EligibilityStatus
from terminal.simulators.gateway.cards import SimData

DEFAULT_TOKEN_LIFETIME_S = 3600.0
_WITH_RECORD = (EligibilityStatus.ELIGIBLE, EligibilityStatus.ELIGIBLE_WITH_NOTE,
                EligibilityStatus.NOT_ELIGIBLE)
_BIRTH = re.compile(r"[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}")
_NUMBER = re.compile(r"[0-9]{10}|[0-9]{12}|[A-Za-z0-9]{15}")


@dataclass(frozen=True)
class _Issued:
    id_token: str
    username: str
    expires_at: float


def _reply(code: str, **fields: Any) -> dict[str, Any]:
    note = CODES[code].message_vi if code in CODES else "Mã kết quả mô phỏng."
    return {"maKetQua": code, "ghiChu": note, **fields}


def _card_number_code(number: str) -> str | None:
    """051/052/053 for a malformed number, None when its shape is right."""
    if not _NUMBER.fullmatch(number):
        return "051"
    if len(number) != 15:
        return None
    if not number[:2].isalpha() or not number[2:].isdigit():
        return "051"
    if number[2] not in "12345":
        return "053"
    if number[3:5] not in PROVINCES:
        return "052"
    return None


def _birth_matches(asked: str, registered: str) -> bool:
    if len(asked) == 4 or len(registered) == 4:
        return asked[-4:] == registered[-4:]
    return asked == registered


class SimulatedGateway:
    """Accounts, live tokens and cards; safe to call from the server's request threads."""

    def __init__(self, data: SimData, token_lifetime_s: float = DEFAULT_TOKEN_LIFETIME_S) -> None:
        self.data = data
        self.token_lifetime_s = token_lifetime_s
        self._tokens: dict[str, _Issued] = {}
        self._lock = threading.Lock()
        self.logins = 0
        self.lookups = 0

    # --- tokens ---------------------------------------------------------------------------
    def login(self, body: Any) -> dict[str, Any]:
        username = body.get("username") if isinstance(body, dict) else None
        password = body.get("password") if isinstance(body, dict) else None
        if not isinstance(username, str) or self.data.accounts.get(username) != password:
            return {"maKetQua": "401", "APIKey": None}
        access, id_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[access] = _Issued(id_token, username,
                                           time.monotonic() + self.token_lifetime_s)
            self.logins += 1
        return {"maKetQua": "200", "APIKey": {
            "access_token": access, "id_token": id_token, "token_type": "Bearer",
            "username": username, "expires_in": int(self.token_lifetime_s)}}

    def token_ok(self, params: dict[str, str]) -> bool:
        """The query string's token pair is live and belongs to the account and password given."""
        with self._lock:
            issued = self._tokens.get(params.get("token", ""))
        return (issued is not None and time.monotonic() < issued.expires_at
                and issued.id_token == params.get("id_token")
                and issued.username == params.get("username")
                and self.data.accounts.get(issued.username) == params.get("password"))

    def expire_tokens(self) -> int:
        """End every issued token now (token expiry mid-session); returns how many."""
        with self._lock:
            count = len(self._tokens)
            self._tokens.clear()
            return count

    # --- lookup ---------------------------------------------------------------------------
    def lookup(self, body: Any, with_staff: bool) -> dict[str, Any]:
        """The reply to a lookup whose token was accepted."""
        with self._lock:
            self.lookups += 1
        keys = ("maThe", "hoTen", "ngaySinh") + (("hoTenCb", "cccdCb") if with_staff else ())
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in keys):
            return _reply("205")
        number, name, birth = body["maThe"].strip(), body["hoTen"], body["ngaySinh"].strip()
        if not _BIRTH.fullmatch(birth) or not name.strip():
            return _reply("205")
        if with_staff:
            registered = self.data.staff.get(body["cccdCb"])
            if registered is None:
                return _reply("054")
            if registered != body["hoTenCb"]:
                return _reply("055")
        if code := _card_number_code(number):
            return _reply(code)
        card = self.data.find(number)
        if card is None:
            return _reply("050")
        record = card.record
        if name != record.get("hoTen"):
            same_initial = name[:1] == str(record.get("hoTen", ""))[:1]
            return _reply("061" if same_initial else "060")
        if not _birth_matches(birth, str(record.get("ngaySinh", ""))):
            return _reply("070")
        meaning = CODES.get(card.result)
        if meaning and meaning.status not in _WITH_RECORD:
            return _reply(card.result)  # errors carry no card record
        return {**_reply(card.result), **record}
