"""ISO/IEC 7816-4 APDUs: command encoding (short and extended Lc/Le), response parsing, status words
mapped to the chip errors, and the plain exchange that follows 61xx and 6Cxx."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from drivers.idcard.errors import (AccessDeniedError, ApduFormatError, ChipError,
                                   ChipFileNotFoundError, SecureMessagingError,
                                   SecurityStatusError, StatusWordError, WrongLengthError)

SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536
SHORT_MAX_LC = 255
EXTENDED_MAX_LC = 65535

SW_OK = 0x9000
#: "End of file reached before reading Le bytes": a warning, the data that was there came back.
SW_END_OF_FILE = 0x6282

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_READ_BINARY_ODD = 0xB1
INS_GET_CHALLENGE = 0x84
INS_EXTERNAL_AUTHENTICATE = 0x82
INS_GET_RESPONSE = 0xC0
#: A response can never exceed 64 KiB, i.e. 256 GET RESPONSEs of 256 bytes: more means a broken card.
_MAX_GET_RESPONSES = 257


class ByteTransport(Protocol):
    """Anything that carries one command APDU to the card and brings its response back."""

    def transmit(self, apdu: bytes) -> bytes: ...


@dataclass(frozen=True)
class CommandApdu:
    """A command APDU. `le` is the number of bytes expected back (None: none; 256 is the short
    maximum, encoded 00; 65536 the extended maximum, encoded 0000)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    #: Send with extended length fields even when short ones would do (it is not a different command).
    force_extended: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ApduFormatError(detail=f"{name} out of range")
        if len(self.data) > EXTENDED_MAX_LC:
            raise ApduFormatError(detail=f"command data of {len(self.data)} bytes")
        if self.le is not None and not 1 <= self.le <= EXTENDED_MAX_LE:
            raise ApduFormatError(detail=f"Le {self.le} out of range")

    @property
    def extended(self) -> bool:
        if not self.data and self.le is None:
            return False
        return (self.force_extended or len(self.data) > SHORT_MAX_LC
                or (self.le is not None and self.le > SHORT_MAX_LE))

    def to_bytes(self) -> bytes:
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.extended:
            body = b"\x00" if self.data or self.le is not None else b""
            if self.data:
                body += len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                body += (self.le % EXTENDED_MAX_LE).to_bytes(2, "big")
            return header + body
        body = bytes((len(self.data),)) + self.data if self.data else b""
        if self.le is not None:
            body += bytes((self.le % SHORT_MAX_LE,))
        return header + body

    @classmethod
    def from_bytes(cls, raw: bytes) -> CommandApdu:
        """Parse the ISO 7816-4 cases 1, 2S/E, 3S/E and 4S/E; anything else is an ApduFormatError."""
        if len(raw) < 4:
            raise ApduFormatError(detail=f"command of {len(raw)} bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or SHORT_MAX_LE)
        if body[0] != 0:
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, body[1:1 + lc], body[-1] or SHORT_MAX_LE)
            raise ApduFormatError(detail="short Lc does not match the command length")
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:], "big") or EXTENDED_MAX_LE,
                       force_extended=True)
        if len(body) < 3:
            raise ApduFormatError(detail="extended length field cut short")
        lc = int.from_bytes(body[1:3], "big")
        if lc and len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, body[3:], force_extended=True)
        if lc and len(body) == 5 + lc:
            return cls(cla, ins, p1, p2, body[3:3 + lc],
                       int.from_bytes(body[-2:], "big") or EXTENDED_MAX_LE, force_extended=True)
        raise ApduFormatError(detail="extended Lc does not match the command length")


