"""`checkin doctor`: checks each part of a kiosk in turn and says what to do when one fails."""

from terminal.operations.doctor.result import CheckResult
from terminal.operations.doctor.run import CHECKS, run_check, run_doctor

__all__ = ["CHECKS", "CheckResult", "run_check", "run_doctor"]
