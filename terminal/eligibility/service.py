"""The eligibility service the check-in workflow and the demo use: a gateway client, aimed at the
configured gateway, or at the bundled simulator started on loopback when no gateway is set."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from terminal.config import Config
from terminal.eligibility.client import GatewayClient, GatewaySettings
from terminal.eligibility.records import EligibilityQuery, EligibilityResult
from terminal.secrets import read_secret

if TYPE_CHECKING:
    from terminal.gateway_sim import GatewaySimulator

log = logging.getLogger(__name__)


class EligibilityService:
    """lookup(query) → EligibilityResult; a context manager that also stops its simulator."""

    def __init__(self, client: GatewayClient, simulator: GatewaySimulator | None = None) -> None:
        self.client = client
        self.simulator = simulator

    @property
    def base_url(self) -> str:
        return self.client.settings.base_url

    @property
    def simulated(self) -> bool:
        """True when this service runs its own gateway simulator (the embedded default)."""
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
    # Imported here: the simulator reads this package's code table, so a top-level import
    # would be circular; and a configured gateway never needs it.
    from terminal.gateway_sim import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME,
                                      DEMO_USERNAME, GatewaySimulator)

    simulator = GatewaySimulator()
    base_url = simulator.start()
    log.info("no gateway configured: using the bundled simulator at %s", base_url)
    settings = dataclasses.replace(
        GatewaySettings.from_config(config, DEMO_PASSWORD), base_url=base_url,
        username=DEMO_USERNAME, staff_name=config.gateway.staff_name or DEMO_STAFF_NAME,
        staff_id=config.gateway.staff_id or DEMO_STAFF_ID)
    return EligibilityService(GatewayClient(settings), simulator)
