"""A simulator of the VSS health-insurance gateway: a real HTTP server for testers, tests and the
demo, serving synthetic cards (cards.json) with switchable faults."""

from terminal.gateway_sim.cards import SimData, read_sim_data
from terminal.gateway_sim.faults import Faults
from terminal.gateway_sim.server import GatewaySimulator

#: The shipped data's account and registered staff member: public test values, not secrets.
DEMO_USERNAME = "sim-clinic"
DEMO_PASSWORD = "sim-password"
DEMO_STAFF_NAME = "Trần Thị Lan"
DEMO_STAFF_ID = "079185000123"

__all__ = ["DEMO_PASSWORD", "DEMO_STAFF_ID", "DEMO_STAFF_NAME", "DEMO_USERNAME", "Faults",
           "GatewaySimulator", "SimData", "read_sim_data"]
