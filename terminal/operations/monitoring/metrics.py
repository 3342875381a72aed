"""The kiosk's Prometheus metrics, fed from the seams that already exist: check-in events (a
Listener), the eligibility lookup callable, the outbox sender's deliveries, and at scrape time
the outbox's counts, the device board, the trust store and the gateway lookups of the last hour.
Every sample carries the kiosk's id and site; no label ever holds anything about a patient
(labels are codes from closed sets)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

from offline_cache.errors import OutboxError
from offline_cache.outbox import Outbox, OutboxItem
from terminal.operations.build_info import BuildInfo
from terminal.checkin import events as ev
from terminal.checkin.records import CheckinRecord, CheckinState, DeviceStatus, Health, Step
from terminal.delivery.checkin_payload import (KIND_CHECKIN, KIND_ELIGIBILITY_LOOKUP,
                                               KIND_ELIGIBILITY_UPDATE)
from terminal.eligibility.lookup_cache import LookupCounts
from terminal.eligibility.records import EligibilityStatus

#: Outcomes counted by checkin_checkins_total (where a check-in ended, or waits for staff).
OUTCOMES = tuple(s.value for s in (CheckinState.DONE, CheckinState.REVIEW, CheckinState.REJECTED,
                                   CheckinState.CANCELLED, CheckinState.FAILED))
#: Steps timed by checkin_step_duration_seconds: the workflow's steps, plus `card_read`
#: (read_identity + read_photo: the chip, start to end) and `card_to_result` (= total).
STEPS = tuple(s.value for s in Step if s is not Step.TOTAL) + ("card_read", "card_to_result")
#: Result classes of checkin_gateway_lookups_total: the eligibility classes, and `error` for a
#: lookup that raised.
LOOKUP_RESULTS = tuple(s.value for s in EligibilityStatus
                       if s is not EligibilityStatus.NOT_CHECKED) + ("error",)
#: Kinds of checkin_his_deliveries_total: the outbox's item kinds.
DELIVERY_KINDS = (KIND_CHECKIN, KIND_ELIGIBILITY_UPDATE, KIND_ELIGIBILITY_LOOKUP)
_STEP_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60)
_LAG_BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600)


@dataclass(frozen=True)
class KioskLabels:
    """The labels on every sample: which kiosk, where."""

    kiosk: str
    site: str


class _WithKioskLabels(Collector):
    """Re-exports a registry's metrics with the kiosk's labels on every sample (and without the
    `_created` samples, which only make the scrape bigger)."""

    def __init__(self, inner: CollectorRegistry, labels: KioskLabels) -> None:
        self._inner = inner
        self._labels = {"kiosk": labels.kiosk, "site": labels.site}

    def collect(self) -> Iterator[Metric]:
        for family in self._inner.collect():
            out = Metric(family.name, family.documentation, family.type, family.unit)
            out.samples = [s._replace(labels={**self._labels, **s.labels})
                           for s in family.samples if not s.name.endswith("_created")]
            yield out


class _ScrapeState(Collector):
    """What is read at scrape time: the outbox's counts, the devices, the trust store, the clock."""

    def __init__(self, build: BuildInfo) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._outbox: Outbox | None = None
        self._statuses: Callable[[], list[DeviceStatus]] | None = None
        self._trust_expiry: float | None = None
        self._lookup_counts: Callable[[], LookupCounts | None] | None = None

    def watch(self, outbox: Outbox | None, statuses: Callable[[], list[DeviceStatus]] | None,
              trust_expiry: float | None,
              lookup_counts: Callable[[], LookupCounts | None] | None = None) -> None:
        with self._lock:
            self._outbox, self._statuses, self._trust_expiry = outbox, statuses, trust_expiry
            self._lookup_counts = lookup_counts

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            outbox, statuses, trust_expiry = self._outbox, self._statuses, self._trust_expiry
            lookup_counts = self._lookup_counts
        info = InfoMetricFamily("checkin_build", "The running build of the check-in terminal.")
        info.add_metric([], {"version": self._build.version, "commit": self._build.commit,
                             "build_date": self._build.build_date or "source"})
        yield info
        yield GaugeMetricFamily("checkin_clock_seconds", "The kiosk's clock (Unix time) when "
                                "scraped; compare with the scrape's own time for clock skew.",
                                value=time.time())
        if outbox is not None:
            yield from _outbox_metrics(outbox)
        if statuses is not None:
            yield from _device_metrics(statuses())
        if trust_expiry is not None:
            yield GaugeMetricFamily("checkin_trust_store_nearest_expiry_timestamp_seconds",
                                    "When the first CSCA certificate of the trust store expires "
                                    "(Unix time).", value=trust_expiry)
        counts = lookup_counts() if lookup_counts is not None else None
        if counts is not None:
            yield from _lookup_count_metrics(counts)


