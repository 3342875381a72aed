"""A simulator of the VSS health-insurance gateway: a real HTTP server for testers, tests and the
demo, serving synthetic cards (cards.json) with switchable faults."""

from terminal.simulators.gateway.cards import SimData, read_sim_data
from terminal.simulators.gateway.faults import Faults
from terminal.simulators.gateway.server import GatewaySimulator

#: The shipped data's account and registered staff member: public test values, not secrets.
DEMO_USERNAME = "sim-clinic"
DEMO_PASSWORD = "sim-password"
DEMO_STAFF_NAME = "Trần Thị Lan"
DEMO_STAFF_ID = "079185000123"

__all__ = ["DEMO_PASSWORD", "DEMO_STAFF_ID", "DEMO_STAFF_NAME", "DEMO_USERNAME", "Faults",
           "GatewaySimulator", "SimData", "read_sim_data"]
