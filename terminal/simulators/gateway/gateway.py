"""What the simulated gateway answers, without HTTP: token issue and check, the lookup rules,
the visit history (Lskcb2025) and the co-pay service.

Like the real gateway it is strict: the name must match the record exactly (NFC, as registered),
the birth date must be `dd/mm/yyyy` or `yyyy`, the staff member must be registered (2024
endpoint), and the card number's benefit and province characters are checked (reference §4-5).
As in 2026 (reference §6) the lookup's visit list is null and the history is its own call; the
co-pay service takes the token in headers, for 10 minutes from login, from the login's IP only.
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
_NUMBER = re.compile(r"[0-9]{10}|[0-9]{12}|[A-Za-z0-9]{15}|[A-Za-z0-9]{17}")
_COPAY_BIRTH = re.compile(r"[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{2}/[0-9]{4}|[0-9]{4}")
#: The co-pay service's session (reference §6).
COPAY_SESSION_S = 600.0
RESTRICTED_NOTE = "Có lỗi xảy ra trong quá trình tra cứu!"


@dataclass(frozen=True)
class _Issued:
    id_token: str
    username: str
    expires_at: float
    issued_at: float = 0.0
    ip: str = ""


def _same_hash(sent: object, stored: str | None) -> bool:
    """The MD5 hex as sent (upper- or lower-case: the gateway takes both, reference §6)."""
    return isinstance(sent, str) and stored is not None and sent.lower() == stored.lower()


def _reply(code: str, **fields: Any) -> dict[str, Any]:
    note = CODES[code].message_vi if code in CODES else "Mã kết quả mô phỏng."
    return {"maKetQua": code, "ghiChu": note, **fields}


def _card_number_code(number: str) -> str | None:
    """051/052/053 for a malformed number, None when its shape is right."""
    if not _NUMBER.fullmatch(number):
        return "051"
    if len(number) == 17:
        number = number[:15]
    elif len(number) != 15:
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
        self.copay_session_s = COPAY_SESSION_S
        self.logins = 0
        self.lookups = 0
        self.history_calls = 0
        self.copay_calls = 0

    # --- tokens ---------------------------------------------------------------------------
    def login(self, body: Any, ip: str = "") -> dict[str, Any]:
        username = body.get("username") if isinstance(body, dict) else None
        password = body.get("password") if isinstance(body, dict) else None
        if not isinstance(username, str) or not _same_hash(password,
                                                           self.data.accounts.get(username)):
            return {"maKetQua": "401", "APIKey": None}
        access, id_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        now = time.monotonic()
        with self._lock:
            self._tokens[access] = _Issued(id_token, username, now + self.token_lifetime_s,
                                           now, ip)
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
                and _same_hash(params.get("password"), self.data.accounts.get(issued.username)))

    def copay_session_ok(self, headers: dict[str, str], ip: str) -> bool:
        """The co-pay headers' token is live, under 10 minutes old, and used from the login's
        IP, with the account's password hash."""
        with self._lock:
            issued = self._tokens.get(headers.get("accessToken", ""))
        now = time.monotonic()
        return (issued is not None and now < issued.expires_at
                and now - issued.issued_at < self.copay_session_s
                and issued.id_token == headers.get("tokenId") and issued.ip == ip
                and _same_hash(headers.get("passwordHash"),
                               self.data.accounts.get(issued.username)))

    def expire_tokens(self) -> int:
        """End every issued token now (token expiry mid-session); returns how many."""
        with self._lock:
            count = len(self._tokens)
            self._tokens.clear()
            return count

    # --- lookup ---------------------------------------------------------------------------
    def lookup(self, body: Any, with_staff: bool,
               history_in_lookup: bool = False) -> dict[str, Any]:
        """The reply to a lookup whose token was accepted; its visit list is null (2026) unless
        `history_in_lookup` (the gateway before letter 2746, and the 2018 endpoint)."""
        with self._lock:
            self.lookups += 1
        checked = self._checked_person(body, with_staff)
        if isinstance(checked, dict):
            return checked
        card, record = checked, checked.record
        meaning = CODES.get(card.result)
        if meaning and meaning.status not in _WITH_RECORD:
            return _reply(card.result)  # errors carry no card record
        reply = {**_reply(card.result), **record}
        if not history_in_lookup:
            reply["dsLichSuKCB2018"] = None  # letter 2746/BHXH-CNTT: history is its own call
        return reply

    def _find(self, number: str):
        return self.data.find(number[:15] if len(number) == 17 else number)

    def history(self, form: dict[str, str]) -> dict[str, Any]:
        """The reply to a Lskcb2025 call (form fields) whose token was accepted."""
        with self._lock:
            self.history_calls += 1
        checked = self._checked_person(form, with_staff=True)
        if isinstance(checked, dict):
            return checked
        visits = checked.record.get("dsLichSuKCB2018")
        return {"maKetQua": "000", "ghiChu": None,
                "dsLichSuKCB2025": visits if isinstance(visits, list) and visits else None}

    def _checked_person(self, body: Any, with_staff: bool):
        """The card asked for, or the error reply (the lookup's rules)."""
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
        card = self._find(number)
        if card is None:
            return _reply("050")
        if name != card.record.get("hoTen"):
            same_initial = name[:1] == str(card.record.get("hoTen", ""))[:1]
            return _reply("061" if same_initial else "060")
        if not _birth_matches(birth, str(card.record.get("ngaySinh", ""))):
            return _reply("070")
        return card

    def copay(self, body: Any) -> tuple[int, dict[str, Any]]:
        """(HTTP status, reply) of a co-pay call whose session was accepted: 200 with the
        card's `DataCCT`, 204 (HTTP 200) when nothing is on file, 400 (HTTP 400) for a missing
        field or a number not 10, 12 or 15 characters long."""
        with self._lock:
            self.copay_calls += 1
        keys = ("username", "maThe", "hoTen", "ngaySinh")
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in keys):
            return 400, {"MaKetQua": "400", "GhiChu": "Thiếu tham số.", "DataCCT": None}
        number = "".join(body["maThe"].split())
        if len(number) not in (10, 12, 15) or not _COPAY_BIRTH.fullmatch(body["ngaySinh"].strip()):
            return 400, {"MaKetQua": "400", "GhiChu": "Tham số không hợp lệ.", "DataCCT": None}
        card = self.data.find(number)
        name = " ".join(body["hoTen"].split())
        copay = card.copay if card is not None else None
        if (card is None or not copay or name != card.record.get("hoTen")
                or not _birth_matches(body["ngaySinh"].strip()[-4:],
                                      str(card.record.get("ngaySinh", "")))):
            return 200, {"MaKetQua": "204", "GhiChu": "Không có dữ liệu.", "DataCCT": None}
        return 200, {"MaKetQua": "200",
                     "GhiChu": "Nguồn DL lấy từ các CSKCB đề nghị thanh toán KCB BHYT trên "
                               f"HTTTGĐ BHYT tính đến: {copay.get('asOf', '')}",
                     "DataCCT": copay.get("DataCCT"),
                     "ThongTinSoThe": {"hoTen": card.record.get("hoTen"),
                                       "ngaySinh": card.record.get("ngaySinh"),
                                       "ngayKetThuc": card.record.get("gtTheDen"),
                                       "maBhxh": card.record.get("maSoBHXH")}}
