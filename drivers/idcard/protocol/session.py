"""One read of a chip ID card or passport: run access control (EF.CardAccess, then PACE with the
CAN or the MRZ, else BAC), select the eMRTD application, read EF.COM, DG1 and DG13 first
(reported at once, so an eligibility lookup can start), then DG14/DG15 and the proof that the
chip is genuine (chip_proof), then DG2 and EF.SOD, and check them all by passive
authentication. Returns a typed CardRead."""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cryptography import x509

from drivers.idcard.protocol import bac, pace
from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import (AccessDataError, AccessDeniedError, CardRemovedError,
                                   ChipError, PaceRefusedError, PasswordBlockedError,
                                   PasswordSuspendedError, ReadCancelledError, ReaderError,
                                   SecurityInfosError, WrongPasswordError)
from drivers.idcard.lds import EF_CARD_ACCESS
from drivers.idcard.lds.security_infos import SecurityInfos, parse_security_infos
from drivers.idcard.protocol.apdu import INS_READ_BINARY, INS_SELECT, CommandApdu, PlainChannel
from drivers.idcard.protocol.capabilities import CapabilityMemory, CardCapabilities, card_type
from drivers.idcard.protocol.file_reader import FileReader, file_length
from drivers.idcard.protocol.read_limits import GuardedTransport, ReadLimits
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
    access_control: str  # what opened the chip: PACE_CAN, PACE_MRZ or BAC
    extended_length: bool
    apdus: int
    bytes_read: int
    elapsed_ms: float
    #: What the read learned of the card (also kept in the CapabilityMemory given, if any).
    capabilities: CardCapabilities = field(default_factory=CardCapabilities)
    chip_proof: ChipProof = NOT_OFFERED


def select_application(transport: CardTransport) -> None:
    """SELECT the eMRTD application by AID (in plain: access control comes after)."""
    PlainChannel(transport).exchange(CommandApdu(0x00, INS_SELECT, 0x04, 0x0C, EMRTD_AID)) \
        .check("SELECT eMRTD application")


#: What opened the chip, as `CardRead.access_control` and `read-card --json` name it.
PACE_CAN, PACE_MRZ, BAC = "pace-can", "pace-mrz", "bac"
#: EF.CardAccess is a few dozen bytes; more than this is not a SecurityInfos a reader should parse.
_CARD_ACCESS_MAX = 4096


@dataclass(frozen=True)
class AccessControl:
    """The outcome of access control: the protected channel and the protocol that opened it."""

    channel: SecureChannel
    protocol: str  # PACE_CAN, PACE_MRZ or BAC
    #: Whether EF.CardAccess offered PACE (None: not read, BAC was asked for at once).
    pace_offered: bool | None = None


def read_card_access(transport: CardTransport) -> SecurityInfos | None:
    """EF.CardAccess in plain (SELECT by file id, not SELECT MF: a CCCD refuses that, reference
    §3.4), parsed; None when the chip has none (BAC-only chips and most passports) or its content
    is not SecurityInfos (then PACE is not tried)."""
    channel = PlainChannel(transport)
    selected = channel.exchange(CommandApdu(0x00, INS_SELECT, 0x02, 0x0C,
                                            EF_CARD_ACCESS.file_id.to_bytes(2, "big")))
    if not selected.ok:
        return None
    data = b""
    while True:
        answer = channel.exchange(CommandApdu(0x00, INS_READ_BINARY, len(data) >> 8, len(data) & 0xFF,
                                              le=256))
        if not answer.ok or not answer.data:
            break
        data += answer.data
        try:
            whole = file_length(data)
        except ChipError:
            break
        if (whole is not None and len(data) >= whole) or len(data) >= _CARD_ACCESS_MAX:
            data = data[:whole] if whole is not None else data
            break
    try:
        return parse_security_infos(data)
    except SecurityInfosError as exc:
        log.warning("EF.CardAccess unreadable, PACE not tried: %s", exc.detail)
        return None


def _pace(transport: CardTransport, infos: SecurityInfos, access_key: AccessKey,
          scalar: pace.RandomScalar) -> AccessControl:
    """PACE with each password the key gives (CAN first, then MRZ). A wrong, suspended or blocked
    password moves on to the next; PaceRefusedError when PACE itself was refused (BAC may work);
    otherwise the first password's error."""
    first_error: ChipError | None = None
    for password in pace.passwords_of(access_key):
        try:
            keys = pace.authenticate(transport, infos, password, scalar)
        except (WrongPasswordError, PasswordSuspendedError, PasswordBlockedError) as exc:
            log.info("PACE with the %s refused: %s", password.kind, exc.detail)
            first_error = first_error or exc
            continue
        channel = SecureChannel(transport, keys.secure_messaging())
        channel.exchange(CommandApdu(0x00, INS_SELECT, 0x04, 0x0C, EMRTD_AID)) \
            .check("SELECT eMRTD application")
        return AccessControl(channel, PACE_CAN if password.kind == "CAN" else PACE_MRZ)
    assert first_error is not None
    raise first_error


def _bac(transport: CardTransport, access_key: AccessKey,
         random_bytes: bac.RandomBytes) -> AccessControl:
    select_application(transport)
    keys = bac.authenticate(transport, access_key, random_bytes)
    return AccessControl(SecureChannel(transport, keys.secure_messaging()), BAC)


