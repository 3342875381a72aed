"""Delivery as the app runs it: the outbox from config, the HIS at the URL it is given (the
configured one or the bundled simulator's: terminal/services.py decides), deferred eligibility
lookups, and the sender thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

from offline_cache.errors import OutboxError, OutboxSetAsideError
from offline_cache.outbox import Outbox, OutboxItem, RetryPolicy
from terminal.config import Config
from terminal.delivery.checkin_payload import (KIND_CHECKIN, KIND_ELIGIBILITY_LOOKUP,
                                               CheckinPayload, EligibilityLookupPayload)
from terminal.delivery.eligibility_retry import (Cover, EligibilityRetry, GatewayLookup, OnAnswer,
                                                 OnUnverified)
from terminal.delivery.his_client import HisClient, OnNumber
from terminal.delivery.sender import Destination, Sender, SenderSettings
from terminal.eligibility.records import AskGateway

log = logging.getLogger(__name__)


#: Disk kept free beside the queue and given up when the disk fills, so the queue can still open
#: and send what it holds (see offline_cache.outbox).
DISK_RESERVE_BYTES = 2**20  # the journal index and a small WAL (checkpointed every 16 pages then)


def open_outbox(config: Config) -> Outbox:
    """The outbox at `[queue] path` with the configured retry, retention and size limit."""
    queue = config.queue
    return Outbox(config.queue_path,
                  policy=RetryPolicy(queue.max_attempts, queue.backoff_base_s, queue.backoff_max_s),
                  retention_s=queue.retention_days * 86400,
                  max_size_bytes=queue.max_size_mb * 2**20 or None,
                  reserve_bytes=DISK_RESERVE_BYTES)


#: Told of each item a destination took, after it took it (metrics: the HIS delivery lag).
OnDelivered = Callable[[OutboxItem], None]


class ObservedDestination:
    """A destination that tells `on_delivered` of each item it delivered; failures pass through."""

    def __init__(self, inner: Destination, on_delivered: OnDelivered) -> None:
        self.inner = inner
        self.name = inner.name
        self.kinds = inner.kinds
        self._on_delivered = on_delivered

    def deliver(self, item: OutboxItem) -> None:
        self.inner.deliver(item)
        try:
            self._on_delivered(item)
        except Exception:  # an observer's fault must not turn a delivery into a failure
            log.exception("delivery observer failed")


@dataclass
class DeliveryService:
    """What the app holds while it runs; `close()` stops it all cleanly."""

    outbox: Outbox
    sender: Sender
    his: HisClient
    #: Set when the queue could not be used as it stood at start (damaged or from a newer
    #: version: set aside, a new one started) or the disk was full: show it to staff.
    startup_fault: OutboxError | None = None

    @classmethod
    def open(cls, config: Config, his_url: str, lookup: AskGateway | None = None,
             on_answer: OnAnswer | None = None,
             on_delivered: OnDelivered | None = None,
             on_unverified: OnUnverified | None = None,
             on_number: OnNumber | None = None,
             cover: Cover | None = None) -> DeliveryService:
        """Start delivery to the HIS at `his_url`; with `lookup` (the app's eligibility lookup),
        deferred lookups are retried, and `on_answer` is told each verdict they get;
        `on_delivered` is told of every item delivered; `on_unverified` of each check-in whose
        card is still not verified at `checkin.day_end` (the HIS is told by the queue);
        `on_number` when the HIS keeps a check-in under another number than the kiosk gave it;
        `cover` decides each deferred verdict as the desk does (sent with it to the HIS)."""
        fault: OutboxError | None = None
        try:
            outbox = open_outbox(config)
        except OutboxSetAsideError as exc:
            fault = exc
            outbox = open_outbox(config)  # a new, empty queue was started in its place
        fault = fault or outbox.space_fault
        outbox.key_problem()  # checked now: logged, and shown in the queue's status from here on
        his = HisClient(his_url, config.his.timeout_s,
                        number_timeout_s=config.his.number_timeout_s or 2.0, on_number=on_number)
        destinations: list[Destination] = [his]
        if lookup is not None:
            destinations.append(EligibilityRetry(
                outbox, GatewayLookup(lookup, on_answer, cover),
                day_end=time.fromisoformat(config.checkin.day_end), on_unverified=on_unverified))
        if on_delivered is not None:
            destinations = [ObservedDestination(d, on_delivered) for d in destinations]
        settings = SenderSettings(lease_s=config.queue.lease_s)
        service = cls(outbox, Sender(outbox, destinations, settings), his, fault)
        service.sender.start()
        return service

    def queue_checkin(self, record: CheckinPayload) -> int:
        """Keep the check-in for the HIS (durable on return) and send it as soon as possible."""
        item_id = self.outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)
        self.sender.wake()
        return item_id

    def queue_eligibility_lookup(self, query: EligibilityLookupPayload) -> int:
        """Ask the gateway again later; its answer then updates the check-in at the HIS."""
        item_id = self.outbox.enqueue(KIND_ELIGIBILITY_LOOKUP, query.to_dict(),
                                      f"{query.checkin_id}:lookup")
        self.sender.wake()
        return item_id

    def close(self) -> None:
        self.sender.stop()
        self.his.close()
        self.outbox.close()