def _outbox_metrics(outbox: Outbox) -> Iterator[Metric]:
    up = GaugeMetricFamily("checkin_outbox_up", "1 when the outbox can be read, else 0.")
    try:
        stats = outbox.stats()
    except OutboxError:
        up.add_metric([], 0)
        yield up
        return
    up.add_metric([], 1)
    yield up
    yield GaugeMetricFamily("checkin_outbox_depth", "Items waiting to be delivered (HIS "
                            "check-ins, deferred lookups, updates).", value=stats.waiting)
    yield GaugeMetricFamily("checkin_outbox_in_flight", "Items being delivered now.",
                            value=stats.in_flight)
    yield GaugeMetricFamily("checkin_outbox_dead_letters", "Items given up on after "
                            "queue.max_attempts tries: staff must look at them.", value=stats.dead)
    yield GaugeMetricFamily("checkin_outbox_oldest_item_age_seconds", "Age of the oldest waiting "
                            "item; 0 when none waits.", value=stats.oldest_waiting_age_s or 0.0)


def _lookup_count_metrics(counts: LookupCounts) -> Iterator[Metric]:
    """The account's lookups of the last hour (the gateway limits them per account)."""
    hour = GaugeMetricFamily("checkin_gateway_lookups_last_hour", "Card lookups in the last "
                             "hour: sent to the gateway, or answered from the lookup cache.",
                             labels=["source"])
    hour.add_metric(["gateway"], counts.gateway_last_hour)
    hour.add_metric(["cache"], counts.cache_last_hour)
    yield hour
    if counts.quota_per_hour:
        yield GaugeMetricFamily("checkin_gateway_quota_per_hour", "The account's lookup limit "
                                "per hour (gateway.quota_per_hour).", value=counts.quota_per_hour)


def _device_metrics(statuses: list[DeviceStatus]) -> Iterator[Metric]:
    up = GaugeMetricFamily("checkin_device_up", "0 when the device or service is down, else 1 "
                           "(also before first use: see checkin_device_health).",
                           labels=["device"])
    health = GaugeMetricFamily("checkin_device_health", "1 for the device's current health "
                               "(ok, degraded, down, unknown = not used since start), 0 for the "
                               "others.", labels=["device", "health"])
    error = GaugeMetricFamily("checkin_device_last_error_info", "The class of the device's last "
                              "error (a code, never a message).", labels=["device", "error_class"])
    for status in statuses:
        device = status.device.value
        up.add_metric([device], 0 if status.health is Health.DOWN else 1)
        for h in Health:
            health.add_metric([device, h.value], 1 if status.health is h else 0)
        if status.last_error:
            error.add_metric([device, status.last_error_code or "error"], 1)
    yield from (up, health, error)


