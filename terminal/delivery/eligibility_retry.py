"""Deferred eligibility lookups (Decree 188/2025 Art 38: the patient was admitted as "card not
verified"): asked again of the gateway until it answers, the answer and its evidence queued for
the HIS as an update of the check-in it belongs to; a check-in still unverified at the end of
its day is flagged for the desk and the HIS, once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from offline_cache.outbox import Outbox, OutboxItem
from offline_cache.schema import PENDING
from terminal.delivery.checkin_payload import (FLAG_UNVERIFIED_AT_DAY_END,
                                               KIND_ELIGIBILITY_LOOKUP, KIND_ELIGIBILITY_UPDATE,
                                               CoveragePayload, EligibilityLookupPayload,
                                               EligibilityPayload, EligibilityUpdatePayload,
                                               EvidencePayload)
from terminal.delivery.errors import DeliveryRejected, DeliveryUnreachable, PayloadSchemaError
from terminal.eligibility import EligibilityQuery, QueryError
from terminal.eligibility.records import AskGateway, EligibilityStatus
from terminal.eligibility.replacement import CardAnswer, look_up

log = logging.getLogger(__name__)

#: The most waiting items one day-end sweep looks at (a day's check-ins fit many times over).
_SWEEP_LIMIT = 5000

@dataclass(frozen=True)
class DeferredAnswer:
    """What a deferred lookup came to, with the gateway calls behind it (raw, or failed) and
    the desk's decision on it (None: no verdict, or nobody to decide)."""

    eligibility: EligibilityPayload
    evidence: tuple[EvidencePayload, ...] = ()
    coverage: CoveragePayload | None = None


#: Asks the gateway; an answer whose status awaits a verdict (EligibilityStatus.awaits_verdict)
#: means it gave none on the card yet. A plain EligibilityPayload is an answer without evidence.
DeferredLookup = Callable[[EligibilityLookupPayload], DeferredAnswer | EligibilityPayload]

#: Told a check-in reached the end of its day with its card still not verified (the desk's
#: console flags it).
OnUnverified = Callable[[str], None]


#: Told a deferred lookup's verdict on the card: check-in id, the gateway's answer (a replaced
#: card followed to its new code, as at check-in; the app updates the check-in it still shows).
OnAnswer = Callable[[str, CardAnswer], None]

#: The desk's decision on a deferred verdict (terminal/checkin/outbox_sink.DeferredCoverage, over
#: coverage.py): the lookup as queued at check-in (its day, the slip answers), the answer.
Cover = Callable[[EligibilityLookupPayload, CardAnswer], CoveragePayload | None]


class GatewayLookup:
    """The deferred lookup over the app's eligibility lookup (the gateway client)."""

    def __init__(self, lookup: AskGateway, on_answer: OnAnswer | None = None,
                 cover: Cover | None = None) -> None:
        self.lookup = lookup
        self.on_answer = on_answer
        self.cover = cover

    def __call__(self, query: EligibilityLookupPayload) -> DeferredAnswer:
        try:
            asked = EligibilityQuery(full_name=query.full_name, birth_date=query.birth_date,
                                     id_number=query.id_number)
        except QueryError as exc:
            raise DeliveryRejected("A deferred insurance check has invalid details. Call IT.",
                                   detail=f"field {exc.field}: {exc.detail}") from None
        # A replaced card is looked up again by its new code, by the check-in's own rule.
        answer = look_up(self.lookup, asked)
        result = answer.result
        if self.on_answer is not None and not result.status.awaits_verdict:
            try:
                self.on_answer(query.checkin_id, answer)
            except Exception:  # the app's view is a convenience; the HIS update must still go
                log.exception("deferred eligibility answer not taken by the app")
        coverage = None
        if self.cover is not None and not result.status.awaits_verdict:
            coverage = self.cover(query, answer)
        return DeferredAnswer(EligibilityPayload.of(result.status, result.code, result.message_vi,
                                                    result.looked_up_at),
                              tuple(EvidencePayload.of(e) for e in answer.evidence), coverage)


