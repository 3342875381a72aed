"""One read of a chip ID card or passport: select the eMRTD application, run access control (BAC),
read EF.COM, DG1 and DG13 first (reported at once, so an eligibility lookup can start), then DG2
and EF.SOD, and check them by passive authentication. Returns a typed CardRead."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cryptography import x509

from drivers.idcard.protocol import bac
from drivers.idcard.access_key import AccessKey
from drivers.idcard.protocol.apdu import INS_SELECT, CommandApdu, PlainChannel
from drivers.idcard.protocol.capabilities import CapabilityMemory, CardCapabilities, card_type
from drivers.idcard.protocol.file_reader import FileReader
from drivers.idcard.protocol.read_limits import GuardedTransport, ReadLimits
from drivers.idcard.lds import DG1, DG2, DG13, EF_COM, EF_SOD
from drivers.idcard.lds.com import ComFile, parse_com
from drivers.idcard.lds.dg1 import parse_dg1
from drivers.idcard.lds.dg2 import FaceImage, parse_dg2
from drivers.idcard.lds.dg13 import VnIdentity, parse_dg13
from drivers.idcard.mrz import MrzRecord
from drivers.idcard.passive_auth import PassiveAuthResult, check_passive_auth
from drivers.idcard.protocol.secure_messaging import SecureChannel
from drivers.idcard.transport import CardTransport, MeteredTransport

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")


@dataclass(frozen=True)
class IdentityRead:
    """Sent as soon as DG1 and DG13 are read and parsed, before the photo: enough to look up
    eligibility. Not yet checked by passive authentication."""

    mrz: MrzRecord
    identity: VnIdentity | None


@dataclass(frozen=True)
class FileRead:
    """Progress: one file read (name, its size, the commands it took)."""

    name: str
    size: int
    commands: int


ReadEvent = IdentityRead | FileRead


@dataclass(frozen=True)
class CardRead:
    """Everything read from the chip. `identity` is DG13 (None on a card without it, e.g. a
    passport); `face` is DG2's image (None if the card has no DG2); `passive_auth` says per data
    group whether it matches what the issuer signed. `apdus`, `bytes_read`, `elapsed_ms`: the cost."""

    com: ComFile
    mrz: MrzRecord
    identity: VnIdentity | None
    face: FaceImage | None
    passive_auth: PassiveAuthResult
    access_control: str
    extended_length: bool
    apdus: int
    bytes_read: int
    elapsed_ms: float
    #: What the read learned of the card (also kept in the CapabilityMemory given, if any).
    capabilities: CardCapabilities = field(default_factory=CardCapabilities)


def select_application(transport: CardTransport) -> None:
    """SELECT the eMRTD application by AID (in plain: access control comes after)."""
    PlainChannel(transport).exchange(CommandApdu(0x00, INS_SELECT, 0x04, 0x0C, EMRTD_AID)) \
        .check("SELECT eMRTD application")


def open_secure_channel(transport: CardTransport, access_key: AccessKey,
                        random_bytes: bac.RandomBytes = os.urandom) -> SecureChannel:
    """Select the application and run access control; the channel that follows is protected.
    PACE slots in here: read EF.CardAccess first and, when it lists PACE, run it, else BAC."""
    select_application(transport)
    keys = bac.authenticate(transport, access_key, random_bytes)
    return SecureChannel(transport, keys.secure_messaging())


def read_card(transport: CardTransport, access_key: AccessKey,
              on_event: Callable[[ReadEvent], None] | None = None,
              trust_store: Sequence[x509.Certificate] | None = None,
              capabilities: CardCapabilities | None = None, *,
              memory: CapabilityMemory | None = None, limits: ReadLimits = ReadLimits(),
              cancelled: Callable[[], bool] | None = None) -> CardRead:
    """Read a card on `transport` with `access_key`.

    `capabilities` seeds and receives what the card takes (see FileReader); or `memory` recalls
    and keeps it per reader and card type (ATR), for the next patient. `limits` bound the
    commands and time per card and per file; `cancelled` is polled before every command (e.g.
    `threading.Event().is_set`). Raises a ChipError subclass: AccessDeniedError (wrong key),
    CardRemovedError, SecureMessagingError, LdsError, CardStalledError, ReadCancelledError,
    ReaderError, ..."""
    emit = on_event or (lambda _event: None)
    metered = MeteredTransport(transport)
    metered.connect()
    guarded = GuardedTransport(metered, limits, cancelled)
    kind = card_type(guarded.reader_name, guarded.atr)
    if capabilities is None:
        capabilities = memory.recall(kind) if memory is not None else CardCapabilities()
    started = time.perf_counter()  # the read, not the wait for a card
    try:
        reader = FileReader(open_secure_channel(guarded, access_key),
                            reopen=lambda: open_secure_channel(guarded, access_key),
                            capabilities=capabilities, limits=limits)

        def read(ef) -> bytes:
            before = reader.cost.commands
            data = reader.read(ef)
            emit(FileRead(ef.name, len(data), reader.cost.commands - before))
            return data

        com = parse_com(read(EF_COM))
        files = {1: read(DG1)}
        mrz = parse_dg1(files[1])
        identity = None
        if DG13.dg_number in com.data_groups:
            files[13] = read(DG13)
            identity = parse_dg13(files[13])
        emit(IdentityRead(mrz, identity))
        face = None
        if DG2.dg_number in com.data_groups:
            files[2] = read(DG2)
            face = parse_dg2(files[2])
        passive_auth = check_passive_auth(read(EF_SOD), files, trust_store)
    finally:
        metered.disconnect()
        if memory is not None:  # what was learned holds even when this card failed
            memory.remember(kind, capabilities)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("card read: %d commands, %d bytes, %.0f ms, %d new sessions, capabilities %s",
             metered.cost.commands, reader.cost.bytes_read, elapsed_ms, reader.cost.reopens,
             capabilities)
    return CardRead(com, mrz, identity, face, passive_auth, "BAC",
                    bool(capabilities.extended_length),
                    metered.cost.commands, reader.cost.bytes_read, elapsed_ms, capabilities)
