"""What a card type takes (extended length, short EF ids, reads past the end, ...) as the file
reader learns it, and a small in-memory memory of it per reader and card type (ATR), so the next
patient's card of the same kind is read the fast way from the first command."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class CardCapabilities:
    """What is known of a card's commands: None untried, True works, False refused.

    `extended_length`: READ BINARY with an extended Le. `short_ids`: READ BINARY by short EF id
    (P1 = 80|SFI) selects the file within the read. `sfi_selects`: that read also makes the file
    current, so later reads by offset need no SELECT. `overread`: a READ BINARY whose Le runs past
    the end of the file brings back what is there (6282 or 9000) instead of an error, so a small
    file can be read whole in its first command. `errors_keep_session`: after an error status
    answered in plain (no secure-messaging objects) the session goes on. `short_block`: the most
    plaintext asked per short READ BINARY (None: the channel's arithmetic maximum, 231 under 3DES,
    223 under AES; a card that refuses that is asked 223). `pace`: EF.CardAccess offers PACE
    (False: a card type known to offer none, opened with BAC at once, without reading
    EF.CardAccess first)."""

    extended_length: bool | None = None
    short_ids: bool | None = None
    sfi_selects: bool | None = None
    overread: bool | None = None
    errors_keep_session: bool | None = None
    short_block: int | None = None
    pace: bool | None = None

    def copy(self) -> CardCapabilities:
        return dataclasses.replace(self)


def conservative_capabilities(short_block: int = 223) -> CardCapabilities:
    """What every card takes: SELECT by file id, a 4-byte header, then fixed short blocks (the
    baseline the benchmark compares with, and the last resort)."""
    return CardCapabilities(extended_length=False, short_ids=False, overread=False,
                            short_block=short_block)


class CapabilityMemory:
    """Capabilities per card type, most recently used kept, at most `size` types. Thread-safe:
    the kiosk's reader thread and a `checkin` command in the same process may share one."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._known: OrderedDict[str, CardCapabilities] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, card_type: str) -> CardCapabilities:
        """A copy of what is known of `card_type` (empty when nothing is)."""
        with self._lock:
            known = self._known.get(card_type)
            if known is None:
                return CardCapabilities()
            self._known.move_to_end(card_type)
            return known.copy()

    def remember(self, card_type: str, capabilities: CardCapabilities) -> None:
        with self._lock:
            self._known[card_type] = capabilities.copy()
            self._known.move_to_end(card_type)
            while len(self._known) > self.size:
                self._known.popitem(last=False)


def card_type(reader_name: str, atr: bytes) -> str:
    """The key a card type is remembered under: the reader (its driver decides what APDUs pass)
    and the card's ATR (its chip and operating system)."""
    return f"{reader_name}|{atr.hex()}"
