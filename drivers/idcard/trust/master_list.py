"""ICAO CSCA master list (Doc 9303-12 §9): a CMS SignedData whose content, CscaMasterList, is a
SET OF CSCA certificates, signed by a Master List Signer whose certificate a CSCA in the list
issued. Parsing checks that the list is intact; trusting it is IT's choice of file."""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from drivers.idcard.signed_data import open_signed_data, sign_content, signed_part, verify_signature
from drivers.idcard.trust.errors import TrustStoreError

#: id-icao-cscaMasterList (ICAO 9303-12, 9.2)
CSCA_MASTER_LIST_OID = "2.23.136.1.1.2"
#: A national master list holds a few hundred certificates; far more is not a master list.
MAX_CERTIFICATES = 10_000


class CertificateSet(core.SetOf):
    _child_spec = asn1_x509.Certificate


class CscaMasterList(core.Sequence):
    """CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }"""

    _fields = [("version", core.Integer), ("cert_list", CertificateSet)]


@dataclass(frozen=True)
class MasterList:
    """The CSCA certificates of one master list, and who signed it."""

    certificates: tuple[x509.Certificate, ...]
    signer: x509.Certificate


def _parse(data: bytes) -> MasterList:
    signed = open_signed_data(data, CSCA_MASTER_LIST_OID, "the master list", TrustStoreError)
    certs = CscaMasterList.load(signed.content, strict=True)["cert_list"]
    if len(certs) > MAX_CERTIFICATES:
        raise TrustStoreError(detail=f"{len(certs)} certificates: more than a master list holds")
    cscas = tuple(x509.load_der_x509_certificate(cert.dump()) for cert in certs)
    part = signed_part(signed.signature, signed.content)
    if part is None:
        raise TrustStoreError(detail="master list content does not match its signed digest")
    signer = signed.signer_certificate
    verify_signature(signer.public_key(), signed.signature, part)
    # The signer must hold a certificate from a CSCA of the list itself (9303-12 §9.2).
    for csca in cscas:
        try:
            signer.verify_directly_issued_by(csca)
            return MasterList(cscas, signer)
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
            continue
    raise TrustStoreError(detail="no CSCA of the master list issued its signer's certificate")


def parse_master_list(data: bytes) -> MasterList:
    """Master list bytes (DER, as the ICAO PKD and national CSCAs publish them) → MasterList;
    TrustStoreError when malformed or when its signature does not verify."""
    try:
        return _parse(data)
    except TrustStoreError:
        raise
    except InvalidSignature:
        raise TrustStoreError(detail="the master list's signature does not verify") from None
    # asn1crypto parses lazily and reports damage as any of these when a field is reached.
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError, UnsupportedAlgorithm, x509.InvalidVersion) as exc:
        raise TrustStoreError(detail=f"master list malformed: {type(exc).__name__}: {exc}"[:200]) \
            from None


def encode_master_list(certificates: list[x509.Certificate], signer: x509.Certificate,
                       signer_key: ec.EllipticCurvePrivateKey, hash_algorithm: str = "sha256") -> bytes:
    """A master list of `certificates` signed by `signer` (ECDSA): for tests and test PKIs."""
    der = lambda cert: asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    content = CscaMasterList({"version": 0, "cert_list": [der(c) for c in certificates]}).dump()
    return sign_content(content, CSCA_MASTER_LIST_OID, signer, signer_key, hash_algorithm)