@dataclass(frozen=True)
class ResponseApdu:
    """A response APDU: data and the two status bytes."""

    data: bytes
    sw: int

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise ApduFormatError(detail=f"response of {len(raw)} bytes has no status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @property
    def ok(self) -> bool:
        return self.sw in (SW_OK, SW_END_OF_FILE)

    def check(self, what: str) -> ResponseApdu:
        """Return self when the chip said yes; otherwise raise the error its status word means."""
        if not self.ok:
            raise error_for_status(self.sw, what)
        return self


# Plain words for the status words a reader meets; ISO 7816-4 section 5.6 and ICAO 9303-11.
_STATUS_ERRORS: dict[int, tuple[type[ChipError], str]] = {
    0x6300: (AccessDeniedError, "authentication failed"),
    0x6581: (StatusWordError, "memory failure"),
    0x6700: (WrongLengthError, "wrong length"),
    0x6881: (StatusWordError, "logical channel not supported"),
    0x6882: (SecureMessagingError, "secure messaging not supported"),
    0x6982: (SecurityStatusError, "security status not satisfied"),
    0x6983: (AccessDeniedError, "authentication method blocked"),
    0x6985: (SecurityStatusError, "conditions of use not satisfied"),
    # Not a security refusal: the card wants a file selected first (e.g. a short-EF-id READ BINARY
    # did not make the file current).
    0x6986: (StatusWordError, "command not allowed (no current EF)"),
    0x6987: (SecureMessagingError, "expected secure messaging data objects missing"),
    0x6988: (SecureMessagingError, "secure messaging data objects incorrect"),
    0x6A80: (StatusWordError, "incorrect data field"),
    0x6A82: (ChipFileNotFoundError, "file or application not found"),
    0x6A86: (StatusWordError, "incorrect P1-P2"),
    0x6A88: (ChipFileNotFoundError, "referenced data not found"),
    0x6B00: (StatusWordError, "offset outside the file"),
    0x6D00: (StatusWordError, "instruction not supported"),
    0x6E00: (StatusWordError, "class not supported"),
}


def error_for_status(sw: int, what: str) -> ChipError:
    """The typed error for an error status word met while doing `what` (e.g. "READ BINARY")."""
    kind, meaning = _STATUS_ERRORS.get(sw, (StatusWordError, "unexpected status"))
    if sw & 0xFF00 == 0x6C00:
        kind, meaning = WrongLengthError, f"wrong Le, {sw & 0xFF} bytes available"
    detail = f"{what}: status word {sw:04X} ({meaning})"
    if issubclass(kind, StatusWordError):
        return kind(sw, detail=detail)
    return kind(detail=detail)


def exchange(transport: ByteTransport, command: CommandApdu) -> ResponseApdu:
    """Send a command and return the card's whole answer: 61xx is followed by GET RESPONSE until
    the data is complete, and 6Cxx (wrong Le) is answered by resending once with the Le the card
    asked for. The status word is returned, not judged: callers decide with `check`."""
    response = ResponseApdu.from_bytes(transport.transmit(command.to_bytes()))
    if response.sw & 0xFF00 == 0x6C00 and command.le is not None:
        retry = CommandApdu(command.cla, command.ins, command.p1, command.p2, command.data,
                            (response.sw & 0xFF) or SHORT_MAX_LE)
        response = ResponseApdu.from_bytes(transport.transmit(retry.to_bytes()))
    data = response.data
    for _ in range(_MAX_GET_RESPONSES):
        if response.sw & 0xFF00 != 0x6100:
            return ResponseApdu(data, response.sw)
        get_response = CommandApdu(0x00, INS_GET_RESPONSE, 0, 0, le=(response.sw & 0xFF) or SHORT_MAX_LE)
        response = ResponseApdu.from_bytes(transport.transmit(get_response.to_bytes()))
        data += response.data
    raise ApduFormatError(detail=f"card kept answering 61xx after {_MAX_GET_RESPONSES} GET RESPONSEs")


class Channel(Protocol):
    """Where commands go: in plain, or wrapped by secure messaging (secure_messaging.SecureChannel).
    `short_read_max`: the most data one short READ BINARY can bring back on this channel."""

    @property
    def short_read_max(self) -> int: ...

    def exchange(self, command: CommandApdu) -> ResponseApdu: ...


class PlainChannel:
    """Commands in plain, before access control (SELECT of the application, EF.CardAccess, BAC)."""

    short_read_max = SHORT_MAX_LE

    def __init__(self, transport: ByteTransport) -> None:
        self.transport = transport

    def exchange(self, command: CommandApdu) -> ResponseApdu:
        return exchange(self.transport, command)
