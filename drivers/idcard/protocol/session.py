"""One read of a chip ID card or passport: select the eMRTD application, run access control (BAC),
read EF.COM, DG1 and DG13 first (reported at once, so an eligibility lookup can start), then
DG14/DG15 and the proof that the chip is genuine (chip_proof), then DG2 and EF.SOD, and check
them all by passive authentication. Returns a typed CardRead."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography import x509

from drivers.idcard.protocol import bac
from drivers.idcard.access_key import AccessKey
from drivers.idcard.protocol.apdu import INS_SELECT, CommandApdu, PlainChannel
from drivers.idcard.protocol.file_reader import CardCapabilities, FileReader
from drivers.idcard.lds import DG1, DG2, DG13, EF_COM, EF_SOD, data_group
from drivers.idcard.lds.com import ComFile, parse_com
from drivers.idcard.lds.dg1 import parse_dg1
from drivers.idcard.lds.dg2 import FaceImage, parse_dg2
from drivers.idcard.lds.dg13 import VnIdentity, parse_dg13
from drivers.idcard.mrz import MrzRecord
from drivers.idcard.passive_auth import PassiveAuthResult, check_passive_auth
from drivers.idcard.protocol.chip_proof import NOT_OFFERED, ChipProof, prove_chip
from drivers.idcard.trust.store import TrustStore
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
    group whether it matches what the issuer signed and the verdict on its signer; `chip_proof`
    whether the chip holds its DG14/DG15 private key (Chip or Active Authentication).
    `apdus`, `bytes_read`, `elapsed_ms`: the cost."""

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
    chip_proof: ChipProof = NOT_OFFERED


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
              trust_store: TrustStore | Sequence[x509.Certificate] | None = None,
              capabilities: CardCapabilities | None = None,
              crl_required: bool = False) -> CardRead:
    """Read a card on `transport` with `access_key`; `capabilities` seeds and receives what the
    card takes (see FileReader). Raises a ChipError subclass: AccessDeniedError (wrong key),
    CardRemovedError, SecureMessagingError, LdsError, ReaderError, ..."""
    emit = on_event or (lambda _event: None)
    metered = MeteredTransport(transport)
    metered.connect()
    started = time.perf_counter()  # the read, not the wait for a card
    try:
        reader = FileReader(open_secure_channel(metered, access_key),
                            reopen=lambda: open_secure_channel(metered, access_key),
                            capabilities=capabilities)

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
        chip_proof = _prove_chip(reader, com, files, read,
                                 lambda: open_secure_channel(metered, access_key))
        face = None
        if DG2.dg_number in com.data_groups:
            files[2] = read(DG2)
            face = parse_dg2(files[2])
        passive_auth = check_passive_auth(read(EF_SOD), files, trust_store, crl_required)
    finally:
        metered.disconnect()
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("card read: %d commands, %d bytes, %.0f ms, extended length %s",
             metered.cost.commands, reader.cost.bytes_read, elapsed_ms,
             reader.capabilities.extended_length)
    return CardRead(com, mrz, identity, face, passive_auth, "BAC",
                    bool(reader.capabilities.extended_length),
                    metered.cost.commands, reader.cost.bytes_read, elapsed_ms, chip_proof)


def _prove_chip(reader: FileReader, com: ComFile, files: dict[int, bytes],
                read: Callable, reopen: Callable[[], SecureChannel]) -> ChipProof:
    """Read DG14/DG15 (into `files`, for passive authentication) and prove the chip genuine;
    the reader goes on under Chip Authentication's keys, or a new session when the chip lost
    its own (a clone that failed)."""
    for number in (14, 15):
        if number in com.data_groups:
            files[number] = read(data_group(number))
    proof, channel = prove_chip(reader.channel, files.get(14), files.get(15))
    reader.channel = channel if channel is not None else reopen()
    return proof
