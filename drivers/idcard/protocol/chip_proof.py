"""Is this the chip the issuer made, or a copy of its files? Chip Authentication where DG14
offers it, else Active Authentication where DG15 holds a key (ICAO 9303-11 §6). Passive
authentication (the DG14/DG15 hashes in EF.SOD) is what makes either one mean anything."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from drivers.idcard.errors import LdsError, SecureMessagingError, StatusWordError
from drivers.idcard.lds import EF_COM
from drivers.idcard.lds.dg14 import parse_dg14
from drivers.idcard.lds.dg15 import parse_dg15
from drivers.idcard.lds.security_infos import SecurityInfos
from drivers.idcard.protocol import active_authentication, chip_authentication
from drivers.idcard.protocol.apdu import INS_SELECT, CommandApdu
from drivers.idcard.protocol.chip_authentication import ChipAuthenticationUnsupported
from drivers.idcard.protocol.secure_messaging import SecureChannel

log = logging.getLogger(__name__)


class ProofMethod(StrEnum):
    CHIP_AUTHENTICATION = "chip_authentication"
    ACTIVE_AUTHENTICATION = "active_authentication"
    NONE = "none"


class ProofOutcome(StrEnum):
    PASSED = "passed"              # the chip holds the private key of DG14/DG15
    FAILED = "failed"              # it does not: the files were copied onto another chip
    NOT_OFFERED = "not_offered"    # no DG14 Chip Authentication key and no DG15
    NOT_SUPPORTED = "not_supported"  # offered in a form this reader cannot do (see detail)


@dataclass(frozen=True)
class ChipProof:
    """The outcome of proving the chip genuine, by which method, and why (plain, no personal data)."""

    method: ProofMethod
    outcome: ProofOutcome
    detail: str = ""


NOT_OFFERED = ChipProof(ProofMethod.NONE, ProofOutcome.NOT_OFFERED,
                        "the card has neither DG14 (Chip Authentication) nor DG15 (Active Authentication)")


def _probe(channel: SecureChannel) -> None:
    """One command under the new keys: SELECT EF.COM. Its answer verifies only if the chip
    derived the same keys, i.e. holds DG14's private key."""
    channel.exchange(CommandApdu(0x00, INS_SELECT, 0x02, 0x0C, EF_COM.file_id.to_bytes(2, "big"))) \
        .check("SELECT after Chip Authentication")


def _chip_authentication(channel: SecureChannel, infos: SecurityInfos | None
                         ) -> tuple[ChipProof | None, SecureChannel | None]:
    try:
        offer = chip_authentication.choose_offer(infos)
    except ChipAuthenticationUnsupported as exc:
        return ChipProof(ProofMethod.CHIP_AUTHENTICATION, ProofOutcome.NOT_SUPPORTED, str(exc)), channel
    if offer is None:
        return None, channel
    try:
        messaging = chip_authentication.authenticate(channel, offer)
        after = SecureChannel(channel.transport, messaging)
        _probe(after)
    # Only the chip's own answers count against it; a card pulled away or a reader gone is the
    # read's failure, not the chip's, and goes up as it is.
    except (SecureMessagingError, StatusWordError) as exc:
        log.info("Chip Authentication failed: %s", exc.detail)
        return ChipProof(ProofMethod.CHIP_AUTHENTICATION, ProofOutcome.FAILED,
                         f"the chip could not continue under the Chip Authentication keys "
                         f"({exc.detail})"), None
    return ChipProof(ProofMethod.CHIP_AUTHENTICATION, ProofOutcome.PASSED), after


def prove_chip(channel: SecureChannel, dg14: bytes | None, dg15: bytes | None
               ) -> tuple[ChipProof, SecureChannel | None]:
    """Chip Authentication if DG14 offers it, else Active Authentication with DG15's key. Returns
    the proof and the channel to go on with: the new one after Chip Authentication, the same
    after Active Authentication, None when the chip's session is lost (open a new one)."""
    infos, dg14_problem = None, None
    if dg14 is not None:
        try:
            infos = parse_dg14(dg14)
        except LdsError as exc:
            dg14_problem = ChipProof(ProofMethod.CHIP_AUTHENTICATION, ProofOutcome.NOT_SUPPORTED,
                                     f"DG14 unreadable: {exc.detail}")
    proof, after = _chip_authentication(channel, infos)
    proof = proof or dg14_problem
    if proof is not None and proof.outcome is not ProofOutcome.NOT_SUPPORTED:
        return proof, after
    if dg15 is None:
        return proof or NOT_OFFERED, channel
    try:
        key = parse_dg15(dg15)
    except LdsError as exc:
        return ChipProof(ProofMethod.ACTIVE_AUTHENTICATION, ProofOutcome.NOT_SUPPORTED,
                         f"DG15 unreadable: {exc.detail}"), channel
    try:
        valid, detail = active_authentication.authenticate(channel, key, infos)
    except (SecureMessagingError, StatusWordError) as exc:
        return ChipProof(ProofMethod.ACTIVE_AUTHENTICATION, ProofOutcome.FAILED,
                         f"the chip refused INTERNAL AUTHENTICATE ({exc.detail})"), None
    return ChipProof(ProofMethod.ACTIVE_AUTHENTICATION,
                     ProofOutcome.PASSED if valid else ProofOutcome.FAILED, detail), channel
