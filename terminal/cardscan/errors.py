"""Errors of reading the card by camera, each with a plain `message` and a developer `detail`."""

from __future__ import annotations

from terminal.errors import TerminalError


class CardScanError(TerminalError):
    """Base of card-scan errors: the receptionist can always type the card's details instead."""

    default_message = ("The card could not be read by the camera. Receptionist, please type the "
                       "ID number, birth date and expiry date.")

    def __init__(self, message: str | None = None, detail: str = "") -> None:
        super().__init__(message or self.default_message, detail)


class NoQrFoundError(CardScanError):
    """No QR code was seen in time (card not shown, too far, glare)."""

    default_message = ("No QR code seen. Hold the front of the card flat in front of the camera, "
                       "or receptionist, please type the card's details.")


class ScanCancelledError(CardScanError):
    """The scan was stopped before a QR code was read (its check-in was cancelled)."""

    default_message = "The card scan was cancelled."


class NotCccdQrError(CardScanError):
    """A QR code was read but it is not a CCCD's (another card, a web link, garbled fields)."""

    default_message = ("This QR code is not a citizen ID card's. Show the front of the ID card, or "
                       "receptionist, please type the card's details.")

