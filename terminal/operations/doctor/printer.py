"""Doctor's slip printer check: the printer the config names answers, with paper and its cover
shut (a simulated one: its folder can be written)."""

from __future__ import annotations

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult
from terminal.errors import TerminalError
from terminal.slip.errors import PrinterFault
from terminal.slip.printer import SimulatedPrinter, open_printer

PART = "printer"
_WHAT_TO_DO = {
    PrinterFault.PAPER_OUT: "Load a new paper roll (80 mm thermal), then run `checkin print-test`.",
    PrinterFault.COVER_OPEN: "Close the printer's cover firmly, then run `checkin print-test`.",
    PrinterFault.OFFLINE: "Switch the printer on and check its cable or network address "
                          "(printer.host / usb_vendor+usb_product / serial_device).",
    PrinterFault.FAILED: "Switch the printer off and on; if it persists, call IT.",
}


def check_printer(config: Config) -> CheckResult:
    printer = open_printer(config)
    if printer is None:
        return CheckResult.passed(PART, "no slip printer configured (printer.kind = none)")
    try:
        printer.check()
        if isinstance(printer, SimulatedPrinter):
            printer.folder.mkdir(parents=True, exist_ok=True)
            probe = printer.folder / ".doctor-probe"
            probe.write_bytes(b"")
            probe.unlink()
    except TerminalError as exc:
        fault = getattr(exc, "fault", PrinterFault.FAILED)
        return CheckResult.failed(PART, exc.message, _WHAT_TO_DO.get(fault, _WHAT_TO_DO[
            PrinterFault.FAILED]), exc.detail)
    except OSError as exc:
        return CheckResult.failed(PART, "The simulated printer's folder cannot be written.",
                                  "Set printer.sim_dir to a folder the terminal can write.",
                                  repr(exc))
    where = (f"simulated, slips in {printer.folder}" if isinstance(printer, SimulatedPrinter)
             else f"{config.printer.kind} printer ready")
    return CheckResult.passed(PART, where)
