"""Errors of the slip layer: a slip that cannot be made, a printer that cannot print."""

from __future__ import annotations

from enum import StrEnum

from terminal.errors import TerminalError


class SlipError(TerminalError):
    """A slip or its payment code cannot be made from what was given (a config value)."""


class PrinterFault(StrEnum):
    """Why the printer did not print; the kiosk words each, the console shows it."""

    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"        # not connected, switched off, not answering
    FAILED = "failed"          # it answered, but the print did not go through


class PrinterError(TerminalError):
    def __init__(self, fault: PrinterFault, message: str, detail: str = "") -> None:
        super().__init__(message, detail)
        self.fault = fault
