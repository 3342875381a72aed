"""The card reader seam over drivers/idcard: wait for a card (cancellable), read it with
`read_card`, and turn the chip's records into the check-in's (identity, photo, authenticity)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import date

from cryptography import x509

from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import LdsError, NoCardError, ReadCancelledError
from drivers.idcard.lds.dg13 import CardDate
from drivers.idcard.mrz import MrzRecord
from drivers.idcard.passive_auth import Check, PassiveAuthResult
from drivers.idcard.protocol.capabilities import CapabilityMemory
from drivers.idcard.protocol.chip_proof import ChipProof, ProofMethod
from drivers.idcard.protocol.key_trial import read_card_trying_keys
from drivers.idcard.protocol.session import CardRead, FileRead, IdentityRead, ReadEvent
from drivers.idcard.transport import CardTransport
from terminal.checkin.errors import CheckinCancelled
from terminal.checkin.parts import CardCallbacks, CardContents
from drivers.idcard.trust.store import TrustStore
from terminal.checkin.records import (Authenticity, AuthenticityStatus, ChipProofStatus,
                                      PatientIdentity, Sex, SignerStatus)

_POLL_S = 0.25
_YEAR = re.compile(r"[0-9]{4}")


def birth_of(printed: CardDate | None, mrz: MrzRecord) -> date | int:
    """DG13's birth date: the date, or the year alone when the card prints only the year; the
    MRZ's (always a whole date) when DG13 has none or one that is no date."""
    if printed is not None and printed.value is not None:
        return printed.value
    if printed is not None and _YEAR.fullmatch(printed.text.strip()):
        return int(printed.text)
    return mrz.birth_date


def identity_of(mrz: MrzRecord, read: IdentityRead | CardRead) -> PatientIdentity:
    """DG13's identity, or the MRZ's when the card has no DG13 (a passport)."""
    vn = read.identity
    mrz_sex = Sex(mrz.sex) if mrz.sex in ("M", "F") else Sex.UNKNOWN
    if vn is not None:
        return PatientIdentity(vn.id_number, vn.full_name, birth_of(vn.birth_date, mrz),
                               Sex.from_card_text(vn.sex) if vn.sex else mrz_sex,
                               mrz.document_number)
    name = " ".join(p for p in (mrz.surname, mrz.given_names) if p)
    return PatientIdentity(mrz.id_number or mrz.document_number, name, mrz.birth_date, mrz_sex,
                           mrz.document_number)


def authenticity_of(result: PassiveAuthResult, proof: ChipProof | None = None) -> Authenticity:
    """The chip checks as the check-in records them: passive authentication as a whole, the
    Document Signer's verdict and the chip's proof, each a code (the UI words them)."""
    signer = SignerStatus(result.trust.value)
    chip = {} if proof is None else {
        "chip": ChipProofStatus(proof.outcome.value),
        "chip_method": "" if proof.method is ProofMethod.NONE else proof.method.value,
        "chip_detail": proof.detail}
    if result.tampered:
        groups = tuple(f"DG{n}" for n in result.mismatched_data_groups)
        return Authenticity(AuthenticityStatus.MISMATCH, groups or ("EF.SOD",), result.detail,
                            signer, result.trust_detail, **chip)
    if result.passed:
        return Authenticity(AuthenticityStatus.VALID, signer=signer, **chip)
    unchecked = [name for name, check in (("signature", result.sod_signature),
                                          ("certificate chain", result.certificate_chain))
                 if check is not Check.OK]
    return Authenticity(AuthenticityStatus.UNVERIFIED,
                        detail=result.detail or f"not verified: {', '.join(unchecked)}",
                        signer=signer, signer_detail=result.trust_detail, **chip)


class ChipCardReader:
    """Reads the card on one transport (PC/SC, or the simulated chip in process). Remembers what
    each card type takes (extended length, short EF ids, ...) so the next patient's card of that
    type is read the fast way from its first command."""

    def __init__(self, transport: CardTransport, timeout_s: float,
                 trust_store: TrustStore | Sequence[x509.Certificate] | None = None,
                 on_read: Callable[[CardRead], None] | None = None,
                 crl_required: bool = False) -> None:
        self.transport = transport
        self.timeout_s = timeout_s
        self.trust_store = trust_store
        self.crl_required = crl_required
        self._on_read = on_read or (lambda _read: None)
        self.memory = CapabilityMemory()

    def read(self, key: AccessKey, callbacks: CardCallbacks) -> CardContents:
        self._wait_for_card(callbacks)
        self.transport.connect()
        callbacks.card_present()

        def on_event(event: ReadEvent) -> None:
            # raised inside read_card: it disconnects and the check-in ends as cancelled
            if callbacks.cancelled():
                raise CheckinCancelled("cancelled while reading the card")
            if isinstance(event, FileRead):
                callbacks.progress(event.name, event.size, event.size)
            else:
                callbacks.identity_read(identity_of(event.mrz, event))

        # A key derived from the QR carries fallback expiries (renewal rule, reference §6.1).
        try:
            read, _opened_with = read_card_trying_keys(
                self.transport, key, on_event, self.trust_store, memory=self.memory,
                cancelled=callbacks.cancelled, crl_required=self.crl_required)
        except ReadCancelledError:
            raise CheckinCancelled("cancelled while reading the card") from None
        self._on_read(read)
        if read.face is None:
            raise LdsError("This card has no photo on its chip: the receptionist must check it.",
                           detail="no DG2")
        return CardContents(identity_of(read.mrz, read), read.face.data, read.face.format,
                            authenticity_of(read.passive_auth, read.chip_proof))

    def card_present(self) -> bool:
        return self.transport.card_present()

    def _wait_for_card(self, callbacks: CardCallbacks) -> None:
        """Waits for a card in slices, so a cancelled check-in stops waiting."""
        deadline = time.monotonic() + self.timeout_s
        while not self.transport.wait_for_card(min(_POLL_S, max(0.0, deadline - time.monotonic()))):
            if callbacks.cancelled():
                raise CheckinCancelled("cancelled while waiting for a card")
            if time.monotonic() >= deadline:
                raise NoCardError(detail=f"no card within {self.timeout_s:g} s")
