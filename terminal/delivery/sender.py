"""The sender: background threads that drain the outbox into its destinations.

Each destination (the clinic HIS, the insurance gateway for deferred lookups) takes some item
kinds, and has a thread of its own that claims only those: a gateway slow to answer deferred
lookups never holds up check-ins going to the HIS. A destination that cannot be reached is
offline: its items are given back uncounted and it is tried again after a backoff with jitter;
the first success brings it back online. Offline is learnt from real delivery failures, never
from pings.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from offline_cache.errors import OutboxError
from offline_cache.outbox import Outbox, OutboxItem, RetryPolicy
from terminal.delivery.errors import DeliveryFailed, DeliveryRejected, DeliveryUnreachable
from terminal.privacy import mask_text

log = logging.getLogger(__name__)


class Destination(Protocol):
    """Where some kinds of item go; `deliver` raises a DeliveryError subclass when it fails."""

    name: str
    kinds: tuple[str, ...]

    def deliver(self, item: OutboxItem) -> None: ...


@dataclass(frozen=True)
class DeliveryState:
    """What the UI shows about delivery."""

    online: bool
    offline_destinations: tuple[str, ...]
    waiting: int
    dead: int
    oldest_waiting_age_s: float | None
    last_error: str | None


@dataclass
class _Reachability:
    failures: int = 0
    next_try: float = 0.0  # on the sender's monotonic clock


@dataclass(frozen=True)
class SenderSettings:
    batch: int = 10
    lease_s: float = 60.0
    idle_s: float = 1.0
    offline_backoff: RetryPolicy = field(
        default_factory=lambda: RetryPolicy(base_delay_s=1.0, max_delay_s=60.0))


@dataclass
class _Lane:
    """One destination and the thread that sends its items."""

    destination: Destination
    wake: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


class Sender:
    """Drains `outbox` into `destinations`, a background thread each (or one pass at a time)."""

    def __init__(self, outbox: Outbox, destinations: Sequence[Destination],
                 settings: SenderSettings = SenderSettings(), *,
                 clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None,
                 on_change: Callable[[DeliveryState], None] | None = None) -> None:
        self.outbox = outbox
        self.settings = settings
        self._lanes = [_Lane(d) for d in destinations]
        self._routed = tuple(kind for d in destinations for kind in d.kinds)
        self._reach = {d.name: _Reachability() for d in destinations}
        self._clock = clock
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._on_change = on_change
        self._stopping = threading.Event()
        self._last_error: str | None = None

    # -- the threads ----------------------------------------------------------------------------

    def start(self) -> None:
        if any(lane.thread is not None for lane in self._lanes):
            return
        self._stopping.clear()
        for n, lane in enumerate(self._lanes):
            name = ("outbox-sender" if len(self._lanes) == 1
                    else f"outbox-sender ({lane.destination.name})")
            lane.thread = threading.Thread(target=self._run, args=(lane, n == 0), name=name,
                                           daemon=True)
            lane.thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Finish the items in hand (bounded by the HTTP deadlines), give the rest back, stop."""
        self._stopping.set()
        for lane in self._lanes:
            lane.wake.set()
        ends_at = time.monotonic() + timeout_s
        for lane in self._lanes:
            if lane.thread is not None:
                lane.thread.join(max(0.0, ends_at - time.monotonic()))
                lane.thread = None

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        for lane in self._lanes:
            lane.wake.set()

    def _run(self, lane: _Lane, sweeps: bool) -> None:
        while not self._stopping.is_set():
            try:
                handled = self._pass(lane)
                if sweeps:  # one thread also dead-letters kinds no destination takes
                    handled += self._sweep_unrouted()
            except OutboxError as exc:  # the queue's own fault: say so, keep the thread alive
                if exc.message != self._last_error:  # once, not every second (a full disk)
                    log.error("outbox: %s (%s)", exc.message, exc.detail)
                self._last_error = exc.message
                handled = 0
            except Exception as exc:  # a bug must not end delivery silently
                log.exception("sender pass failed")
                self._last_error = f"{type(exc).__name__} in the sender"
                handled = 0
            if not handled:
                lane.wake.wait(self.settings.idle_s)
                lane.wake.clear()

    # -- one pass -------------------------------------------------------------------------------

    def run_once(self) -> int:
        """One pass for every destination, one after another (the threads run them side by
        side); returns how many items were handled."""
        return sum(self._pass(lane) for lane in self._lanes) + self._sweep_unrouted()

    def _pass(self, lane: _Lane) -> int:
        """Claim a batch of the lane's kinds and try each item."""
        settings = self.settings
        claimed_at = self._clock()
        items = self.outbox.claim(settings.batch, settings.lease_s,
                                  kinds=lane.destination.kinds)
        for n, item in enumerate(items):
            # Stop mid-batch on shutdown, or before the lease can run out under us.
            if self._stopping.is_set() or self._clock() - claimed_at > settings.lease_s / 2:
                for rest in items[n:]:
                    self.outbox.release(rest.id)
                return n
            self._deliver(lane.destination, item)
        if items:
            self._changed()
        return len(items)

    def _sweep_unrouted(self) -> int:
        items = self.outbox.claim(self.settings.batch, self.settings.lease_s,
                                  not_kinds=self._routed)
        for item in items:
            self.outbox.fail(item.id, f"no destination for items of kind {item.kind!r}",
                             permanent=True)
        return len(items)

    def _deliver(self, destination: Destination, item: OutboxItem) -> None:
        reach = self._reach[destination.name]
        now = self._clock()
        if reach.failures and now < reach.next_try:
            self.outbox.release(item.id, delay_s=reach.next_try - now)
            return
        try:
            destination.deliver(item)
        except DeliveryUnreachable as exc:
            self._went_offline(destination.name, reach, exc)
            self.outbox.release(item.id, exc.detail, delay_s=reach.next_try - self._clock())
            return
        except (DeliveryFailed, DeliveryRejected) as exc:
            self._record(exc.detail)
            self.outbox.fail(item.id, exc.detail, permanent=isinstance(exc, DeliveryRejected))
        except Exception as exc:  # a bug in a destination must not stop the queue
            log.exception("delivering outbox item %d to %s", item.id, destination.name)
            self._record(f"{type(exc).__name__} in {destination.name}")
            self.outbox.fail(item.id, f"unexpected {type(exc).__name__}: {mask_text(str(exc))}")
        else:
            self.outbox.ack(item.id)
        self._back_online(destination.name, reach)

    def _went_offline(self, name: str, reach: _Reachability, exc: DeliveryUnreachable) -> None:
        reach.failures += 1
        with self._rng_lock:
            delay = self.settings.offline_backoff.delay_s(reach.failures, self._rng)
        reach.next_try = self._clock() + delay
        self._record(exc.detail)
        if reach.failures == 1:
            log.warning("%s offline (%s); items wait in the outbox", name, exc.detail)
            self._changed()

    def _back_online(self, name: str, reach: _Reachability) -> None:
        if reach.failures:
            log.info("%s back online after %d failed tries", name, reach.failures)
            reach.failures = 0
            self._changed()

    def _record(self, error: str) -> None:
        self._last_error = mask_text(error)

    # -- state for the UI -----------------------------------------------------------------------

    def state(self) -> DeliveryState:
        stats = self.outbox.stats()
        offline = tuple(name for name, reach in self._reach.items() if reach.failures)
        return DeliveryState(online=not offline, offline_destinations=offline,
                             waiting=stats.waiting, dead=stats.dead,
                             oldest_waiting_age_s=stats.oldest_waiting_age_s,
                             last_error=self._last_error or stats.last_error)

    def _changed(self) -> None:
        if self._on_change is not None:
            try:
                self._on_change(self.state())
            except Exception:  # the listener's fault must not stop delivery
                log.exception("delivery state listener failed")
