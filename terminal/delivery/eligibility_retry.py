"""Deferred eligibility lookups: asked again of the gateway when it is back, and the answer
queued for the HIS as an update of the check-in it belongs to."""

from __future__ import annotations

import logging
from collections.abc import Callable

from offline_cache.outbox import Outbox, OutboxItem
from terminal.delivery.checkin_payload import (KIND_ELIGIBILITY_LOOKUP, KIND_ELIGIBILITY_UPDATE,
                                               EligibilityLookupPayload, EligibilityPayload,
                                               EligibilityUpdatePayload)
from terminal.delivery.errors import DeliveryRejected, DeliveryUnreachable, PayloadSchemaError
from terminal.eligibility import EligibilityQuery, EligibilityResult, QueryError
from terminal.eligibility.records import AskGateway, EligibilityStatus

log = logging.getLogger(__name__)

#: Asks the gateway; an answer whose status awaits a verdict (EligibilityStatus.awaits_verdict)
#: means it gave none on the card yet.
DeferredLookup = Callable[[EligibilityLookupPayload], EligibilityPayload]


#: Told a deferred lookup's verdict on the card: check-in id, the service's answer (the app
#: updates the check-in it still shows).
OnAnswer = Callable[[str, EligibilityResult], None]


class GatewayLookup:
    """The deferred lookup over the app's eligibility lookup (the gateway client)."""

    def __init__(self, lookup: AskGateway, on_answer: OnAnswer | None = None) -> None:
        self.lookup = lookup
        self.on_answer = on_answer

    def __call__(self, query: EligibilityLookupPayload) -> EligibilityPayload:
        try:
            asked = EligibilityQuery(full_name=query.full_name, birth_date=query.birth_date,
                                     id_number=query.id_number)
        except QueryError as exc:
            raise DeliveryRejected("A deferred insurance check has invalid details. Call IT.",
                                   detail=f"field {exc.field}: {exc.detail}") from None
        result = self.lookup(asked)
        if self.on_answer is not None and not result.status.awaits_verdict:
            try:
                self.on_answer(query.checkin_id, result)
            except Exception:  # the app's view is a convenience; the HIS update must still go
                log.exception("deferred eligibility answer not taken by the app")
        return EligibilityPayload.of(result.status, result.code, result.message_vi,
                                     result.looked_up_at)


class EligibilityRetry:
    """A destination of the sender for kind `eligibility_lookup`."""

    name = "insurance gateway"
    kinds = (KIND_ELIGIBILITY_LOOKUP,)

    def __init__(self, outbox: Outbox, lookup: DeferredLookup) -> None:
        self.outbox = outbox
        self.lookup = lookup

    def deliver(self, item: OutboxItem) -> None:
        try:
            query = EligibilityLookupPayload.from_dict(item.payload)
        except PayloadSchemaError as exc:
            raise DeliveryRejected("A deferred insurance check is damaged. Call IT.",
                                   detail=exc.detail) from None
        result = self.lookup(query)
        if EligibilityStatus(result.status).awaits_verdict:
            raise DeliveryUnreachable("The insurance gateway gave no answer yet.",
                                      detail=f"lookup {result.status} (code {result.code or '-'})")
        update = EligibilityUpdatePayload(query.checkin_id, result)
        # Queued, not sent from here: the update then has the outbox's guarantees, and a crash
        # between this enqueue and the lookup's ack re-enqueues under the same key (one item).
        self.outbox.enqueue(KIND_ELIGIBILITY_UPDATE, update.to_dict(), update.idempotency_key)
