"""Readers of the gateway's replies: bytes → JSON object → result code, token, card facts.

Strict where a wrong reading would mislead the desk (the body must be one JSON object with a
result code: else MalformedReply), lenient about every other field (reference §3: all optional):
a missing or unreadable fact is dropped and named in `CardFacts.dropped_fields`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from terminal.eligibility import normalise
from terminal.eligibility.codes import BENEFIT_SHARES
from terminal.eligibility.errors import MalformedReply
from terminal.eligibility.records import (AdmissionReason, BenefitLevel, CardFacts,
                                          CopayStanding, DischargeStatus, NewCard,
                                          TreatmentResult, Visit)

#: Visits kept from a reply: the desk wants a glance, not the whole history.
MAX_VISITS = 20
#: A token lifetime above this (30 days) is not believed: the default applies.
MAX_TOKEN_LIFETIME_S = 30 * 24 * 3600
_CARD = re.compile(r"([A-Z]{2})([1-5])[0-9]{12}")
#: The visit list of a lookup reply (2018 shape) and of the history call (reference §6).
LOOKUP_VISITS, HISTORY_VISITS = "dsLichSuKCB2018", "dsLichSuKCB2025"
#: A co-pay total above this (10^13 VND) is not a real year's co-pay: the reply is unreadable.
MAX_COPAY_VND = 10**13
_AS_OF = re.compile(r"([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})")
_CODE = re.compile(r"[0-9A-Za-z]{1,10}")


def parse_json_object(body: bytes) -> dict[str, Any]:
    """The reply body as a JSON object, or MalformedReply saying what it was instead."""
    if not isinstance(body, (bytes, bytearray)):
        raise MalformedReply(detail=f"body of type {type(body).__name__}")
    head = body[:200].lstrip().lower()
    if head.startswith(b"<"):
        raise MalformedReply(detail=f"an HTML/XML page ({len(body)} bytes) where JSON was due")
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise MalformedReply(detail=f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    except ValueError as exc:  # JSONDecodeError, and integers too long to convert
        raise MalformedReply(detail=f"not JSON ({len(body)} bytes): {str(exc)[:120]}") from None
    except RecursionError:
        raise MalformedReply(detail="JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise MalformedReply(detail=f"JSON {type(data).__name__} where an object was due")
    return data


def read_result_code(data: dict[str, Any]) -> str:
    """`maKetQua` as text; a number is zero-padded (0 → "000"); missing or another type is
    MalformedReply, since the code is the one thing the desk cannot do without."""
    value = data.get("maKetQua")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 999:
        return f"{value:03d}"
    if isinstance(value, str) and _CODE.fullmatch(value.strip()):
        return value.strip()
    if value is None:
        raise MalformedReply(detail="reply has no maKetQua (result code)")
    raise MalformedReply(detail=f"maKetQua of type {type(value).__name__} is not a code")


@dataclass(frozen=True)
class LoginReply:
    code: str
    access_token: str = ""
    id_token: str = ""
    expires_in_s: float | None = None

    def __repr__(self) -> str:  # tokens never in a log or traceback
        return f"LoginReply(code={self.code!r}, expires_in_s={self.expires_in_s!r})"


def read_login_reply(data: dict[str, Any]) -> LoginReply:
    """The token pair of a `/api/token/take` reply; MalformedReply when a success lacks it."""
    code = read_result_code(data)
    if code != "200":
        return LoginReply(code)
    key = data.get("APIKey")
    if not isinstance(key, dict):
        raise MalformedReply(detail="login reply 200 without an APIKey object")
    access, id_token = key.get("access_token"), key.get("id_token")
    if not (isinstance(access, str) and access and isinstance(id_token, str) and id_token):
        raise MalformedReply(detail="login reply 200 without access_token/id_token text")
    expires = key.get("expires_in")
    if isinstance(expires, str) and expires.strip().isdigit():
        expires = int(expires.strip())
    lifetime = None
    if isinstance(expires, (int, float)) and not isinstance(expires, bool):
        # A lifetime beyond any float, or infinite, would never expire the token (found by
        # tests/fuzz: OverflowError); such a reply gets the default lifetime instead.
        lifetime = float(expires) if 0 < expires <= MAX_TOKEN_LIFETIME_S else None
    return LoginReply(code, access, id_token, lifetime)


class _Reader:
    """Reads optional fields of one JSON object, remembering which ones were unreadable."""

    def __init__(self, data: dict[str, Any], dropped: list[str], prefix: str = "") -> None:
        self.data, self.dropped, self.prefix = data, dropped, prefix

    def _drop(self, key: str) -> None:
        self.dropped.append(self.prefix + key)

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self._drop(key)
            return None
        return value.strip() or None

    def date(self, key: str):
        value = self.data.get(key)
        parsed = normalise.read_reply_date(value)
        if parsed is None and value not in (None, ""):
            self._drop(key)
        return parsed

    def timestamp(self, *keys: str):
        for key in keys:
            value = self.data.get(key)
            if value in (None, ""):
                continue
            parsed = normalise.read_reply_timestamp(str(value) if isinstance(value, int) else value)
            if parsed is None:
                self._drop(key)
            return parsed
        return None

    def facility(self, key: str) -> str | None:
        value = self.data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:05d}"
        code = normalise.read_facility_code(value)
        if code is None and value not in (None, ""):
            self._drop(key)
        return code

    def card_number(self, key: str) -> str | None:
        value = self.text(key)
        return value.upper().replace(" ", "") if value else None

    def coded(self, key: str, kind):
        value = self.data.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if value in (None, ""):
            return None
        try:
            return kind(value)
        except (ValueError, TypeError):
            self._drop(key)
            return None


def benefit_of(card_number: str | None) -> BenefitLevel | None:
    """Group and benefit level from a 15-character card number; None for an ID number."""
    m = _CARD.fullmatch((card_number or "")[:15])
    if not m:
        return None
    level = int(m[2])
    share_en, share_vi = BENEFIT_SHARES[level]
    return BenefitLevel(level, m[1], share_en, share_vi)


def read_visits(data: dict[str, Any], dropped: list[str],
                key: str = LOOKUP_VISITS) -> tuple[Visit, ...]:
    """The visit list under `key` (at most MAX_VISITS); unreadable entries are dropped."""
    items = data.get(key)
    if items is None:
        return ()
    if not isinstance(items, list):
        dropped.append(key)
        return ()
    visits = []
    for index, item in enumerate(items[:MAX_VISITS]):
        if not isinstance(item, dict):
            dropped.append(f"{key}[{index}]")
            continue
        r = _Reader(item, dropped, f"{key}[{index}].")
        visits.append(Visit(
            facility_code=r.facility("maCSKCB"),
            admitted=r.timestamp("ngayVao", "tuNgay"),
            discharged=r.timestamp("ngayRa", "denNgay"),
            diagnosis=r.text("tenBenh"),
            discharge_status=r.coded("tinhTrang", DischargeStatus),
            treatment_result=r.coded("kqDieuTri", TreatmentResult),
            admission_reason=r.coded("lyDoVV", AdmissionReason)))
    return tuple(visits)


def _read_new_card(r: _Reader) -> NewCard | None:
    new = NewCard(card_number=r.card_number("maTheMoi"), valid_from=r.date("gtTheTuMoi"),
                  valid_to=r.date("gtTheDenMoi"), facility_code=r.facility("maDKBDMoi"),
                  facility_name=r.text("tenDKBDMoi"))
    return None if new == NewCard() else new


def read_card_facts(data: dict[str, Any], asked_number: str = "") -> CardFacts:
    """Every fact of a lookup reply that could be read; never raises for a bad optional field."""
    dropped: list[str] = []
    r = _Reader(data, dropped)
    card_number = r.card_number("maThe")
    new_card = _read_new_card(r)
    checks = data.get("dsLichSuKT2018")
    # Keyword arguments are evaluated in order, so dropped_fields (last) sees every drop.
    return CardFacts(
        card_number=card_number,
        full_name=normalise.read_reply_name(r.text("hoTen")),
        birth_text=r.text("ngaySinh"),
        gender=r.text("gioiTinh"),
        valid_from=r.date("gtTheTu"),
        valid_to=r.date("gtTheDen"),
        registered_facility=r.facility("maDKBD"),
        five_years_from=r.date("ngayDu5Nam"),
        social_insurance_number=r.text("maSoBHXH"),
        old_card_number=r.card_number("maTheCu"),
        new_card=new_card,
        benefit=benefit_of(card_number) or benefit_of(asked_number),
        visits=read_visits(data, dropped),
        recent_checks=len(checks) if isinstance(checks, list) else 0,
        dropped_fields=tuple(dropped),
        history_source="lookup" if isinstance(data.get(LOOKUP_VISITS), list) else "none",
    )


def read_copay_code(data: dict[str, Any]) -> str:
    """The co-pay service's `MaKetQua` (its capital M; the lookup's spelling is read too)."""
    return read_result_code({"maKetQua": data.get("MaKetQua", data.get("maKetQua"))})


def _amount(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and 0 <= value <= MAX_COPAY_VND else None


def read_copay_standing(data: dict[str, Any], threshold_vnd: int | None,
                        five_years_from: date | None, today: date) -> CopayStanding:
    """The standing in a co-pay reply (`DataCCT`, one entry per claimed visit, newest first).

    Each entry's `tBNCCTLuyKe` is the running total up to that visit, so the year's total is
    their largest (never their sum); the total is as of the date in `GhiChu` ("... tính đến:
    dd/MM/yyyy HH:mm"), else today. Exempt when the fund's figures pass Decree 188/2025 Art
    18(2): 5 years' continuous participation (`ngayDu5Nam` of the lookup) and a total above
    the threshold; from the later of the two dates: the discharge of the first visit whose
    running total passed it, and the 5-year date. Code 204 (nothing on file) is a total of 0.
    MalformedReply when a 200 reply has no readable total."""
    code = read_copay_code(data)
    note = data.get("GhiChu", data.get("ghiChu"))
    found = _AS_OF.search(note) if isinstance(note, str) else None
    as_of = (normalise.read_reply_date(found[1]) if found else None) or today
    items = data.get("DataCCT")
    visits: list[tuple[float, date | None]] = []
    for item in items if isinstance(items, list) else ():
        total = _amount(item.get("tBNCCTLuyKe")) if isinstance(item, dict) else None
        if total is not None:
            visits.append((total, normalise.read_reply_date(item.get("ngayRa"))))
    if code == "200" and not visits:
        raise MalformedReply(detail="co-pay reply 200 without a readable tBNCCTLuyKe")
    paid = round(max((total for total, _ in visits), default=0.0))
    exempt, exempt_from = False, None
    five_years = five_years_from is not None and five_years_from <= today
    if threshold_vnd and five_years and paid > threshold_vnd:
        exempt = True
        crossed = sorted(day for total, day in visits if total > threshold_vnd and day)
        if crossed:
            exempt_from = max(crossed[0], five_years_from)
    return CopayStanding(paid_vnd=paid, threshold_vnd=threshold_vnd or None, as_of=as_of,
                         exempt=exempt, exempt_from=exempt_from, code=code)
