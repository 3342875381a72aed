"""Faults the gateway simulator can be told to show: slowness, HTTP errors, broken bodies, resets,
maintenance, and the co-pay service's refusals (session expired, another IP, restricted account).
Switched from Python or over HTTP (`POST /_sim/faults`), safely between threads."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any

SCOPES = ("all", "login", "lookup", "history", "copay")
AUTH_FAILURE_FORMS = ("body", "http")


@dataclass(frozen=True)
class Faults:
    """What goes wrong, for which requests. All off by default."""

    #: Added before every reply (a slow gateway or a long network path).
    latency_ms: int = 0
    #: Added once per new connection (the round trips of a TCP/TLS handshake).
    connect_latency_ms: int = 0
    #: Send the status line and headers one byte every this many ms (a hostile or broken
    #: middlebox: every read timeout is met, the reply never ends); 0 = off.
    drip_headers_ms: int = 0
    #: Answer with this HTTP status instead (e.g. 500, 502, 504); 0 = off.
    http_status: int = 0
    #: Answer with an HTML error page (status http_status, or 200 as captive portals do).
    html_error: bool = False
    #: Answer with a body that is not valid JSON.
    invalid_json: bool = False
    #: Declare the full length, send half the body, close.
    truncated_json: bool = False
    #: Read the request, then reset the connection (TCP RST) without answering.
    connection_reset: bool = False
    #: HTTP 503 with Retry-After and the maintenance page.
    maintenance: bool = False
    #: Serve this text as the reply body (testers' own malformed replies; mind the scope).
    reply_override: str | None = None
    #: Serve a JSON reply padded to this many bytes; 0 = off.
    huge_reply_bytes: int = 0
    #: Answer a lookup with its result code but another citizen's record (name, birth date,
    #: card number): a gateway or proxy mixing up replies.
    reply_other_person: bool = False
    #: Put this text in the reply's birth date (`ngaySinh`), e.g. "01/01/1950"; null = off.
    reply_birth_date: str | None = None
    #: Put this text in the end of the card's validity (`gtTheDen`), e.g. "31/12/2001"; null = off.
    reply_valid_to: str | None = None
    #: The lookup's visit list filled in, as before letter 2746/BHXH-CNTT (no Lskcb2025 needed).
    history_in_lookup: bool = False
    #: The co-pay service's session has ended: every co-pay call gets the empty-body HTTP 401.
    copay_session_expired: bool = False
    #: The co-pay call comes from another IP than the login's (NAT pools): empty-body HTTP 401,
    #: whatever the token.
    copay_ip_mismatch: bool = False
    #: The account is restricted from co-pay lookups: HTTP 500, "Có lỗi xảy ra…".
    copay_restricted: bool = False
    #: How a refused token is answered: HTTP 200 with maKetQua "401", or HTTP 401.
    auth_failure_form: str = "body"
    #: Which requests the faults hit: "all", "login", "lookup", "history" or "copay".
    scope: str = "all"
    #: How many more requests the faults hit before they clear; -1 = until cleared.
    remaining: int = -1

    @property
    def active(self) -> bool:
        """True when some fault would change a reply (auth_failure_form alone changes none)."""
        quiet = Faults(auth_failure_form=self.auth_failure_form, scope=self.scope,
                       remaining=self.remaining)
        return self != quiet and self.remaining != 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any, base: Faults | None = None) -> Faults:
        """Faults from JSON, on top of `base`; ValueError names the first bad key."""
        if not isinstance(data, dict):
            raise ValueError("faults must be a JSON object")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values = (base or cls()).to_dict()
        for key, value in data.items():
            if key not in fields:
                raise ValueError(f"unknown fault {key!r}; known: {', '.join(fields)}")
            values[key] = _checked(key, value, fields[key].type)
        if values["scope"] not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}")
        if values["auth_failure_form"] not in AUTH_FAILURE_FORMS:
            raise ValueError(f"auth_failure_form must be one of {AUTH_FAILURE_FORMS}")
        if values["http_status"] and not 100 <= values["http_status"] <= 599:
            raise ValueError("http_status must be 0 or an HTTP status (100-599)")
        return cls(**values)


def _checked(key: str, value: Any, kind: str) -> Any:
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < -1:
            raise ValueError(f"{key} must be a whole number")
    elif kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false")
    elif kind == "str":
        if not isinstance(value, str):
            raise ValueError(f"{key} must be text")
    elif value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be text or null")
    return value


class FaultSwitch:
    """The simulator's current faults, shared by its request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults = Faults()

    def get(self) -> Faults:
        with self._lock:
            return self._faults

    def set(self, faults: Faults | None = None, **changes: Any) -> Faults:
        """Replace the faults (`set(Faults(...))`) or change some (`set(latency_ms=50)`)."""
        with self._lock:
            self._faults = dataclasses.replace(faults or self._faults, **changes)
            return self._faults

    def update(self, data: Any) -> Faults:
        """Change some faults from a JSON object (the HTTP control endpoint)."""
        with self._lock:
            self._faults = Faults.from_dict(data, self._faults)
            return self._faults

    def clear(self) -> None:
        self.set(Faults())

    def take(self, kind: str) -> Faults:
        """The faults for one request of `kind` ("login", "lookup", "history", "copay"),
        counting it."""
        with self._lock:
            faults = self._faults
            if not faults.active or faults.scope not in ("all", kind):
                return Faults(auth_failure_form=faults.auth_failure_form)
            if faults.remaining > 0:
                self._faults = dataclasses.replace(faults, remaining=faults.remaining - 1)
            return faults
