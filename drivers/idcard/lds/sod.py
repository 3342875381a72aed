"""EF.SOD (ICAO 9303-10/-12, tag 77): a CMS SignedData by the Document Signer over the
LDSSecurityObject, which lists a hash of every data group."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509


@dataclass(frozen=True)
class SodFile:
    """EF.SOD, parsed: hash algorithm ("sha256", ...), {dg_number: digest}, the DS certificate,
    the signed attributes (DER, as signed), the signature and what is needed to verify it."""

    hash_algorithm: str
    dg_hashes: dict[int, bytes]
    lds_security_object: bytes
    signer_certificate: x509.Certificate
    signed_attributes: bytes | None
    message_digest: bytes | None
    digest_algorithm: str
    signature_algorithm: str
    signature: bytes


def parse_sod(data: bytes) -> SodFile:
    """EF.SOD bytes → SodFile; LdsError when malformed (it does NOT verify: see passive_auth)."""
    raise NotImplementedError


def encode_sod(data_groups: dict[int, bytes], signer_certificate: x509.Certificate,
               signer_key: object, hash_algorithm: str = "sha256") -> bytes:
    """Hash `data_groups` ({dg_number: file bytes}) and sign them as the Document Signer → EF.SOD."""
    raise NotImplementedError
