"""Deferred eligibility lookups: asked again of the gateway when it is back, and the answer
queued for the HIS as an update of the check-in it belongs to."""

from __future__ import annotations

from collections.abc import Callable

from offline_cache.outbox import Outbox, OutboxItem
from terminal.delivery.checkin_payload import (KIND_ELIGIBILITY_LOOKUP, KIND_ELIGIBILITY_UPDATE,
                                               EligibilityQuery, EligibilityRecord,
                                               EligibilityUpdate)
from terminal.delivery.errors import DeliveryRejected, DeliveryUnreachable, PayloadSchemaError

#: Asks the gateway; returns status "pending" when the gateway could not be reached.
EligibilityLookup = Callable[[EligibilityQuery], EligibilityRecord]


class EligibilityRetry:
    """A destination of the sender for kind `eligibility_lookup`."""

    name = "insurance gateway"
    kinds = (KIND_ELIGIBILITY_LOOKUP,)

    def __init__(self, outbox: Outbox, lookup: EligibilityLookup) -> None:
        self.outbox = outbox
        self.lookup = lookup

    def deliver(self, item: OutboxItem) -> None:
        try:
            query = EligibilityQuery.from_dict(item.payload)
        except PayloadSchemaError as exc:
            raise DeliveryRejected("A deferred insurance check is damaged. Call IT.",
                                   detail=exc.detail) from None
        result = self.lookup(query)
        if result.status == "pending":
            raise DeliveryUnreachable("The insurance gateway cannot be reached.",
                                      detail=f"lookup still pending: {result.message}")
        update = EligibilityUpdate(query.checkin_id, result)
        # Queued, not sent from here: the update then has the outbox's guarantees, and a crash
        # between this enqueue and the lookup's ack re-enqueues under the same key (one item).
        self.outbox.enqueue(KIND_ELIGIBILITY_UPDATE, update.to_dict(), update.idempotency_key)
