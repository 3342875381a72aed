"""The card transport seam: bytes to the card and back, connect and disconnect, is a card there.
Makers: PC/SC (drivers/idcard/pcsc.py) and the in-process simulated chip below."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

from drivers.idcard.errors import CardRemovedError, NoCardError


class CardTransport(Protocol):
    """What the chip session needs of a reader. `connect` waits for a card (NoCardError after the
    transport's timeout); `transmit` raises CardRemovedError when the card left the field, and
    ReaderError when the reader itself went away. After either, `connect` may be called again.
    Transports also tell `atr` (the connected card's ATR) and `reader_name`, so what is learned
    of a card type can be remembered (protocol/capabilities.py); both may be empty."""

    def connect(self) -> None: ...

    def disconnect(self) -> None: ...

    def transmit(self, apdu: bytes) -> bytes: ...

    def card_present(self) -> bool: ...

    def wait_for_card(self, timeout_s: float | None = None) -> bool:
        """Whether a card is (or comes) on the reader within `timeout_s` (None: the transport's
        own default). Callers wait in short slices so a cancelled check-in stops waiting."""
        ...


class SimulatedCard(Protocol):
    """A chip engine as the in-process transport drives it (drivers/idcard/sim/chip.py)."""

    def power_on(self) -> bytes: ...

    def power_off(self) -> None: ...

    def process(self, apdu: bytes) -> bytes: ...


class InProcessTransport:
    """A simulated chip as if it lay on a reader: `connect` powers it, `transmit` hands it the APDU.
    The chip raises CardRemovedError when its "removed" fault fires; the card then counts as
    taken away until `place_card` (or the next `connect`, like a patient placing it again).
    A tester can hold the card off the reader (`take_card_away`): `wait_for_card` then waits
    until `place_card`, as a real reader waits for a patient."""

    reader_name = "in-process"

    def __init__(self, card: SimulatedCard, on_reader: bool = True) -> None:
        self.card = card
        self.atr = b""
        self._powered = False
        self._present = on_reader
        self._on_reader = threading.Event()
        if on_reader:
            self._on_reader.set()

    def place_card(self) -> None:
        self._present = True
        self._on_reader.set()

    def take_card_away(self) -> None:
        self._on_reader.clear()
        self._lose_card()

    def wait_for_card(self, timeout_s: float | None = None) -> bool:
        return self._on_reader.wait(timeout_s)

    def _lose_card(self) -> None:
        self._present = False
        self._powered = False
        self.card.power_off()

    def connect(self) -> None:
        self._present = True
        if not self._powered:
            self.atr = self.card.power_on()
            self._powered = True

    def disconnect(self) -> None:
        if self._powered:
            self.card.power_off()
        self._powered = False

    def card_present(self) -> bool:
        return self._present

    def transmit(self, apdu: bytes) -> bytes:
        if not self._present:
            raise CardRemovedError(detail="simulated card is off the reader")
        if not self._powered:
            raise NoCardError(detail="transmit before connect")
        try:
            return self.card.process(apdu)
        except CardRemovedError:
            self._lose_card()  # pulled mid-read; the next connect is the patient placing it again
            raise


@dataclass
class TransportCost:
    """Round trips and bytes moved through a transport, and the time spent waiting on the card."""

    commands: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    elapsed_ms: float = 0.0


class WrappedTransport:
    """A transport around another: everything but `transmit` is the inner one's (the wrappers
    below count or guard the commands)."""

    def __init__(self, inner: CardTransport) -> None:
        self.inner = inner

    @property
    def atr(self) -> bytes:
        return getattr(self.inner, "atr", b"")

    @property
    def reader_name(self) -> str:
        return getattr(self.inner, "reader_name", "") or ""

    def connect(self) -> None:
        self.inner.connect()

    def disconnect(self) -> None:
        self.inner.disconnect()

    def card_present(self) -> bool:
        return self.inner.card_present()

    def wait_for_card(self, timeout_s: float | None = None) -> bool:
        return self.inner.wait_for_card(timeout_s)

    def transmit(self, apdu: bytes) -> bytes:
        return self.inner.transmit(apdu)


class MeteredTransport(WrappedTransport):
    """Wraps a transport and counts what goes through it (for the read's cost and the benchmarks)."""

    def __init__(self, inner: CardTransport) -> None:
        super().__init__(inner)
        self.cost = TransportCost()

    def transmit(self, apdu: bytes) -> bytes:
        started = time.perf_counter()
        try:
            response = self.inner.transmit(apdu)
        finally:
            self.cost.elapsed_ms += (time.perf_counter() - started) * 1000
            self.cost.commands += 1
            self.cost.bytes_sent += len(apdu)
        self.cost.bytes_received += len(response)
        return response
