"""The VSS gateway client: log in, keep and refresh the token, look a card up, and always hand
back an EligibilityResult, "pending" when the gateway could not be asked.

A lookup has one deadline, `timeout_s` from its start: waiting for another thread's login, a
login of its own, the request, the reply's headers and body, and a re-login after a refused
token all fit in it (terminal.http_deadline cuts a request that would run past it).

Login (`/api/token/take`) sends the account and the MD5 of its password (upper-case hex by
default, reference §6); the lookup (`/api/egw/KQNhanLichSuKCB2024`) carries the token pair and the
account in its query string (reference §1–2). The token is refreshed shortly before it expires and
once more when a call is refused. A usable card's visit history comes from `Lskcb2025` when the
lookup's is null, and its co-pay standing from the co-pay service (reference §6). Every call's
raw reply (or failure) is kept in the result as evidence. Tokens, the password and the reply
bodies never reach a log.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import requests
from urllib3.exceptions import ReadTimeoutError

from terminal.config import Config
from terminal.eligibility import codes
from terminal.eligibility.errors import (GatewayAuthError, GatewayError, GatewayHttpError,
                                         GatewayTimeout, GatewayTlsError, GatewayUnavailable,
                                         GatewayUnreachable, MalformedReply, ReplyTooLarge)
from terminal.eligibility.records import (EVIDENCE_BODY_CHARS, CardFacts, CopayStanding,
                                          EligibilityQuery, EligibilityResult, EligibilityStatus,
                                          GatewayExchange)
from terminal.eligibility.reply import (HISTORY_VISITS, parse_json_object, read_card_facts,
                                        read_copay_code, read_copay_standing, read_login_reply,
                                        read_result_code, read_visits)
from terminal.eligibility.connection_pool import open_connection_pool
from terminal.eligibility.reply_check import check_reply
from terminal.http_body import arriving_chunks
from terminal.http_deadline import whole_request_deadline
from terminal.privacy import mask_id

log = logging.getLogger(__name__)

LOGIN_PATH = "/api/token/take"
LOOKUP_2024_PATH = "/api/egw/KQNhanLichSuKCB2024"
LOOKUP_2018_PATH = "/api/egw/NhanLichSuKCB2018"
HISTORY_PATH = "/api/egw/Lskcb2025"
COPAY_PATH = "/api/TraCuuCCT/TraCuuTienMCCT"
#: The co-pay service's session: 10 minutes from login, bound to the caller's IP (reference §6).
COPAY_SESSION_S = 10 * 60
#: A token older than this is renewed before a co-pay call (its session would end mid-call).
COPAY_SESSION_MARGIN_S = 30.0
#: Co-pay threshold: 6 months' base salary (Decree 188/2025 Art 18(2)).
COPAY_THRESHOLD_MONTHS = 6
#: A history or co-pay call still running this long after the lookup's deadline is left behind.
EXTRA_GRACE_S = 1.0
#: The co-pay service's text when an account is restricted from lookups (reference §6).
RESTRICTED_TEXT = "Có lỗi xảy ra trong quá trình tra cứu"
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
    #: The MD5 of the password in upper-case hex (the agency's guide) or lower-case.
    password_hash_upper: bool = True
    #: Ask Lskcb2025 for a usable card's visits when the lookup's list is null.
    history: bool = True
    #: Ask the co-pay service for a usable card's standing.
    copay: bool = True
    #: 6 months' base salary in VND; 0: not known (no exemption can be worked out).
    copay_threshold_vnd: int = COPAY_THRESHOLD_MONTHS * 2_340_000

    @classmethod
    def from_config(cls, config: Config, password: str) -> GatewaySettings:
        g = config.gateway
        return cls(base_url=g.base_url.rstrip("/"), username=g.username, password=password,
                   staff_name=g.staff_name, staff_id=g.staff_id,
                   facility_code=config.clinic.facility_code, timeout_s=g.timeout_s,
                   connect_timeout_s=g.connect_timeout_s, ca_bundle=g.ca_bundle, proxy=g.proxy,
                   retries=g.retries, password_hash_upper=g.password_hash_case == "upper",
                   history=g.history_lookup, copay=g.copay_lookup,
                   copay_threshold_vnd=COPAY_THRESHOLD_MONTHS * g.base_salary_vnd)


@dataclass(frozen=True)
class _Token:
    access: str = field(repr=False)
    id_token: str = field(repr=False)
    refresh_at: float
    issued_at: float = 0.0


def password_hash(password: str, upper: bool = True) -> str:
    """What the gateway takes as the password: the hex MD5 of the plain text, upper-case (the
    agency's guide) or lower-case; the gateway takes both (reference §6)."""
    digest = hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()
    return digest.upper() if upper else digest


class _Refused(GatewayError):
    """A call's token or session was refused (retried once after a fresh login)."""


def _evidence_text(body: bytes) -> str:
    return body[:EVIDENCE_BODY_CHARS * 4].decode("utf-8", errors="replace")[:EVIDENCE_BODY_CHARS]


def _failure(exc: GatewayError) -> str:
    return f"{type(exc).__name__}: {exc.detail or exc.message}"


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
        self._password_md5 = password_hash(settings.password, settings.password_hash_upper)
        self._token: _Token | None = None
        self._token_lock = threading.Lock()
        # The history and co-pay calls of a lookup run side by side (the desk waits for the
        # slower, not for both); made on first use.
        self._extras: ThreadPoolExecutor | None = None
        self._extras_lock = threading.Lock()
        self.logins = 0  # how many times this client logged in (for status screens and tests)

    def close(self) -> None:
        with self._extras_lock:
            if self._extras is not None:
                self._extras.shutdown(wait=False, cancel_futures=True)
        self._session.close()

    def _submit(self, fn, *args) -> Future:
        with self._extras_lock:
            if self._extras is None:
                self._extras = ThreadPoolExecutor(max_workers=4,
                                                  thread_name_prefix="gateway-extra")
            return self._extras.submit(fn, *args)

    # --- HTTP -----------------------------------------------------------------------------
    def _post(self, path: str, body: dict, params: dict | None = None,
              ends_at: float | None = None, *, form: bool = False,
              headers: dict[str, str] | None = None, call: str = "",
              evidence: list[GatewayExchange] | None = None) -> tuple[int, bytes]:
        """POST JSON (or a form); returns the HTTP status and the body, read up to the size
        cap, all of it (connect, headers, body) by `ends_at` (else timeout_s from now). With
        `evidence`, the exchange (its reply, or its failure) is added to it as `call`."""
        at = datetime.now().astimezone()
        try:
            status, data = self._send(path, body, params, ends_at, form, headers)
        except GatewayError as exc:
            if evidence is not None:
                evidence.append(GatewayExchange(call, at, getattr(exc, "status", None), "",
                                                _failure(exc)))
            raise
        if evidence is not None:
            evidence.append(GatewayExchange(call, at, status, _evidence_text(data)))
        return status, data

    def _send(self, path: str, body: dict, params: dict | None, ends_at: float | None,
              form: bool, extra_headers: dict[str, str] | None) -> tuple[int, bytes]:
        s = self.settings
        headers = {} if s.pooled else {"Connection": "close"}
        headers.update(extra_headers or {})
        budget = s.timeout_s if ends_at is None else ends_at - time.monotonic()
        if budget <= 0:
            raise GatewayTimeout(detail=f"no time left of the lookup's {s.timeout_s}s")
        payload = {"data": body} if form else {"json": body}
        with whole_request_deadline(budget) as deadline:
            response = None
            try:
                response = self._session.post(
                    s.base_url + path, params=params, headers=headers, stream=True,
                    allow_redirects=False,
                    timeout=(min(s.connect_timeout_s, budget), min(s.timeout_s, budget)),
                    **payload)
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
        now = time.monotonic()
        self._token = _Token(reply.access_token, reply.id_token, now + lifetime - margin, now)
        self.logins += 1
        log.info("gateway login as %s: token valid for %.0f s", s.username, lifetime)

    def _current_token(self, ends_at: float, max_age_s: float | None = None) -> _Token:
        """The token, after a login if one is due (or it is older than `max_age_s`); another
        thread's login is waited for only until this lookup's deadline."""
        if not self._token_lock.acquire(timeout=max(0.0, ends_at - time.monotonic())):
            raise GatewayTimeout(detail="another lookup's gateway login still under way at "
                                        "this lookup's deadline")
        try:
            token, now = self._token, time.monotonic()
            if token is None or now >= token.refresh_at or (
                    max_age_s is not None and now - token.issued_at >= max_age_s):
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

    def _query_params(self, token: _Token) -> dict[str, str]:
        return {"token": token.access, "id_token": token.id_token,
                "username": self.settings.username, "password": self._password_md5}

    def _refused_once(self, call: str, ask, ends_at: float, max_age_s: float | None = None):
        """`ask(token)`, once more after a fresh login when it raises _Refused."""
        for attempt in (1, 2):
            token = self._current_token(ends_at, max_age_s)
            try:
                return ask(token)
            except _Refused as exc:
                log.info("gateway refused the %s (attempt %d); logging in again", call, attempt)
                self._forget(token)
                refusal = exc
        raise GatewayAuthError(detail=f"{call} refused twice, after a fresh login: "
                                      f"{refusal.detail}", code="401")

    def _ask(self, query: EligibilityQuery, ends_at: float,
             evidence: list[GatewayExchange]) -> dict[str, Any]:
        """The reply object of a lookup, after at most one re-login on an auth failure."""
        def ask(token: _Token) -> dict[str, Any]:
            status, body = self._post(self.settings.lookup_path, self._lookup_body(query),
                                      self._query_params(token), ends_at, call="lookup",
                                      evidence=evidence)
            if status in (401, 403):
                raise _Refused(detail=f"HTTP {status}")
            self._check_http(status, body)
            data = parse_json_object(body)
            if read_result_code(data) == "401":
                raise _Refused(detail="maKetQua 401")
            return data
        return self._refused_once("lookup", ask, ends_at)

    def lookup(self, query: EligibilityQuery, *, force_fresh: bool = False) -> EligibilityResult:
        """Ask the gateway about one card and, for a usable one, its visit history (when the
        lookup's is null) and co-pay standing; never raises for gateway trouble (PENDING
        instead). The result's `evidence` holds every exchange, answered or failed. The client
        keeps no answers: every call asks the gateway (`force_fresh` is for the cache's sake)."""
        started = time.monotonic()
        ends_at = started + self.settings.timeout_s
        evidence: list[GatewayExchange] = []
        try:
            data = self._ask(query, ends_at, evidence)
            result = self._result_of(data, query)
        except GatewayError as exc:
            if not evidence or not evidence[-1].failure:  # a failed login, a refusal in a body
                evidence.append(GatewayExchange("lookup", datetime.now().astimezone(), None, "",
                                                _failure(exc)))
            result = failure_result(exc)
        else:
            if result.status.is_usable:
                result = self._with_extras(result, data, query, ends_at, evidence)
        result = dataclasses.replace(result, evidence=tuple(evidence))
        log.info("eligibility %s: code %s, %s, %d call(s), %.0f ms", mask_id(query.number),
                 result.code or "-", result.status.value, len(evidence),
                 (time.monotonic() - started) * 1000)
        return result

    def _with_extras(self, result: EligibilityResult, data: dict[str, Any],
                     query: EligibilityQuery, ends_at: float,
                     evidence: list[GatewayExchange]) -> EligibilityResult:
        """The result with the visit history and the co-pay standing; either failing costs
        that fact only (noted in `gateway_note`), never the card's answer."""
        facts, notes = result.facts, [result.gateway_note] if result.gateway_note else []
        number = (facts.card_number or query.number)[:15]  # a 17-character code: its card code
        history_calls: list[GatewayExchange] = []
        copay_calls: list[GatewayExchange] = []
        history = copay = None
        if facts.history_source == "none" and self.settings.history:
            history = self._submit(self.history, query, number, ends_at, history_calls, facts)
        if self.settings.copay:
            copay = self._submit(self.copay, query, number, facts.five_years_from, ends_at,
                                 copay_calls)
        if history is not None:
            try:
                facts = self._outcome(history, ends_at)
            except GatewayError as exc:
                notes.append(f"visit history not available ({_failure(exc)})")
        standing = None
        if copay is not None:
            try:
                standing = self._outcome(copay, ends_at)
            except GatewayError as exc:
                notes.append(f"co-pay not known ({_failure(exc)})")
        evidence.extend(history_calls + copay_calls)  # each call's exchanges in order
        return dataclasses.replace(result, facts=facts, copay=standing,
                                   gateway_note="; ".join(notes))

    @staticmethod
    def _outcome(future: Future, ends_at: float):
        """A history or co-pay call's value; GatewayError when it failed or outran the lookup's
        deadline (each request is cut at the deadline: the grace covers a thread's start)."""
        try:
            return future.result(timeout=max(0.0, ends_at - time.monotonic()) + EXTRA_GRACE_S)
        except FutureTimeout:
            future.cancel()
            raise GatewayTimeout(detail="not answered by the lookup's deadline") from None

    # --- visit history (Lskcb2025) --------------------------------------------------------
    def history(self, query: EligibilityQuery, number: str, ends_at: float,
                evidence: list[GatewayExchange], facts: CardFacts) -> CardFacts:
        """`facts` with the visits of `POST Lskcb2025` (token in the query string, the body
        form-encoded: a JSON body is refused, reference §6); GatewayError when not answered."""
        body = {"maThe": number, "hoTen": query.full_name, "ngaySinh": query.birth_text,
                "hoTenCb": query.staff_name or self.settings.staff_name,
                "cccdCb": query.staff_id or self.settings.staff_id}

        def ask(token: _Token) -> dict[str, Any]:
            status, reply = self._post(HISTORY_PATH, body, self._query_params(token), ends_at,
                                       form=True, call="lskcb2025", evidence=evidence)
            if status in (401, 403):
                raise _Refused(detail=f"HTTP {status}")
            self._check_http(status, reply)
            data = parse_json_object(reply)
            code = read_result_code(data)
            if code == "401":
                raise _Refused(detail="maKetQua 401")
            if code != "000":
                raise GatewayError(detail=f"Lskcb2025 maKetQua {code}", code=code)
            return data
        data = self._refused_once("visit history", ask, ends_at)
        dropped = list(facts.dropped_fields)
        visits = read_visits(data, dropped, HISTORY_VISITS)
        return dataclasses.replace(facts, visits=visits, history_source="lskcb2025",
                                   dropped_fields=tuple(dropped))

    # --- co-pay (TraCuuTienMCCT) ----------------------------------------------------------
    def copay(self, query: EligibilityQuery, number: str, five_years_from: date | None,
              ends_at: float, evidence: list[GatewayExchange]) -> CopayStanding:
        """The co-pay standing from `POST TraCuuCCT/TraCuuTienMCCT`: credentials in headers, a
        10-minute session bound to the login's IP (an older token is renewed first; a refusal,
        an empty-body HTTP 401, gets one fresh login). GatewayError when not answered: HTTP
        400 (input), 500 (restricted account or server error), or refused twice (IP)."""
        body = {"username": self.settings.username, "maThe": number,
                "hoTen": query.full_name, "ngaySinh": query.birth_text}

        def ask(token: _Token) -> dict[str, Any]:
            headers = {"accessToken": token.access, "tokenId": token.id_token,
                       "passwordHash": self._password_md5}
            status, reply = self._post(COPAY_PATH, body, None, ends_at, headers=headers,
                                       call="copay", evidence=evidence)
            if status in (401, 403):
                raise _Refused(detail=f"co-pay session refused (HTTP {status}: expired, or "
                                      f"another IP than the login's)")
            if status == 500:
                restricted = RESTRICTED_TEXT.encode() in reply
                raise GatewayHttpError(status, detail=(
                    "co-pay HTTP 500: the account is restricted from lookups (or the service "
                    "failed)" if restricted else "co-pay HTTP 500"))
            if status == 400:
                raise GatewayHttpError(status, detail="co-pay HTTP 400: parameter missing or "
                                                      "card number of a length it refuses")
            self._check_http(status, reply)
            return parse_json_object(reply)
        data = self._refused_once("co-pay lookup", ask, ends_at,
                                  max_age_s=COPAY_SESSION_S - COPAY_SESSION_MARGIN_S)
        code = read_copay_code(data)
        if code not in ("200", "204"):
            raise GatewayError(detail=f"co-pay MaKetQua {code}", code=code)
        return read_copay_standing(data, self.settings.copay_threshold_vnd or None,
                                   five_years_from, date.today())

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
