"""Passive authentication (ICAO 9303-11 §5.1): every data group read hashes to the value the
Document Signer signed in EF.SOD, the SOD signature is the DS certificate's, and (with a trust
store) the DS certificate was issued by a trusted CSCA. A mismatch is reported as tampering."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.idcard.lds.sod import HASHES, SodFile, parse_sod


class Check(str, Enum):
    """The outcome of one check."""

    OK = "ok"
    MISMATCH = "mismatch"  # a hash or signature does not match: the data was altered (tampering)
    UNTRUSTED = "untrusted"  # the DS certificate was issued by no CSCA of the trust store
    NOT_CHECKED = "not_checked"  # nothing to check: a DG the SOD lists was not read; no trust store


@dataclass(frozen=True)
class PassiveAuthResult:
    """Per data group hash outcome, the SOD signature and the DS certificate's chain to a CSCA.
    `data_groups` covers every DG read and every DG the SOD lists."""

    data_groups: dict[int, Check]
    sod_signature: Check
    certificate_chain: Check
    detail: str = ""

    @property
    def tampered(self) -> bool:
        """True when any hash or signature check failed: the card's data cannot be trusted."""
        checks = [*self.data_groups.values(), self.sod_signature, self.certificate_chain]
        return Check.MISMATCH in checks

    @property
    def mismatched_data_groups(self) -> tuple[int, ...]:
        """The data groups whose content differs from what the Document Signer signed."""
        return tuple(sorted(n for n, check in self.data_groups.items() if check is Check.MISMATCH))

    @property
    def passed(self) -> bool:
        """True when every DG read matched, the SOD signature verified and the chain to a trusted
        CSCA was verified."""
        return (self.sod_signature is Check.OK and self.certificate_chain is Check.OK
                and all(check is not Check.MISMATCH for check in self.data_groups.values()))


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


def _verify(public_key: object, sod: SodFile, data: bytes) -> None:
    """Raise InvalidSignature when `sod.signature` is not the DS key's over `data`."""
    algorithm = HASHES[sod.signature_hash]
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(sod.signature, data, ec.ECDSA(algorithm))
    elif isinstance(public_key, rsa.RSAPublicKey) and sod.signature_algorithm == "rsassa_pss":
        public_key.verify(sod.signature, data, padding.PSS(padding.MGF1(algorithm),
                                                           sod.pss_salt_length or 0), algorithm)
    elif isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(sod.signature, data, padding.PKCS1v15(), algorithm)
    else:
        raise UnsupportedAlgorithm(f"Document Signer key {type(public_key).__name__}")


def check_sod_signature(sod: SodFile) -> tuple[Check, str]:
    """The signed attributes' messageDigest is the LDSSecurityObject's hash, and the signature over
    them (or over the LDSSecurityObject when there are none) verifies with the DS certificate."""
    signed = sod.lds_security_object
    if sod.signed_attributes is not None:
        digest = hashlib.new(sod.digest_algorithm, sod.lds_security_object).digest()
        if sod.message_digest is None or not hmac.compare_digest(digest, sod.message_digest):
            return Check.MISMATCH, "the signed messageDigest differs from the LDSSecurityObject's hash"
        signed = sod.signed_attributes
    try:
        _verify(sod.signer_certificate.public_key(), sod, signed)
    except InvalidSignature:
        return Check.MISMATCH, "the EF.SOD signature does not verify with the DS certificate"
    except (UnsupportedAlgorithm, ValueError, TypeError) as exc:
        return Check.NOT_CHECKED, f"the EF.SOD signature cannot be checked: {exc}"
    return Check.OK, ""


def check_certificate_chain(certificate: x509.Certificate,
                            trust_store: Sequence[x509.Certificate] | None) -> tuple[Check, str]:
    """The DS certificate was signed by a CSCA of `trust_store` (NOT_CHECKED without a store)."""
    if trust_store is None:
        return Check.NOT_CHECKED, "no CSCA trust store given"
    issuers = [csca for csca in trust_store if csca.subject == certificate.issuer]
    if not issuers:
        return Check.UNTRUSTED, "the DS certificate's issuer is not in the trust store"
    for csca in issuers:
        try:
            certificate.verify_directly_issued_by(csca)
            return Check.OK, ""
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
            continue
    return Check.MISMATCH, "the DS certificate's signature does not verify with its CSCA"


def check_passive_auth(sod: SodFile | bytes, files_read: dict[int, bytes],
                       trust_store: Sequence[x509.Certificate] | None = None) -> PassiveAuthResult:
    """Check `files_read` ({dg_number: file bytes as read}) against the SOD; with `trust_store`
    (CSCA certificates) also check the DS certificate's issuer signature. LdsError only when `sod`
    is given as bytes that do not parse."""
    parsed = parse_sod(sod) if isinstance(sod, bytes) else sod
    signature, signature_detail = check_sod_signature(parsed)
    chain, chain_detail = check_certificate_chain(parsed.signer_certificate, trust_store)
    groups = check_data_groups(parsed, files_read)
    mismatched = [f"DG{n}" for n, check in groups.items() if check is Check.MISMATCH]
    details = [f"hash mismatch (tampered): {', '.join(mismatched)}" if mismatched else "",
               signature_detail, chain_detail]
    return PassiveAuthResult(groups, signature, chain, "; ".join(d for d in details if d))
