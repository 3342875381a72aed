"""The bundled clinic HIS simulator: receives check-ins over HTTP, fails on demand."""

from terminal.simulators.his.hospital import HisSimError, ReceivedCheckin
from terminal.simulators.his.server import HisSimulator

__all__ = ["HisSimError", "HisSimulator", "ReceivedCheckin"]