def open_access_control(transport: CardTransport, access_key: AccessKey,
                        random_bytes: bac.RandomBytes = os.urandom,
                        scalar: pace.RandomScalar = pace.random_scalar,
                        protocol: str | None = None) -> AccessControl:
    """Access control as good readers do it (ICAO 9303-11 4.2; reference §3.4): read EF.CardAccess;
    when it offers PACE, run it with the CAN (when known), then the MRZ; fall back to BAC when PACE
    is not offered or the chip refused it (not the password), if the MRZ data is known.
    `protocol` (a value of a previous AccessControl) goes straight to what worked last time.
    Raises WrongPasswordError / PasswordSuspendedError / PasswordBlockedError, PaceRefusedError,
    AccessDeniedError (BAC), AccessDataError (only a CAN, and the chip has no PACE), ..."""
    if protocol == BAC:
        return _bac(transport, access_key, random_bytes)
    infos = read_card_access(transport)
    offered = infos is not None and pace.choose(infos) is not None
    if offered:
        assert infos is not None
        key = access_key
        if protocol == PACE_MRZ:
            key = access_key.without_can()
        try:
            return dataclasses.replace(_pace(transport, infos, key, scalar), pace_offered=True)
        except PaceRefusedError as exc:
            if not access_key.has_mrz:
                raise
            log.info("PACE refused by the chip, falling back to BAC: %s", exc.detail)
    if not access_key.has_mrz:
        raise AccessDataError(
            "This card cannot be opened with its 6-digit number. Type the card's details "
            "instead: ID number, birth date and expiry date.", field="can",
            detail="EF.CardAccess offers no PACE this reader runs; BAC needs the MRZ data")
    return dataclasses.replace(_bac(transport, access_key, random_bytes), pace_offered=offered)


def _open_remembering(transport: CardTransport, access_key: AccessKey,
                      capabilities: CardCapabilities) -> AccessControl:
    """Access control, skipping EF.CardAccess for a card type known to offer no PACE (one command
    less per card) when the key can open BAC; what EF.CardAccess offered is noted for the next."""
    if capabilities.pace is False and access_key.has_mrz:
        try:
            return _bac(transport, access_key, os.urandom)
        except (AccessDeniedError, CardRemovedError, ReadCancelledError, ReaderError):
            raise
        except ChipError as exc:  # not this card type after all (same ATR): the whole way
            log.info("BAC at once refused (%s): reading EF.CardAccess", exc.detail)
            capabilities.pace = None
    access = open_access_control(transport, access_key)
    if access.pace_offered is not None:
        capabilities.pace = access.pace_offered
    return access


def open_secure_channel(transport: CardTransport, access_key: AccessKey,
                        random_bytes: bac.RandomBytes = os.urandom) -> SecureChannel:
    """Run access control (open_access_control) and return the protected channel, application
    selected."""
    return open_access_control(transport, access_key, random_bytes).channel


def read_card(transport: CardTransport, access_key: AccessKey,
              on_event: Callable[[ReadEvent], None] | None = None,
              trust_store: TrustStore | Sequence[x509.Certificate] | None = None,
              capabilities: CardCapabilities | None = None, *,
              memory: CapabilityMemory | None = None, limits: ReadLimits = ReadLimits(),
              cancelled: Callable[[], bool] | None = None,
              crl_required: bool = False) -> CardRead:
    """Read a card on `transport` with `access_key`.

    `capabilities` seeds and receives what the card takes (see FileReader); or `memory` recalls
    and keeps it per reader and card type (ATR), for the next patient. `limits` bound the
    commands and time per card and per file; `cancelled` is polled before every command (e.g.
    `threading.Event().is_set`). Raises a ChipError subclass: AccessDeniedError (wrong key),
    WrongPasswordError and the other PACE errors, CardRemovedError, SecureMessagingError,
    LdsError, CardStalledError, ReadCancelledError, ReaderError, ..."""
    emit = on_event or (lambda _event: None)
    metered = MeteredTransport(transport)
    metered.connect()
    guarded = GuardedTransport(metered, limits, cancelled)
    kind = card_type(guarded.reader_name, guarded.atr)
    if capabilities is None:
        capabilities = memory.recall(kind) if memory is not None else CardCapabilities()
    started = time.perf_counter()  # the read, not the wait for a card
    try:
        access = _open_remembering(guarded, access_key, capabilities)
        reader = FileReader(access.channel,
                            reopen=lambda: open_access_control(guarded, access_key,
                                                               protocol=access.protocol).channel,
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
        chip_proof = _prove_chip(reader, com, files, read, reader.reopen)
        face = None
        if DG2.dg_number in com.data_groups:
            files[2] = read(DG2)
            face = parse_dg2(files[2])
        passive_auth = check_passive_auth(read(EF_SOD), files, trust_store, crl_required)
    finally:
        metered.disconnect()
        if memory is not None:  # what was learned holds even when this card failed
            memory.remember(kind, capabilities)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("card read (%s): %d commands, %d bytes, %.0f ms, %d new sessions, capabilities %s",
             access.protocol, metered.cost.commands, reader.cost.bytes_read, elapsed_ms,
             reader.cost.reopens, capabilities)
    return CardRead(com, mrz, identity, face, passive_auth, access.protocol,
                    bool(capabilities.extended_length),
                    metered.cost.commands, reader.cost.bytes_read, elapsed_ms,
                    capabilities=capabilities, chip_proof=chip_proof)


def _prove_chip(reader: FileReader, com: ComFile, files: dict[int, bytes],
                read: Callable, reopen: Callable[[], SecureChannel]) -> ChipProof:
    """Read DG14/DG15 (into `files`, for passive authentication) and prove the chip genuine;
    the reader goes on under Chip Authentication's keys, or a new session when the chip lost
    its own (a clone that failed)."""
    for number in (14, 15):
        if number in com.data_groups:
            files[number] = read(data_group(number))
    proof, channel = prove_chip(reader.channel, files.get(14), files.get(15))
    reader.switch_channel(channel if channel is not None else reopen())
    return proof
