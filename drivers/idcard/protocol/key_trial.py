"""Reading a card whose key is not known for sure: try each candidate key in turn while the chip
refuses it (a key derived from the QR may carry a neighbouring renewal age's expiry, or `991231`;
reference cccd-chip.md §6.1), before a person is asked to type the expiry."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from cryptography import x509

from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import AccessDeniedError, PasswordBlockedError, PasswordSuspendedError
from drivers.idcard.protocol.file_reader import CardCapabilities
from drivers.idcard.protocol.session import CardRead, ReadEvent, read_card
from drivers.idcard.transport import CardTransport
from drivers.idcard.trust.store import TrustStore

log = logging.getLogger(__name__)

#: A refused key costs one mutual authentication (a few commands); the renewal rule never gives
#: more than four candidates, and a hand-made list is cut here.
MAX_KEYS = 6


def read_card_trying_keys(transport: CardTransport, keys: AccessKey | Sequence[AccessKey],
                          on_event: Callable[[ReadEvent], None] | None = None,
                          trust_store: TrustStore | Sequence[x509.Certificate] | None = None,
                          capabilities: CardCapabilities | None = None,
                          **read_options: Any) -> tuple[CardRead, AccessKey]:
    """`read_card` with the first key the chip accepts: `keys` in order (an AccessKey stands for
    itself and its `fallbacks`). Returns the read and the key that opened the chip. Only a refused
    key (AccessDeniedError) moves on to the next; any other ChipError ends the read at once. When
    every key is refused, the first refusal is raised (it names what the person should check).
    A suspended or blocked PACE password ends the trial at once. `read_options` go to
    `read_card` as they are (memory, limits, cancelled, crl_required)."""
    candidates = keys.candidates() if isinstance(keys, AccessKey) else tuple(keys)
    candidates = tuple(dict.fromkeys(candidates))[:MAX_KEYS]
    if not candidates:
        raise ValueError("no access key to try")
    first_refusal: AccessDeniedError | None = None
    for number, key in enumerate(candidates, 1):
        # After the first key, the CAN was refused already (or PACE is not offered): trying it
        # again with each expiry would only spend the chip's wrong-try counter.
        attempt = key.without_can() if number > 1 and key.has_mrz else key
        try:
            read = read_card(transport, attempt, on_event, trust_store, capabilities, **read_options)
        except (PasswordSuspendedError, PasswordBlockedError):
            raise  # staff must act; another expiry would not help and may cost the last try
        except AccessDeniedError as refused:
            first_refusal = first_refusal or refused
            log.info("access key %d of %d refused by the chip%s", number, len(candidates),
                     "; trying the next" if number < len(candidates) else "")
            continue
        if number > 1:
            log.info("chip opened with access key %d of %d (%s)", number, len(candidates),
                     "no expiry, 991231" if key.no_expiry else "another expiry")
        return read, key
    assert first_refusal is not None
    raise first_refusal
