"""The PC/SC card transport (pyscard's thin `smartcard.scard` layer over pcscd or WinSCard):
pick a reader, wait for a card with a timeout, move APDUs, watch insertions and removals, and turn
PC/SC failures into chip errors: card pulled → CardRemovedError, reader or service gone →
ReaderError. Every failure drops the connection, so the next `connect` starts clean, and a reader
that comes back (or a restarted PC/SC service) is picked up again."""

from __future__ import annotations

import logging
import time

from smartcard import scard

from drivers.idcard.errors import (CardRemovedError, ChipError, NoCardError, ReaderError,
                                   WrongLengthError)

log = logging.getLogger(__name__)

_SHORT_APDU_MAX = 261  # 4 header + 1 Lc + 255 data + 1 Le: anything longer is extended length
_WAIT_SLICE_MS = 250
#: After a card left mid-read, how long the next connect lets the reader notice (pcscd polls).
_REMOVAL_SETTLE_S = 1.0

_CARD_GONE = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_RESET_CARD,
              scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_W_UNRESPONSIVE_CARD}
_READER_GONE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED,
                scard.SCARD_E_NO_READERS_AVAILABLE, scard.SCARD_E_UNKNOWN_READER,
                scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_INVALID_HANDLE,
                scard.SCARD_F_COMM_ERROR, scard.SCARD_E_UNKNOWN_RES_MNG}


def _code(hresult: int) -> int:
    return hresult & 0xFFFFFFFF


def _describe(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult)} (0x{_code(hresult):08X})"


def _reader_error(hresult: int, what: str) -> ReaderError:
    if _code(hresult) in (_code(scard.SCARD_E_NO_SERVICE), _code(scard.SCARD_E_SERVICE_STOPPED)):
        return ReaderError("The card reader service is not running. Call IT (PC/SC service, pcscd).",
                           detail=f"{what}: {_describe(hresult)}")
    return ReaderError(detail=f"{what}: {_describe(hresult)}")


def _codes(values: set[int]) -> set[int]:
    return {_code(value) for value in values}


_CARD_GONE_CODES = _codes(_CARD_GONE)
_READER_GONE_CODES = _codes(_READER_GONE)


def _establish() -> int:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise _reader_error(hresult, "SCardEstablishContext")
    return context


def _list(context: int) -> list[str]:
    hresult, readers = scard.SCardListReaders(context, [])
    if _code(hresult) == _code(scard.SCARD_E_NO_READERS_AVAILABLE):
        return []
    if hresult != scard.SCARD_S_SUCCESS:
        raise _reader_error(hresult, "SCardListReaders")
    return list(readers)


def list_readers() -> list[str]:
    """The names of the attached readers; ReaderError when the PC/SC service is not running."""
    context = _establish()
    try:
        return _list(context)
    finally:
        scard.SCardReleaseContext(context)


def pick_reader(readers: list[str], name: str = "") -> str:
    """The first reader whose name contains `name` (case-insensitive); the first one when empty."""
    matching = [reader for reader in readers if name.lower() in reader.lower()]
    if not matching:
        wanted = f" matching {name!r}" if name else ""
        raise ReaderError(detail=f"no reader{wanted} among {readers}")
    return matching[0]


