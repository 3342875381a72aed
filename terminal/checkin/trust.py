"""The terminal's CSCA trust store, as the config names it (trust.store_dir): loaded once when a
check-in terminal, `read-card` or the doctor starts; the simulated card's test CSCA joins it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from cryptography import x509

from drivers.idcard.trust.errors import TrustStoreError
from drivers.idcard.trust.store import TrustStore, load_trust_store
from terminal.config import Config

log = logging.getLogger(__name__)


def open_trust_store(config: Config, simulated: Iterable[x509.Certificate] = ()) -> TrustStore | None:
    """The configured store (None when none is configured, or its folder cannot be read: the
    doctor says why), with `simulated` CSCAs added (the simulator's test CSCA)."""
    store = None
    folder = config.trust_store_dir
    if folder is not None:
        try:
            store = load_trust_store(folder)
        except TrustStoreError as exc:
            log.warning("trust store not used: %s (%s)", exc.message, exc.detail)
    extra = list(simulated)
    if extra:
        sim = TrustStore.of(extra, source="simulator test CSCA")
        store = sim if store is None else store.merged(sim)
    return store