class EligibilityRetry:
    """A destination of the sender for kind `eligibility_lookup`."""

    name = "insurance gateway"
    kinds = (KIND_ELIGIBILITY_LOOKUP,)

    def __init__(self, outbox: Outbox, lookup: DeferredLookup, *,
                 day_end: time | None = None, now: Callable[[], datetime] | None = None,
                 on_unverified: OnUnverified | None = None) -> None:
        """`day_end`: the local time from which a check-in of that day still unverified is
        flagged (None: never); `now` the wall clock (local, aware)."""
        self.outbox = outbox
        self.lookup = lookup
        self.day_end = day_end
        self.now = now or (lambda: datetime.now().astimezone())
        self.on_unverified = on_unverified

    def deliver(self, item: OutboxItem) -> None:
        try:
            query = EligibilityLookupPayload.from_dict(item.payload)
        except PayloadSchemaError as exc:
            raise DeliveryRejected("A deferred insurance check is damaged. Call IT.",
                                   detail=exc.detail) from None
        answer = self.lookup(query)
        if not isinstance(answer, DeferredAnswer):
            answer = DeferredAnswer(answer)
        result = answer.eligibility
        if EligibilityStatus(result.status).awaits_verdict:
            self._unverified(item, query, answer)
            raise DeliveryUnreachable("The insurance gateway gave no answer yet.",
                                      detail=f"lookup {result.status} (code {result.code or '-'})")
        update = EligibilityUpdatePayload(query.checkin_id, result, answer.evidence,
                                          coverage=answer.coverage)
        self._keep(query.checkin_id, "deferred_answer", answer)
        # Queued, not sent from here: the update then has the outbox's guarantees, and a crash
        # between this enqueue and the lookup's ack re-enqueues under the same key (one item).
        self.outbox.enqueue(KIND_ELIGIBILITY_UPDATE, update.to_dict(), update.idempotency_key)

    def _keep(self, checkin_id: str, label: str, answer: DeferredAnswer) -> None:
        self.outbox.keep_evidence(checkin_id, label, {
            "eligibility": asdict(answer.eligibility),
            "evidence": [asdict(e) for e in answer.evidence]})

    def _end_of_day(self, checked_in: datetime) -> datetime:
        """When the check-in's day ends: `day_end` that day, or midnight for a check-in made
        after it (an evening session)."""
        assert self.day_end is not None
        end = datetime.combine(checked_in.date(), self.day_end, checked_in.tzinfo)
        if checked_in >= end:
            end = datetime.combine(checked_in.date() + timedelta(days=1), time(0),
                                   checked_in.tzinfo)
        return end

    def _unverified(self, item: OutboxItem, query: EligibilityLookupPayload,
                    answer: DeferredAnswer) -> None:
        """No verdict again: the last failure is kept (one row, replaced); past the end of
        their day, every check-in still waiting for its lookup is flagged to the HIS and the
        desk, once (the flag's update has a key of its own). All of them, not this item alone:
        while the gateway is down the sender tries one item and holds the others back."""
        self._keep(query.checkin_id, "last_failure", answer)
        if self.day_end is None:
            return
        now = self.now()
        for entry in self.outbox.entries(PENDING, limit=_SWEEP_LIMIT):
            if entry.kind != KIND_ELIGIBILITY_LOOKUP:
                continue
            if now < self._end_of_day(datetime.fromtimestamp(entry.created_at, now.tzinfo)):
                continue
            checkin_id = entry.idempotency_key.split(":", 1)[0]
            flag = EligibilityUpdatePayload(checkin_id, answer.eligibility, answer.evidence,
                                            FLAG_UNVERIFIED_AT_DAY_END)
            if self.outbox.has_item(flag.idempotency_key):
                continue
            self.outbox.enqueue(KIND_ELIGIBILITY_UPDATE, flag.to_dict(), flag.idempotency_key)
            log.warning("check-in %s: card still not verified at the end of its day", checkin_id)
            if self.on_unverified is not None:
                try:
                    self.on_unverified(checkin_id)
                except Exception:  # the desk's view is a convenience; the HIS flag is queued
                    log.exception("day-end flag not taken by the app")