class KioskMetrics:
    """The registry of one kiosk process. It outlives the terminals built in it (the demo builds
    one per check-in), so counters add up over the process."""

    def __init__(self, labels: KioskLabels, build: BuildInfo) -> None:
        inner = CollectorRegistry(auto_describe=True)
        self.checkins = Counter("checkin_checkins", "Check-ins by how they ended.", ["outcome"],
                                registry=inner)
        self.steps = Histogram("checkin_step_duration_seconds", "Time of each check-in step.",
                               ["step"], buckets=_STEP_BUCKETS, registry=inner)
        self.lookups = Counter("checkin_gateway_lookups", "Eligibility lookups at the insurance "
                               "gateway by result class.", ["result"], registry=inner)
        self.lookup_seconds = Histogram("checkin_gateway_lookup_duration_seconds", "Time of one "
                                        "eligibility lookup, whatever its result.",
                                        buckets=_STEP_BUCKETS, registry=inner)
        self.cache_hits = Counter("checkin_gateway_cache_hits", "Eligibility lookups answered "
                                  "from the short-lived lookup cache, not sent to the gateway.",
                                  registry=inner)
        self.deliveries = Counter("checkin_his_deliveries", "Items delivered from the outbox, "
                                  "by kind.", ["kind"], registry=inner)
        self.delivery_lag = Histogram("checkin_his_delivery_lag_seconds", "From queued to "
                                      "delivered, per item.", ["kind"], buckets=_LAG_BUCKETS,
                                      registry=inner)
        for outcome in OUTCOMES:  # zero from the start, so rates and alerts see every series
            self.checkins.labels(outcome)
        for result in LOOKUP_RESULTS:
            self.lookups.labels(result)
        for kind in DELIVERY_KINDS:  # "nothing delivered for 15 min" needs the zero
            self.deliveries.labels(kind)
        self._state = _ScrapeState(build)
        inner.register(self._state)
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(_WithKioskLabels(inner, labels))

    # -- the seams ---------------------------------------------------------------------------

    def listener(self, event: ev.Event) -> None:
        """A check-in Listener: counts each finished check-in and times its steps."""
        if isinstance(event, ev.CheckinFinished):
            self.finished(event.record)

    def finished(self, record: CheckinRecord) -> None:
        if record.state.value in OUTCOMES:
            self.checkins.labels(record.state.value).inc()
        ms = record.step_ms
        for step, value in ms.items():
            name = "card_to_result" if step == Step.TOTAL.value else step
            self.steps.labels(name).observe(value / 1000)
        if Step.READ_IDENTITY.value in ms and Step.READ_PHOTO.value in ms:
            self.steps.labels("card_read").observe(
                (ms[Step.READ_IDENTITY.value] + ms[Step.READ_PHOTO.value]) / 1000)

    def timed_lookup(self, lookup: Callable) -> Callable:
        """The eligibility lookup, counted by result class and timed (at check-in and deferred)."""
        def counted(query, **options):
            start = time.perf_counter()
            try:
                result = lookup(query, **options)
            except BaseException:
                self.lookups.labels("error").inc()
                self.lookup_seconds.observe(time.perf_counter() - start)
                raise
            if getattr(result, "from_cache", False):  # no lookup at the gateway
                self.cache_hits.inc()
                return result
            self.lookup_seconds.observe(time.perf_counter() - start)
            status = getattr(result, "status", None)
            self.lookups.labels(status.value if isinstance(status, EligibilityStatus)
                                and status.value in LOOKUP_RESULTS else "error").inc()
            return result
        return counted

    def delivered(self, item: OutboxItem, now: float | None = None) -> None:
        """The sender delivered `item` (queued at item.created_at, Unix time)."""
        now = time.time() if now is None else now
        self.deliveries.labels(item.kind).inc()
        self.delivery_lag.labels(item.kind).observe(max(0.0, now - item.created_at))

    def watch(self, outbox: Outbox | None = None,
              statuses: Callable[[], list[DeviceStatus]] | None = None,
              trust_expiry: float | None = None,
              lookup_counts: Callable[[], LookupCounts | None] | None = None) -> None:
        """Read these at scrape time (the running terminal's); `watch()` forgets them."""
        self._state.watch(outbox, statuses, trust_expiry, lookup_counts)

