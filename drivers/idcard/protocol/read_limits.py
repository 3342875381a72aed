"""Bounds on one card read, so no card can hold the desk: commands and time per card (checked
here, before every command that goes to the card, with cancellation) and per file (checked by the
file reader, with the rule that every answer must bring data)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.idcard.errors import CardStalledError, ReadCancelledError
from drivers.idcard.transport import CardTransport, WrappedTransport

Clock = Callable[[], float]


@dataclass(frozen=True)
class ReadLimits:
    """How much one read may cost. A real CCCD takes about 10-120 commands and well under 10 s
    (20 KB photo; 223-byte blocks at most); the bounds leave room for slow readers and cards
    while stopping a card that drips a byte per answer or never ends.

    Per file: `file_seconds`, and `file_command_slack` + one command per `min_bytes_per_command`
    bytes of the file (a card must bring back at least that much per READ BINARY on average; the
    smallest block a reader asks is 223). Per card: `card_commands` and `card_seconds`, access
    control and re-authentication included."""

    card_commands: int = 2500
    card_seconds: float = 60.0
    file_seconds: float = 30.0
    file_command_slack: int = 16
    min_bytes_per_command: int = 64

    def file_commands(self, size: int) -> int:
        """The most commands reading a file of `size` bytes may take."""
        return self.file_command_slack + math.ceil(size / self.min_bytes_per_command)


class GuardedTransport(WrappedTransport):
    """Wraps the transport of one read: before each command, a cancelled read stops
    (ReadCancelledError) and so does one past the card's bounds (CardStalledError). `cancelled`
    is polled, e.g. `threading.Event().is_set`; a command already sent is not interrupted."""

    def __init__(self, inner: CardTransport, limits: ReadLimits = ReadLimits(),
                 cancelled: Callable[[], bool] | None = None, clock: Clock = time.monotonic) -> None:
        super().__init__(inner)
        self.limits = limits
        self.cancelled = cancelled or (lambda: False)
        self.clock = clock
        self.commands = 0
        self._deadline = clock() + limits.card_seconds

    def transmit(self, apdu: bytes) -> bytes:
        if self.cancelled():
            raise ReadCancelledError(detail=f"cancelled after {self.commands} commands")
        if self.commands >= self.limits.card_commands:
            raise CardStalledError(detail=f"card read stopped at {self.commands} commands "
                                          f"(bound {self.limits.card_commands})")
        if self.clock() > self._deadline:
            raise CardStalledError(detail=f"card read stopped after {self.limits.card_seconds:g} s "
                                          f"({self.commands} commands)")
        self.commands += 1
        return self.inner.transmit(apdu)
