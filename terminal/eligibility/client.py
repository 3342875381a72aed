"""The VSS gateway client: log in, keep and refresh the token, look a card up, and always hand
back an EligibilityResult, "pending" when the gateway could not be asked.

A lookup has one deadline, `timeout_s` from its start: waiting for another thread's login, a
login of its own, the request, the reply's headers and body, and a re-login after a refused
token all fit in it (terminal.http_deadline cuts a request that would run past it).

Login (`/api/token/take`) sends the account and the MD5 of its password; the lookup
(`/api/egw/KQNhanLichSuKCB2024`) carries the token pair and the account in its query string
(reference §1–2). The token is refreshed shortly before it expires and once more when a lookup
is refused with HTTP 401 or `maKetQua` "401". Tokens and the password never reach a log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests
from urllib3.exceptions import ReadTimeoutError

from terminal.config import Config
from terminal.eligibility import codes
from terminal.eligibility.errors import (GatewayAuthError, GatewayError, GatewayHttpError,
                                         GatewayTimeout, GatewayTlsError, GatewayUnavailable,
                                         GatewayUnreachable, MalformedReply, ReplyTooLarge)
from terminal.eligibility.records import EligibilityQuery, EligibilityResult, EligibilityStatus
from terminal.eligibility.reply import (parse_json_object, read_card_facts, read_login_reply,
                                        read_result_code)
from terminal.eligibility.connection_pool import open_connection_pool
from terminal.eligibility.reply_check import check_reply
from terminal.http_body import arriving_chunks
from terminal.http_deadline import whole_request_deadline
from terminal.privacy import mask_id

log = logging.getLogger(__name__)

LOGIN_PATH = "/api/token/take"
LOOKUP_2024_PATH = "/api/egw/KQNhanLichSuKCB2024"
LOOKUP_2018_PATH = "/api/egw/NhanLichSuKCB2018"
#: Used when the login reply gives no lifetime: the shortest cache seen in public clients.
DEFAULT_TOKEN_LIFETIME_S = 50 * 60
#: Refresh this long before the token's end (at most a tenth of its life).
REFRESH_MARGIN_S = 60.0
#: A real card record is a few kilobytes; anything past this cap is not read.
MAX_REPLY_BYTES = 2 * 1024 * 1024
_CHUNK = 16 * 1024


@dataclass(frozen=True)
class GatewaySettings:
    """Where the gateway is and how to talk to it (from [gateway] and [clinic])."""

    base_url: str
    username: str
    password: str = field(repr=False)
    staff_name: str = ""
    staff_id: str = ""
    facility_code: str = ""
    timeout_s: float = 10.0
    connect_timeout_s: float = 3.0
    ca_bundle: str = ""
    proxy: str = ""
    retries: int = 2
    #: False sends `Connection: close` on every request (the benchmark's baseline).
    pooled: bool = True
    lookup_path: str = LOOKUP_2024_PATH

    @classmethod
    def from_config(cls, config: Config, password: str) -> GatewaySettings:
        g = config.gateway
        return cls(base_url=g.base_url.rstrip("/"), username=g.username, password=password,
                   staff_name=g.staff_name, staff_id=g.staff_id,
                   facility_code=config.clinic.facility_code, timeout_s=g.timeout_s,
                   connect_timeout_s=g.connect_timeout_s, ca_bundle=g.ca_bundle, proxy=g.proxy,
                   retries=g.retries)


@dataclass(frozen=True)
class _Token:
    access: str = field(repr=False)
    id_token: str = field(repr=False)
    refresh_at: float


def password_hash(password: str) -> str:
    """What the gateway takes as the password: the lower-case hex MD5 of the plain text."""
    return hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()


def _transport_error(exc: requests.RequestException) -> GatewayError:
    """A requests exception as the gateway error the desk understands."""
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, requests.exceptions.SSLError):
        return GatewayTlsError(detail=detail)
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.ProxyError)):
        return GatewayUnreachable(detail=detail)
    # With read retries off, urllib3 reports a read timeout as "max retries" (a ConnectionError).
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(exc, requests.exceptions.ReadTimeout) or isinstance(reason, ReadTimeoutError):
        return GatewayTimeout(detail=detail)
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return MalformedReply(detail=f"reply cut short or garbled: {detail}")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return GatewayUnreachable(detail=detail)
    return GatewayError(detail=detail)


class GatewayClient:
    """Talks to one gateway with one account; safe to share between worker threads."""

    def __init__(self, settings: GatewaySettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self._session = session or open_connection_pool(settings.retries, settings.ca_bundle,
                                                        settings.proxy)
        self._password_md5 = password_hash(settings.password)
        self._token: _Token | None = None
        self._token_lock = threading.Lock()
        self.logins = 0  # how many times this client logged in (for status screens and tests)

    def close(self) -> None:
        self._session.close()

    # --- HTTP -----------------------------------------------------------------------------
    def _post(self, path: str, body: dict, params: dict | None = None,
              ends_at: float | None = None) -> tuple[int, bytes]:
        """POST JSON; returns the HTTP status and the body, read up to the size cap, all of it
        (connect, headers, body) by `ends_at` (else timeout_s from now)."""
        s = self.settings
        headers = {} if s.pooled else {"Connection": "close"}
        budget = s.timeout_s if ends_at is None else ends_at - time.monotonic()
        if budget <= 0:
            raise GatewayTimeout(detail=f"no time left of the lookup's {s.timeout_s}s")
        with whole_request_deadline(budget) as deadline:
            response = None
            try:
                response = self._session.post(
                    s.base_url + path, json=body, params=params, headers=headers, stream=True,
                    allow_redirects=False,
                    timeout=(min(s.connect_timeout_s, budget), min(s.timeout_s, budget)))
                with response:
                    status, data = response.status_code, self._read_body(response, deadline)
            except requests.RequestException as exc:
                if not deadline.expired:
                    raise _transport_error(exc) from None
                where = "body still arriving" if response is not None else "headers not whole"
                raise GatewayTimeout(detail=f"{where} after {budget:.1f}s "
                                            f"({type(exc).__name__})") from None
            if deadline.expired:  # cut between two reads: what came is not the whole reply
                raise GatewayTimeout(detail=f"body still arriving after {budget:.1f}s")
            return status, data

    def _read_body(self, response: requests.Response, deadline) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
            raise ReplyTooLarge(detail=f"Content-Length {declared} over {MAX_REPLY_BYTES}")
        # The read timeout bounds each wait for data; the request's deadline bounds the whole
        # body too, so a gateway dripping bytes cannot hold the desk.
        chunks, size = [], 0
        for chunk in arriving_chunks(response, _CHUNK):
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise ReplyTooLarge(detail=f"body over {MAX_REPLY_BYTES} bytes")
            if deadline.expired or deadline.remaining() <= 0:
                raise GatewayTimeout(detail=f"body still arriving after {deadline.seconds:.1f}s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_http(self, status: int, body: bytes) -> None:
        if status == 503:
            raise GatewayUnavailable(status, detail=f"HTTP 503, {len(body)} bytes")
        if not 200 <= status < 300:
            raise GatewayHttpError(status, detail=f"HTTP {status}, {len(body)} bytes")

    # --- token ----------------------------------------------------------------------------
    def login(self, ends_at: float | None = None) -> None:
        """Take a fresh token pair; GatewayAuthError when the account is refused."""
        s = self.settings
        status, body = self._post(LOGIN_PATH, {"username": s.username,
                                               "password": self._password_md5}, ends_at=ends_at)
        if status in (401, 403):
            raise GatewayAuthError(detail=f"login HTTP {status}", code="401")
        self._check_http(status, body)
        reply = read_login_reply(parse_json_object(body))
        if reply.code == "401":
            raise GatewayAuthError(detail="login maKetQua 401", code="401")
        if reply.code != "200":
            raise GatewayError(detail=f"login maKetQua {reply.code}", code=reply.code)
        lifetime = reply.expires_in_s or DEFAULT_TOKEN_LIFETIME_S
        margin = min(REFRESH_MARGIN_S, lifetime / 10)
        self._token = _Token(reply.access_token, reply.id_token,
                             time.monotonic() + lifetime - margin)
        self.logins += 1
        log.info("gateway login as %s: token valid for %.0f s", s.username, lifetime)

    def _current_token(self, ends_at: float) -> _Token:
        """The token, after a login if one is due; another thread's login is waited for only
        until this lookup's deadline."""
        if not self._token_lock.acquire(timeout=max(0.0, ends_at - time.monotonic())):
            raise GatewayTimeout(detail="another lookup's gateway login still under way at "
                                        "this lookup's deadline")
        try:
            token = self._token
            if token is None or time.monotonic() >= token.refresh_at:
                self.login(ends_at)
                token = self._token
            assert token is not None
            return token
        finally:
            self._token_lock.release()

    def _forget(self, token: _Token) -> None:
        with self._token_lock:
            if self._token is token:  # another thread may have refreshed it already
                self._token = None

    # --- lookup ---------------------------------------------------------------------------
    def _lookup_body(self, query: EligibilityQuery) -> dict[str, str]:
        body = {"maThe": query.number, "hoTen": query.full_name, "ngaySinh": query.birth_text}
        if self.settings.lookup_path != LOOKUP_2018_PATH:
            body["hoTenCb"] = query.staff_name or self.settings.staff_name
            body["cccdCb"] = query.staff_id or self.settings.staff_id
        return body

    def _ask(self, query: EligibilityQuery, ends_at: float) -> dict[str, Any]:
        """The reply object of a lookup, after at most one re-login on an auth failure."""
        for attempt in (1, 2):
            token = self._current_token(ends_at)
            params = {"token": token.access, "id_token": token.id_token,
                      "username": self.settings.username, "password": self._password_md5}
            status, body = self._post(self.settings.lookup_path, self._lookup_body(query), params,
                                      ends_at)
            refused = status in (401, 403)
            if not refused:
                self._check_http(status, body)
                data = parse_json_object(body)
                refused = read_result_code(data) == "401"
            if not refused:
                return data
            log.info("gateway refused the token (attempt %d); logging in again", attempt)
            self._forget(token)
        raise GatewayAuthError(detail="lookup refused twice, after a fresh login", code="401")

    def lookup(self, query: EligibilityQuery) -> EligibilityResult:
        """Ask the gateway about one card; never raises for gateway trouble (PENDING instead)."""
        started = time.monotonic()
        try:
            data = self._ask(query, started + self.settings.timeout_s)
            result = self._result_of(data, query)
        except GatewayError as exc:
            result = failure_result(exc)
        log.info("eligibility %s: code %s, %s, %.0f ms", mask_id(query.number),
                 result.code or "-", result.status.value, (time.monotonic() - started) * 1000)
        return result

    def _result_of(self, data: dict[str, Any], query: EligibilityQuery) -> EligibilityResult:
        code = read_result_code(data)
        facts = read_card_facts(data, query.card_number)
        looked_up_at = datetime.now()
        # The gateway's code stands only if its reply answers this question and, when it says
        # eligible, the card is valid today by the reply's own dates.
        contradiction = check_reply(code, codes.meaning_of(code).status, facts, query,
                                    looked_up_at.date())
        detail = ""
        if contradiction is not None:
            log.warning("eligibility %s: gateway code %s replaced by %s (%s)",
                        mask_id(query.number), code, contradiction.code, contradiction.detail)
            detail = f"gateway code {code}: {contradiction.detail}"
            code = contradiction.code
        meaning = codes.meaning_of(code)
        facility, new_card = facts.registered_facility, facts.new_card
        if meaning.note is codes.CardNote.USE_NEW_CARD and new_card and new_card.facility_code:
            facility = new_card.facility_code  # the new card is the one to use
        note = data.get("ghiChu")
        return EligibilityResult(
            status=meaning.status, code=code, message_vi=meaning.message_vi,
            message_en=meaning.message_en, next_step_vi=meaning.next_step_vi,
            next_step_en=meaning.next_step_en, facts=facts,
            route_ok=None if facility is None else facility == self.settings.facility_code,
            gateway_note=note.strip() if isinstance(note, str) else "", error_detail=detail,
            looked_up_at=looked_up_at)


def failure_result(exc: GatewayError) -> EligibilityResult:
    """The result for a lookup that got no verdict: AUTH_ERROR for a refused account, else
    PENDING (check in now, look up again later)."""
    if isinstance(exc, GatewayAuthError):
        status, step = EligibilityStatus.AUTH_ERROR, codes.CODES["401"]
    else:
        status, step = EligibilityStatus.PENDING, codes.PENDING
    return EligibilityResult(status=status, code=exc.code, message_vi=exc.message_vi,
                             message_en=exc.message, next_step_vi=step.next_step_vi,
                             next_step_en=step.next_step_en,
                             error_detail=f"{type(exc).__name__}: {exc.detail}")
