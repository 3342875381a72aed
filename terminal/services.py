"""The outside services the config names (the VSS gateway, the clinic's HIS) or, where it names
none, the bundled simulators on loopback: the one place a simulator is started. The clients in
terminal/eligibility and terminal/delivery are given a URL and know no simulator."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from terminal.config import Config
from terminal.eligibility.client import GatewayClient, GatewaySettings
from terminal.eligibility.records import EligibilityQuery, EligibilityResult
from terminal.simulators.gateway import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME, DEMO_USERNAME,
                                  GatewaySimulator)
from terminal.simulators.his.server import HisSimulator
from terminal.secrets import read_secret

log = logging.getLogger(__name__)


@dataclass
class EligibilityService:
    """lookup(query) → EligibilityResult: a gateway client aimed at the configured gateway, or at
    the bundled simulator started for it (`simulator`, stopped on close)."""

    client: GatewayClient
    simulator: GatewaySimulator | None = None

    @property
    def base_url(self) -> str:
        return self.client.settings.base_url

    @property
    def simulated(self) -> bool:
        """True when the lookups go to the bundled simulator (no gateway configured)."""
        return self.simulator is not None

    def lookup(self, query: EligibilityQuery) -> EligibilityResult:
        return self.client.lookup(query)

    def close(self) -> None:
        self.client.close()
        if self.simulator is not None:
            self.simulator.stop()

    def __enter__(self) -> EligibilityService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_eligibility_service(config: Config) -> EligibilityService:
    """A service for config.gateway.base_url; when it is empty, the bundled simulator on
    127.0.0.1 (a free port) with its demo account and staff member."""
    if config.gateway.base_url:
        settings = GatewaySettings.from_config(config, read_secret("gateway.password", config))
        return EligibilityService(GatewayClient(settings))
    simulator = GatewaySimulator()
    base_url = simulator.start()
    log.info("no gateway configured: using the bundled simulator at %s", base_url)
    settings = dataclasses.replace(
        GatewaySettings.from_config(config, DEMO_PASSWORD), base_url=base_url,
        username=DEMO_USERNAME, staff_name=config.gateway.staff_name or DEMO_STAFF_NAME,
        staff_id=config.gateway.staff_id or DEMO_STAFF_ID)
    return EligibilityService(GatewayClient(settings), simulator)


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


def open_his(config: Config) -> His:
    """The configured HIS; when `[his] base_url` is empty, the bundled simulator on loopback. It
    keeps what it receives in memory only: a file would hold every patient's identity in clear;
    its queue numbers (check-in ids only) are kept in the data folder, so a restart goes on
    numbering where it was."""
    if config.his.base_url:
        return His(config.his.base_url)
    simulator = HisSimulator(numbers_path=config.data_dir / "his-sim-numbers.json")
    simulator.start()
    log.info("no HIS configured: bundled HIS simulator at %s", simulator.base_url)
    return His(simulator.base_url, simulator)
