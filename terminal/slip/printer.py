"""The printers a slip goes to: an ESC/POS thermal printer through python-escpos (network, USB,
serial), or the simulated printer that writes each slip as a PNG (testers, tests, `checkin
print-test`). Each says paper out / cover open / offline as a PrinterError with its fault."""

from __future__ import annotations

import itertools
import threading
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PIL import Image

from terminal.config import Config
from terminal.slip.errors import PrinterError, PrinterFault

_WORDS = {PrinterFault.PAPER_OUT: "The slip printer is out of paper.",
          PrinterFault.COVER_OPEN: "The slip printer's cover is open.",
          PrinterFault.OFFLINE: "The slip printer does not answer (switched off or unplugged).",
          PrinterFault.FAILED: "The slip printer did not print."}


def fault_error(fault: PrinterFault, detail: str = "") -> PrinterError:
    return PrinterError(fault, _WORDS[fault], detail)


class SlipPrinter(Protocol):
    def print_image(self, image: Image.Image, name: str) -> str:
        """Print; returns where it went (a PNG path, or the printer's address)."""

    def check(self) -> None:
        """PrinterError when it cannot print now (for `doctor` and before printing)."""


class SimulatedPrinter:
    """Writes each slip as `<folder>/<time>-<name>.png`; `fault` makes it fail as a real one."""

    def __init__(self, folder: Path, fault: PrinterFault | None = None) -> None:
        self.folder = folder
        self.fault = fault
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def check(self) -> None:
        if self.fault is not None:
            raise fault_error(self.fault, "simulated")

    def print_image(self, image: Image.Image, name: str) -> str:
        self.check()
        with self._lock:
            n = next(self._seq)
        self.folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c for c in name if c.isalnum() or c in "-_")[:40] or "slip"
        path = self.folder / f"{datetime.now():%Y%m%d-%H%M%S}-{n:04d}-{safe}.png"
        try:
            image.save(path)
        except OSError as exc:
            raise fault_error(PrinterFault.FAILED, f"{path}: {exc!r}") from exc
        return str(path)


class EscposPrinter:
    """A real ESC/POS printer. The slip goes as a raster image (GS v 0), then a cut."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._lock = threading.Lock()

    def _open(self):
        from escpos import printer as escpos_printer  # imported only for a real printer

        c = self._config.printer
        if c.kind == "network":
            return escpos_printer.Network(c.host, port=c.port, timeout=c.timeout_s)
        if c.kind == "usb":
            return escpos_printer.Usb(int(c.usb_vendor, 16), int(c.usb_product, 16))
        return escpos_printer.Serial(devfile=c.serial_device, baudrate=c.baudrate,
                                     timeout=c.timeout_s)

    def check(self) -> None:
        with self._lock:
            device = self._connect()
            try:
                self._status(device)
            finally:
                _close(device)

    def print_image(self, image: Image.Image, name: str) -> str:
        with self._lock:
            device = self._connect()
            try:
                self._status(device)
                try:
                    device.image(image, impl="bitImageRaster", center=True)
                    device.cut()
                except Exception as exc:  # noqa: BLE001 - the library raises many kinds
                    raise fault_error(PrinterFault.FAILED, repr(exc)) from exc
            finally:
                _close(device)
        return f"{self._config.printer.kind}:{self._config.printer.host or self._config.printer.serial_device}"

    def _connect(self):
        try:
            device = self._open()
            if hasattr(device, "open") and getattr(device, "device", None) is None:
                device.open()
            return device
        except Exception as exc:  # noqa: BLE001 - socket, USB and serial errors alike
            raise fault_error(PrinterFault.OFFLINE, repr(exc)) from exc

    @staticmethod
    def _status(device) -> None:
        """Paper and online status as the printer reports them (DLE EOT); a printer that does
        not answer the query is taken as ready (many network ones never answer)."""
        try:
            online = device.is_online()
            paper = device.paper_status()  # 0 out, 1 near end, 2 ok
        except Exception:  # noqa: BLE001 - no status support
            return
        if paper == 0:
            raise fault_error(PrinterFault.PAPER_OUT, "paper_status 0")
        if online is False:
            raise fault_error(PrinterFault.COVER_OPEN, "offline status (cover open or error)")


def _close(device) -> None:
    try:
        device.close()
    except Exception:  # noqa: BLE001 - closing a broken connection
        pass


def open_printer(config: Config) -> SlipPrinter | None:
    """The printer the config names (None: kind = none)."""
    kind = config.printer.kind
    if kind == "none":
        return None
    if kind == "simulated":
        folder = (Path(config.printer.sim_dir).expanduser() if config.printer.sim_dir
                  else config.data_dir / "slips")
        fault = PrinterFault(config.printer.sim_fault) if config.printer.sim_fault else None
        return SimulatedPrinter(folder, fault)
    return EscposPrinter(config)
