"""Passive authentication (ICAO 9303-11 §5.1): every data group read hashes to the value the
Document Signer signed in EF.SOD, the SOD signature is the DS certificate's, and (with a trust
store) the DS certificate was issued by a trusted CSCA. A hash or signature mismatch is reported
as tampering; the DS certificate's standing is a verdict of its own (trust/document_signer.py)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from drivers.idcard.lds.sod import SodFile, parse_sod
from drivers.idcard.signed_data import signed_part, verify_signature
from drivers.idcard.trust.document_signer import SignerTrust, verify_document_signer
from drivers.idcard.trust.store import TrustStore


class Check(str, Enum):
    """The outcome of one check."""

    OK = "ok"
    MISMATCH = "mismatch"  # a hash or signature does not match: the data was altered (tampering)
    UNTRUSTED = "untrusted"  # the DS certificate was issued by no CSCA of the trust store
    NOT_CHECKED = "not_checked"  # nothing to check: a DG the SOD lists was not read; no trust store


#: How each signer verdict reads as the one-word chain check of earlier versions.
_CHAIN_CHECK = {SignerTrust.TRUSTED: Check.OK, SignerTrust.NO_TRUST_STORE: Check.NOT_CHECKED,
                SignerTrust.ISSUER_UNKNOWN: Check.UNTRUSTED,
                SignerTrust.BROKEN_MASTER_LIST: Check.UNTRUSTED,
                SignerTrust.REVOCATION_UNKNOWN: Check.UNTRUSTED}


@dataclass(frozen=True)
class PassiveAuthResult:
    """Per data group hash outcome, the SOD signature and the verdict on the DS certificate
    (`trust`, explained by `trust_detail`). `data_groups` covers every DG read and every DG the
    SOD lists."""

    data_groups: dict[int, Check]
    sod_signature: Check
    trust: SignerTrust
    detail: str = ""
    trust_detail: str = ""

    @property
    def certificate_chain(self) -> Check:
        """The verdict on the DS certificate as one Check (OK only when trusted)."""
        return _CHAIN_CHECK.get(self.trust, Check.MISMATCH)

    @property
    def tampered(self) -> bool:
        """True when any hash or the SOD signature failed: the card's data was altered after the
        Document Signer signed it (or never signed by it)."""
        return Check.MISMATCH in (*self.data_groups.values(), self.sod_signature)

    @property
    def mismatched_data_groups(self) -> tuple[int, ...]:
        """The data groups whose content differs from what the Document Signer signed."""
        return tuple(sorted(n for n, check in self.data_groups.items() if check is Check.MISMATCH))

    @property
    def hashes_match(self) -> bool:
        """Every DG read matched the SOD (unread ones aside)."""
        return all(check is not Check.MISMATCH for check in self.data_groups.values())

    @property
    def passed(self) -> bool:
        """True when every DG read matched, the SOD signature verified and the DS certificate
        leads to a trusted CSCA."""
        return (self.sod_signature is Check.OK and self.trust is SignerTrust.TRUSTED
                and self.hashes_match)


def check_data_groups(sod: SodFile, files_read: dict[int, bytes]) -> dict[int, Check]:
    """Hash each DG read with the SOD's algorithm and compare with the SOD's value. A DG read that
    the SOD does not list is unsigned data: a MISMATCH too (ICAO 9303-10: the SOD lists every DG)."""
    results: dict[int, Check] = {number: Check.NOT_CHECKED for number in sod.dg_hashes}
    for number, data in files_read.items():
        expected = sod.dg_hashes.get(number)
        if expected is None:
            results[number] = Check.MISMATCH
            continue
        digest = hashlib.new(sod.hash_algorithm, data).digest()
        results[number] = Check.OK if hmac.compare_digest(digest, expected) else Check.MISMATCH
    return dict(sorted(results.items()))


def check_sod_signature(sod: SodFile) -> tuple[Check, str]:
    """The signed attributes' messageDigest is the LDSSecurityObject's hash, and the signature over
    them (or over the LDSSecurityObject when there are none) verifies with the DS certificate."""
    signed = signed_part(sod.signature, sod.lds_security_object)
    if signed is None:
        return Check.MISMATCH, "the signed messageDigest differs from the LDSSecurityObject's hash"
    try:
        verify_signature(sod.signer_certificate.public_key(), sod.signature, signed)
    except InvalidSignature:
        return Check.MISMATCH, "the EF.SOD signature does not verify with the DS certificate"
    except (UnsupportedAlgorithm, ValueError, TypeError) as exc:
        return Check.NOT_CHECKED, f"the EF.SOD signature cannot be checked: {exc}"
    return Check.OK, ""


def check_passive_auth(sod: SodFile | bytes, files_read: dict[int, bytes],
                       trust_store: TrustStore | Sequence[x509.Certificate] | None = None,
                       crl_required: bool = False) -> PassiveAuthResult:
    """Check `files_read` ({dg_number: file bytes as read}) against the SOD; with `trust_store`
    (a TrustStore, or CSCA certificates) also validate the DS certificate's path to a CSCA.
    LdsError only when `sod` is given as bytes that do not parse."""
    parsed = parse_sod(sod) if isinstance(sod, bytes) else sod
    signature, signature_detail = check_sod_signature(parsed)
    store = (trust_store if isinstance(trust_store, TrustStore) or trust_store is None
             else TrustStore.of(trust_store))
    trust, trust_detail = verify_document_signer(parsed.signer_certificate, store,
                                                 crl_required=crl_required)
    groups = check_data_groups(parsed, files_read)
    mismatched = [f"DG{n}" for n, check in groups.items() if check is Check.MISMATCH]
    details = [f"hash mismatch (tampered): {', '.join(mismatched)}" if mismatched else "",
               signature_detail, trust_detail]
    return PassiveAuthResult(groups, signature, trust, "; ".join(d for d in details if d),
                             trust_detail)