class PcscTransport:
    """A card on a PC/SC reader. `reader`: part of the reader's name ("" = the first reader);
    `timeout_s`: how long `connect` waits for a card before NoCardError."""

    def __init__(self, reader: str = "", timeout_s: float = 30.0) -> None:
        self.reader_filter = reader
        self.timeout_s = timeout_s
        self.reader_name: str | None = None
        self._context: int | None = None
        self._card: int | None = None
        #: Set when the card left mid-read: the next connect first lets the reader see it gone.
        self._removed = False
        self._protocol = scard.SCARD_PCI_T1
        #: The ATR of the card connected last (empty before the first connect).
        self.atr = b""

    def _ensure_context(self) -> int:
        if self._context is None:
            self._context = _establish()
        return self._context

    def _pick(self) -> str:
        try:
            readers = _list(self._ensure_context())
        except ReaderError:
            # A context from before a PC/SC service restart stays dead: try once with a new one.
            self._drop(context=True)
            readers = _list(self._ensure_context())
        self.reader_name = pick_reader(readers, self.reader_filter)
        return self.reader_name

    def _state(self, timeout_ms: int, known: int) -> int:
        """The reader's state once it differs from `known` or `timeout_ms` passed."""
        assert self.reader_name is not None
        hresult, states = scard.SCardGetStatusChange(self._ensure_context(), timeout_ms,
                                                     [(self.reader_name, known)])
        if _code(hresult) == _code(scard.SCARD_E_TIMEOUT):
            return known
        if hresult != scard.SCARD_S_SUCCESS:
            self._drop(context=True)
            raise _reader_error(hresult, "SCardGetStatusChange")
        return states[0][1] & ~scard.SCARD_STATE_CHANGED

    def _wait(self, present: bool, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        state = self._state(0, scard.SCARD_STATE_UNAWARE)
        while bool(state & scard.SCARD_STATE_PRESENT) != present or \
                (present and state & scard.SCARD_STATE_MUTE):
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                return False
            state = self._state(min(remaining_ms, _WAIT_SLICE_MS), state)
        return True

    def wait_for_card(self, timeout_s: float | None = None) -> bool:
        """True once a card is on the reader, False after `timeout_s` (default: the transport's)."""
        self._pick()
        return self._wait(True, self.timeout_s if timeout_s is None else timeout_s)

    def wait_for_removal(self, timeout_s: float) -> bool:
        """True once the reader is empty, False after `timeout_s`."""
        self._pick()
        return self._wait(False, timeout_s)

    def card_present(self) -> bool:
        try:
            self._pick()
            return self._wait(True, 0)
        except ReaderError:
            return False

    def connect(self) -> None:
        if self._card is not None:
            return
        try:
            if self._removed:
                self._removed = False
                self.wait_for_removal(_REMOVAL_SETTLE_S)
            if not self.wait_for_card():
                raise NoCardError(detail=f"no card on {self.reader_name} within {self.timeout_s:g} s")
            hresult, card, protocol = scard.SCardConnect(
                self._ensure_context(), self.reader_name, scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        except ReaderError:
            self._drop(context=True)
            raise
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._failure(hresult, "SCardConnect")
        self._card = card
        self._protocol = scard.SCARD_PCI_T0 if protocol == scard.SCARD_PROTOCOL_T0 else scard.SCARD_PCI_T1
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(card)
        self.atr = bytes(atr) if hresult == scard.SCARD_S_SUCCESS else b""
        log.debug("connected to the card on %s", self.reader_name)

    def disconnect(self) -> None:
        self._drop(context=False)

    def close(self) -> None:
        """Disconnect and release the PC/SC context."""
        self._drop(context=True)

    def _drop(self, context: bool) -> None:
        if self._card is not None:
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
            self._card = None
        if context and self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def _failure(self, hresult: int, what: str, apdu_size: int = 0) -> ChipError:
        """The chip error a failed PC/SC call means; the connection is dropped either way. A failed
        exchange on a reader that is still listed means the card left the field (or never answered)."""
        code = _code(hresult)
        self._drop(context=False)
        if code in _READER_GONE_CODES or not self._reader_listed():
            self._drop(context=True)
            return _reader_error(hresult, what)
        if apdu_size > _SHORT_APDU_MAX and code not in _CARD_GONE_CODES and self.card_present():
            # The reader (or its driver) cannot carry extended-length APDUs: a length refusal.
            return WrongLengthError(0x6700, detail=f"{what} of {apdu_size} bytes: {_describe(hresult)}")
        self._removed = True
        return CardRemovedError(detail=f"{what}: {_describe(hresult)}")

    def _reader_listed(self) -> bool:
        try:
            return self.reader_name in _list(self._ensure_context())
        except ReaderError:
            return False

    def transmit(self, apdu: bytes) -> bytes:
        if self._card is None:
            raise NoCardError(detail="transmit before connect")
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._failure(hresult, "SCardTransmit", len(apdu))
        if len(response) < 2:  # no status word: the card stopped answering mid-exchange
            self._drop(context=False)
            self._removed = True
            raise CardRemovedError(detail=f"SCardTransmit returned {len(response)} bytes")
        return bytes(response)
