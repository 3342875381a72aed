"""The clinic HIS check-in endpoint: POST JSON with the item's Idempotency-Key header.

Endpoints (relative to `[his] base_url`): `POST /checkins` takes a check-in record (its answer
may name the number the HIS keeps the patient under: a number the kiosk gave offline that another
kiosk holds is replaced), `POST /checkins/{checkin_id}/eligibility` an eligibility update,
`POST /queue-numbers` gives the patient's number in the room's queue while the HIS is reachable
(asked by the check-in itself, with a short timeout), or 409 "full" past the room's capacity
(RoomFull); `GET /rooms` each room's counts (the department choice, with the same timeout).
No HTTP-level retry here: the outbox retries, with backoff, across restarts, and the
Idempotency-Key makes a re-send harmless.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

import requests

from offline_cache.outbox import OutboxItem
from terminal.delivery.checkin_payload import (KIND_CHECKIN, KIND_ELIGIBILITY_UPDATE,
                                               QueueNumberAnswer, QueueNumberRequest, RoomCount,
                                               RoomFullAnswer, room_counts_from)
from terminal.delivery.errors import (DeliveryFailed, DeliveryRejected, DeliveryUnreachable,
                                      PayloadSchemaError, RoomFull)
from terminal.http_body import arriving_chunks
from terminal.http_deadline import DeadlineAdapter, mount_deadline_adapters, whole_request_deadline

#: Answers that say "not now, for anyone": the HIS or a proxy in front of it is down or busy.
_UNAVAILABLE = {408, 429, 502, 503, 504}
#: The HIS does not know the check-in an update is for yet (it is still queued): try again.
_NOT_YET = {404, 409}
#: The reply's body is not used; at most this much of it is read (so that the connection can be
#: kept), never more whatever the HIS or a proxy sends.
MAX_REPLY_BYTES = 64 * 1024
_CHUNK = 8192

log = logging.getLogger(__name__)

#: Told when the HIS keeps a delivered check-in under another number than the kiosk gave it, or
#: flags it over the room's capacity (check-in id, the HIS's number, label and flag).
OnNumber = Callable[[str, QueueNumberAnswer], None]


class HisClient:
    """Delivers check-ins and eligibility updates; a destination of the sender."""

    name = "clinic HIS"
    kinds = (KIND_CHECKIN, KIND_ELIGIBILITY_UPDATE)

    def __init__(self, base_url: str, timeout_s: float = 10.0,
                 session: requests.Session | None = None, *, number_timeout_s: float = 2.0,
                 on_number: OnNumber | None = None) -> None:
        """`number_timeout_s` bounds a queue-number request (the patient waits for it);
        `on_number` is told when the HIS keeps a delivered check-in under another number or
        flags it over the room's capacity."""
        self.base_url = base_url.rstrip("/")
        # Connecting is quick or not at all; the read may wait for a slow HIS; the whole
        # request (headers dripped a byte at a time included) ends at timeout_s.
        self.timeout = (min(3.0, timeout_s), timeout_s)
        self.number_timeout = (min(1.0, number_timeout_s), number_timeout_s)
        self.on_number = on_number
        if session is None:
            session = requests.Session()
            mount_deadline_adapters(session, DeadlineAdapter())
        self.session = session
        # The check-in's own thread asks for numbers while the sender's thread delivers.
        self._numbers = requests.Session()
        mount_deadline_adapters(self._numbers, DeadlineAdapter())

    def deliver(self, item: OutboxItem) -> None:
        if item.kind == KIND_CHECKIN:
            url = f"{self.base_url}/checkins"
        else:
            url = f"{self.base_url}/checkins/{item.payload.get('checkin_id', '')}/eligibility"
        body = self._post(self.session, url, item.payload, self.timeout,
                          {"Idempotency-Key": item.idempotency_key})
        if item.kind == KIND_CHECKIN and self.on_number is not None:
            self._kept_under(item.payload, body, url)

    def queue_number(self, request: QueueNumberRequest) -> QueueNumberAnswer:
        """The patient's number from the HIS; DeliveryError when it cannot give one now (the
        kiosk then numbers from its own block)."""
        url = f"{self.base_url}/queue-numbers"
        status, body = self._exchange(self._numbers, url, request.to_dict(), self.number_timeout,
                                      {})
        if status == 409:  # "full" (RoomFull), else the HIS's other 409s
            try:
                full = RoomFullAnswer.from_dict(json.loads(body.decode("utf-8")))
            except (UnicodeDecodeError, ValueError, RecursionError, PayloadSchemaError):
                full = None
            if full is not None:
                raise RoomFull(full.department, full.session,
                               detail=f"HIS answered 409 full ({full.session}) on {url}")
        self._check(status, url)
        try:
            return QueueNumberAnswer.from_dict(json.loads(body.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError, PayloadSchemaError) as exc:
            raise DeliveryFailed("The clinic's system gave no usable queue number.",
                                 detail=f"{type(exc).__name__} on {url}") from None

    def room_counts(self) -> dict[str, RoomCount]:
        """Each room's numbers at the HIS today and this session (GET /rooms, within the
        queue-number timeout); DeliveryError when it cannot say now (the kiosk counts its own)."""
        url = f"{self.base_url}/rooms"
        status, body = self._exchange(self._numbers, url, None, self.number_timeout, {})
        self._check(status, url)
        try:
            return room_counts_from(json.loads(body.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError, PayloadSchemaError) as exc:
            raise DeliveryFailed("The clinic's system gave no usable room counts.",
                                 detail=f"{type(exc).__name__} on {url}") from None

    def _kept_under(self, payload: dict, body: bytes, url: str) -> None:
        """Tell `on_number` when the HIS keeps the check-in under another number than sent, or
        flags it `over_capacity`; an answer without a number (an older HIS) or a malformed one
        changes nothing."""
        try:
            data = json.loads(body.decode("utf-8")) if body else {}
            if not isinstance(data, dict) or "number" not in data:
                return
            answer = QueueNumberAnswer.from_dict(data)
        except (UnicodeDecodeError, ValueError, RecursionError, PayloadSchemaError) as exc:
            log.warning("HIS answer on %s has no usable number (%s)", url, type(exc).__name__)
            return
        if answer.ticket != payload.get("ticket") or answer.over_capacity:
            assert self.on_number is not None
            self.on_number(str(payload.get("checkin_id", "")), answer)

    def _post(self, session: requests.Session, url: str, body: dict,
              timeout: tuple[float, float], headers: dict[str, str]) -> bytes:
        """POST within one deadline; the reply's body (at most MAX_REPLY_BYTES) once the status
        says it was taken."""
        status, data = self._exchange(session, url, body, timeout, headers)
        self._check(status, url)
        return data

    def _exchange(self, session: requests.Session, url: str, body: dict | None,
                  timeout: tuple[float, float], headers: dict[str, str]) -> tuple[int, bytes]:
        """POST `body` (None: GET) within one deadline: the status and the reply's body (at most
        MAX_REPLY_BYTES)."""
        data = b""
        with whole_request_deadline(timeout[1]) as deadline:
            try:
                # No redirects: a 307 would re-post the patient's record to wherever it points.
                reply = session.request("GET" if body is None else "POST", url, json=body,
                                        timeout=timeout, stream=True, allow_redirects=False,
                                        headers=headers)
                try:
                    data = _drain(reply, deadline.ends_at)
                except requests.RequestException:
                    if not deadline.expired:
                        raise  # else the status came whole; a cut body is not used
                    data = b""
                finally:
                    reply.close()
            except requests.RequestException as exc:
                if deadline.expired:  # may have reached the HIS: the re-send has the same key
                    raise DeliveryUnreachable(
                        "The clinic's system did not answer in time.",
                        detail=f"no whole reply within {timeout[1]}s on {url}") from None
                raise _delivery_error(exc, url) from None
        return reply.status_code, data

    def _check(self, status: int, url: str) -> None:
        if status < 300:
            return
        detail = f"HIS answered {status} on {url}"
        if status in _UNAVAILABLE:
            raise DeliveryUnreachable("The clinic's system is not available.", detail=detail)
        if status in _NOT_YET or status >= 500:
            raise DeliveryFailed("The clinic's system could not take the check-in yet.",
                                 detail=detail)
        raise DeliveryRejected("The clinic's system refused the check-in. Call IT.", detail=detail)

    def close(self) -> None:
        self.session.close()
        self._numbers.close()


def _delivery_error(exc: requests.RequestException, url: str) -> Exception:
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        # A read timeout may mean the HIS got it: the re-send carries the same key.
        return DeliveryUnreachable("The clinic's system cannot be reached.",
                                   detail=f"{type(exc).__name__} on {url}")
    return DeliveryFailed("The clinic's system could not be sent the check-in.",
                          detail=f"{type(exc).__name__} on {url}")


def _drain(reply: requests.Response, deadline: float) -> bytes:
    """Read what the reply carries, up to MAX_REPLY_BYTES and until `deadline` (the rest is
    dropped with the connection): a HIS dripping bytes must not hold the sender. A body cut
    short is returned as read (it then parses as no answer)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in arriving_chunks(reply, _CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_REPLY_BYTES or time.monotonic() > deadline:
            break
    return b"".join(chunks)
