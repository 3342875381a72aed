"""The outside services the config names (the VSS gateway, the clinic's HIS) or, where it names
none, the bundled simulators on loopback: the one place a simulator is started. The clients in
terminal/eligibility and terminal/delivery are given a URL and know no simulator."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from dataclasses import dataclass

from offline_cache.errors import OutboxError
from offline_cache.key_store import default_key_store
from terminal.config import Config
from terminal.eligibility.client import GatewayClient, GatewaySettings
from terminal.eligibility.lookup_cache import LookupCache, LookupCounts
from terminal.eligibility.records import EligibilityQuery, EligibilityResult
from terminal.simulators.gateway import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME, DEMO_USERNAME,
                                  GatewaySimulator)
from terminal.simulators.his.hospital import Capacities
from terminal.simulators.his.server import HisSimulator
from terminal.secrets import read_secret

log = logging.getLogger(__name__)


@dataclass
class EligibilityService:
    """lookup(query) → EligibilityResult: a gateway client aimed at the configured gateway, or at
    the bundled simulator started for it (`simulator`, stopped on close); with `cache`, a card
    looked up minutes ago is answered from it unless `force_fresh` (quota care)."""

    client: GatewayClient
    simulator: GatewaySimulator | None = None
    cache: LookupCache | None = None

    @property
    def base_url(self) -> str:
        return self.client.settings.base_url

    @property
    def simulated(self) -> bool:
        """True when the lookups go to the bundled simulator (no gateway configured)."""
        return self.simulator is not None

    def lookup(self, query: EligibilityQuery, *, force_fresh: bool = False) -> EligibilityResult:
        """The answer kept from minutes ago for this person today, else (or with
        `force_fresh`: staff asked for a new lookup) the gateway's, counted and kept."""
        if self.cache is None:
            return self.client.lookup(query)
        if not force_fresh and (kept := self.cache.get(query)) is not None:
            return kept
        result = self.client.lookup(query)
        self.cache.put(query, result)
        return result

    def lookup_counts(self) -> LookupCounts | None:
        """Lookups in the last hour (gateway and cache), or None without a cache."""
        return None if self.cache is None else self.cache.counts()

    def close(self) -> None:
        self.client.close()
        if self.cache is not None:
            self.cache.close()
        if self.simulator is not None:
            self.simulator.stop()

    def __enter__(self) -> EligibilityService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_lookup_cache(config: Config, simulated: bool, scope: str = "") -> LookupCache:
    """The lookup cache: `gateway.cache_path` (else lookup_cache.sqlite3 in the data folder),
    its key beside it or in the OS keyring; in memory for the bundled simulator unless a path
    is configured (nothing about patients of a demo is left on disk)."""
    g = config.gateway
    if simulated and not g.cache_path:
        return LookupCache(None, g.cache_minutes * 60, quota_per_hour=g.quota_per_hour)
    path = config.lookup_cache_path
    try:
        return LookupCache(path, g.cache_minutes * 60, key_store=default_key_store(path),
                           quota_per_hour=g.quota_per_hour, scope=scope)
    except (sqlite3.Error, OSError, OutboxError) as exc:
        # Lookups must go on: without the file, answers and counts live in memory until restart.
        log.error("lookup cache %s cannot be used (%s: %s): kept in memory until restart",
                  path, type(exc).__name__, getattr(exc, "detail", "") or exc)
        return LookupCache(None, g.cache_minutes * 60, quota_per_hour=g.quota_per_hour)


def open_eligibility_service(config: Config) -> EligibilityService:
    """A service for config.gateway.base_url; when it is empty, the bundled simulator on
    127.0.0.1 (a free port) with its demo account and staff member."""
    if config.gateway.base_url:
        settings = GatewaySettings.from_config(config, read_secret("gateway.password", config))
        client = GatewayClient(settings)
        try:
            cache = open_lookup_cache(config, simulated=False,
                                      scope=f"{settings.base_url} {settings.username}")
            return EligibilityService(client, cache=cache)
        except BaseException:
            client.close()
            raise
    simulator = GatewaySimulator()
    base_url = simulator.start()
    log.info("no gateway configured: using the bundled simulator at %s", base_url)
    settings = dataclasses.replace(
        GatewaySettings.from_config(config, DEMO_PASSWORD), base_url=base_url,
        username=DEMO_USERNAME, staff_name=config.gateway.staff_name or DEMO_STAFF_NAME,
        staff_id=config.gateway.staff_id or DEMO_STAFF_ID)
    try:
        cache = open_lookup_cache(config, simulated=True)
    except BaseException:
        simulator.stop()
        raise
    return EligibilityService(GatewayClient(settings), simulator, cache)


@dataclass
class His:
    """Where check-ins are delivered: `[his] base_url`, or the bundled HIS simulator started for
    it (`simulator`, stopped on close)."""

    base_url: str
    simulator: HisSimulator | None = None

    @property
    def simulated(self) -> bool:
        return self.simulator is not None

    def close(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()

    def __enter__(self) -> His:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_his(config: Config, capacities: Capacities | None = None) -> His:
    """The configured HIS; when `[his] base_url` is empty, the bundled simulator on loopback. It
    keeps what it receives in memory only: a file would hold every patient's identity in clear;
    its queue numbers (check-in ids only) are kept in the data folder, so a restart goes on
    numbering where it was; `capacities` (the clinic's rooms) it holds across all kiosks."""
    if config.his.base_url:
        return His(config.his.base_url)
    simulator = HisSimulator(numbers_path=config.data_dir / "his-sim-numbers.json",
                             capacities=capacities)
    simulator.start()
    log.info("no HIS configured: bundled HIS simulator at %s", simulator.base_url)
    return His(simulator.base_url, simulator)
