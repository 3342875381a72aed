"""Errors of the chip layer: each with a plain `message` a receptionist can act on and a `detail`
for developers. Neither ever holds an ID number, a name or key material in clear."""

from __future__ import annotations

from drivers.errors import DriverError


class ChipError(DriverError):
    """Base of everything that can go wrong reading a chip ID card."""

    default_message = "The card could not be read. Place it on the reader again."


class ReaderError(ChipError):
    """No reader, the reader was unplugged, or the PC/SC service is not running."""

    default_message = ("The card reader is not available. Check its cable; if it is plugged in, "
                       "call IT (PC/SC service).")


class NoCardError(ChipError):
    """No card came to the reader within the time allowed."""

    default_message = "No card on the reader. Place the ID card flat on the reader."


class CardRemovedError(ChipError):
    """The card left the field during a read; the next read starts afresh."""

    default_message = "The card was moved away during reading. Place it on the reader again and hold it still."


class AccessDataError(ChipError):
    """The access data (MRZ lines, typed fields, QR) is malformed or a check digit is wrong."""

    default_message = "The card details entered are not valid. Check them against the card."

    def __init__(self, message: str | None = None, detail: str = "", field: str = "") -> None:
        super().__init__(message, detail)
        self.field = field


class AccessDeniedError(ChipError):
    """The chip refused the access key (BAC/PACE mutual authentication failed)."""

    default_message = ("The card did not accept the details entered. Check the ID number, birth "
                       "date and expiry date against the card, then try again.")



class WrongPasswordError(AccessDeniedError):
    """PACE: the chip refused the password (CAN or MRZ). `tries_left` when the chip says (63Cx)."""

    def __init__(self, password: str = "CAN", tries_left: int | None = None,
                 message: str | None = None, detail: str = "") -> None:
        self.password = password
        self.tries_left = tries_left
        if message is None and password == "CAN":
            message = ("The card did not accept the 6-digit number. It is the last 6 digits of the "
                       "12-digit ID number on the card front: check them and try again.")
        if message is not None and tries_left is not None:
            message += f" Tries left before the card locks: {tries_left}."
        super().__init__(message, detail)


class PasswordSuspendedError(AccessDeniedError):
    """PACE: after wrong tries the chip suspended the password (63C1): one more wrong try blocks it."""

    default_message = ("The card has paused this number after wrong tries; one more wrong try locks "
                       "the chip. Check the digits on the card with the patient, or open the card "
                       "with its other details (scan its QR code or type ID number, birth date, "
                       "expiry date), which unlocks it.")

    def __init__(self, password: str = "CAN", message: str | None = None, detail: str = "") -> None:
        self.password = password
        super().__init__(message, detail)


class PasswordBlockedError(AccessDeniedError):
    """PACE: the chip blocked the password (63C0, 6983) or it is deactivated (6283)."""

    default_message = ("The card's chip has locked itself after too many wrong tries and cannot be "
                       "read here. Check the patient in by hand from the printed card; the citizen "
                       "must have the chip unlocked at the police ID office.")

    def __init__(self, password: str = "CAN", message: str | None = None, detail: str = "") -> None:
        self.password = password
        super().__init__(message, detail)


class PaceRefusedError(ChipError):
    """The chip does not offer PACE in a form this reader runs, or refused it (not the password):
    Basic Access Control may still open it, when the card's details are known."""

    default_message = ("The card refused the reader's secure connection. Place it on the reader "
                       "again; if it keeps failing, type the card's details (ID number, birth date, "
                       "expiry date) instead of its 6-digit number.")


class StatusWordError(ChipError):
    """The chip answered a command with an error status word."""

    def __init__(self, sw: int, message: str | None = None, detail: str = "") -> None:
        self.sw = sw
        super().__init__(message, detail or f"status word {sw:04X}")


class SecureMessagingError(ChipError):
    """A secure-messaging response failed its MAC or was malformed: the read cannot be trusted."""

    default_message = "The card's answer could not be verified. Place the card on the reader again."


class LdsError(ChipError):
    """A file read from the chip (EF.COM, DG1, DG2, DG13, EF.SOD) or its TLV structure is malformed."""

    default_message = "The card's data is damaged or not in the expected format. Ask the receptionist."


class SecurityInfosError(LdsError):
    """EF.CardAccess or DG14 (the chip's list of security protocols) is malformed."""


class ApduFormatError(ChipError):
    """Bytes that should be an APDU (command or response) are not one: too short, or lengths disagree."""

    default_message = "The card reader passed on a garbled message. Place the card on the reader again."


class WrongLengthError(StatusWordError):
    """The chip refused the command's length (6700, 6Cxx): e.g. a card without extended length."""

    default_message = "The card did not accept the reader's request size. Place the card on the reader again."


class SecurityStatusError(StatusWordError):
    """The chip refused to show protected data (6982): access control was not done or was lost."""

    default_message = "The card refused to show its data. Place it on the reader again."


class ChipFileNotFoundError(StatusWordError):
    """The chip has no such application or file (6A82)."""

    default_message = "This card does not hold the expected data. Check it is a chip ID card or passport."


class CardStalledError(ChipError):
    """The card kept the reader busy without finishing: answers that bring no data, far more
    commands than the file needs, or more time than a read may take (a faulty or hostile card)."""

    default_message = "The card is not giving its data. Take it off the reader and place it again."


class ReadCancelledError(ChipError):
    """The read was cancelled (the patient left, the receptionist cancelled) between two commands."""

    default_message = "Reading the card was cancelled."
