"""The clinic HIS check-in endpoint: POST JSON with the item's Idempotency-Key header.

Endpoints (relative to `[his] base_url`): `POST /checkins` takes a check-in record,
`POST /checkins/{checkin_id}/eligibility` an eligibility update. No HTTP-level retry here: the
outbox retries, with backoff, across restarts, and the Idempotency-Key makes a re-send harmless.
"""

from __future__ import annotations

import time

import requests

from offline_cache.outbox import OutboxItem
from terminal.delivery.checkin_payload import KIND_CHECKIN, KIND_ELIGIBILITY_UPDATE
from terminal.delivery.errors import DeliveryFailed, DeliveryRejected, DeliveryUnreachable
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


class HisClient:
    """Delivers check-ins and eligibility updates; a destination of the sender."""

    name = "clinic HIS"
    kinds = (KIND_CHECKIN, KIND_ELIGIBILITY_UPDATE)

    def __init__(self, base_url: str, timeout_s: float = 10.0,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        # Connecting is quick or not at all; the read may wait for a slow HIS; the whole
        # request (headers dripped a byte at a time included) ends at timeout_s.
        self.timeout = (min(3.0, timeout_s), timeout_s)
        if session is None:
            session = requests.Session()
            mount_deadline_adapters(session, DeadlineAdapter())
        self.session = session

    def deliver(self, item: OutboxItem) -> None:
        if item.kind == KIND_CHECKIN:
            url = f"{self.base_url}/checkins"
        else:
            url = f"{self.base_url}/checkins/{item.payload.get('checkin_id', '')}/eligibility"
        self._post(url, item.payload, item.idempotency_key)

    def _post(self, url: str, body: dict, idempotency_key: str) -> None:
        with whole_request_deadline(self.timeout[1]) as deadline:
            try:
                # No redirects: a 307 would re-post the patient's record to wherever it points.
                reply = self.session.post(url, json=body, timeout=self.timeout, stream=True,
                                          allow_redirects=False,
                                          headers={"Idempotency-Key": idempotency_key})
                try:
                    _drain(reply, deadline.ends_at)
                except requests.RequestException:
                    if not deadline.expired:
                        raise  # else the status came whole; the body is not used anyway
                finally:
                    reply.close()
            except requests.RequestException as exc:
                if deadline.expired:  # may have reached the HIS: the re-send has the same key
                    raise DeliveryUnreachable(
                        "The clinic's system did not answer in time.",
                        detail=f"no whole reply within {self.timeout[1]}s on {url}") from None
                raise _delivery_error(exc, url) from None
        self._check(reply.status_code, url)

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


def _delivery_error(exc: requests.RequestException, url: str) -> Exception:
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        # A read timeout may mean the HIS got it: the re-send carries the same key.
        return DeliveryUnreachable("The clinic's system cannot be reached.",
                                   detail=f"{type(exc).__name__} on {url}")
    return DeliveryFailed("The clinic's system could not be sent the check-in.",
                          detail=f"{type(exc).__name__} on {url}")


def _drain(reply: requests.Response, deadline: float) -> None:
    """Read what the reply carries, up to MAX_REPLY_BYTES and until `deadline` (the rest is
    dropped with the connection): a HIS dripping bytes must not hold the sender."""
    size = 0
    for chunk in arriving_chunks(reply, _CHUNK):
        size += len(chunk)
        if size >= MAX_REPLY_BYTES or time.monotonic() > deadline:
            return
