"""ICAO CSCA master list (Doc 9303-12 §9): a CMS SignedData whose content, CscaMasterList, is a
SET OF CSCA certificates, signed by a Master List Signer whose certificate a CSCA in the list
issued. Parsing checks that the list is intact; trusting it is IT's choice of file."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.idcard.trust.errors import TrustStoreError

#: id-icao-cscaMasterList (ICAO 9303-12, 9.2)
CSCA_MASTER_LIST_OID = "2.23.136.1.1.2"
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512}
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


def _hash(name: str) -> hashes.HashAlgorithm:
    if name not in _HASHES:
        raise TrustStoreError(detail=f"master list hash algorithm {name!r} is not supported")
    return _HASHES[name]()


def _verify(key: object, signer: cms.SignerInfo, data: bytes, digest: str) -> None:
    algorithm = signer["signature_algorithm"]
    name = algorithm.signature_algo
    try:
        chosen = _hash(algorithm.hash_algo)
    except ValueError:  # a bare rsaEncryption/ecPublicKey OID: the digest algorithm applies
        chosen = _hash(digest)
    signature = signer["signature"].native
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(chosen))
    elif isinstance(key, rsa.RSAPublicKey) and name == "rsassa_pss":
        salt = algorithm["parameters"]["salt_length"].native
        key.verify(signature, data, padding.PSS(padding.MGF1(chosen), salt), chosen)
    elif isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), chosen)
    else:
        raise TrustStoreError(detail=f"master list signer key {type(key).__name__} not supported")


def _signed_part(signer: cms.SignerInfo, content: bytes, digest: str) -> bytes:
    """What the signature covers: the signed attributes (as a DER SET) once their messageDigest
    is checked against the content, or the content itself when there are none."""
    attrs = signer["signed_attrs"]
    if not isinstance(attrs, cms.CMSAttributes) or len(attrs) == 0:
        return content
    claimed = next((attr["values"][0].native for attr in attrs
                    if attr["type"].native == "message_digest"), None)
    actual = hashlib.new(digest, content).digest()
    if claimed is None or not hmac.compare_digest(claimed, actual):
        raise TrustStoreError(detail="master list content does not match its signed digest")
    return b"\x31" + attrs.dump()[1:]


def _parse(data: bytes) -> MasterList:
    info = cms.ContentInfo.load(data, strict=True)
    if info["content_type"].native != "signed_data":
        raise TrustStoreError(detail="not a CMS SignedData")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != CSCA_MASTER_LIST_OID:
        raise TrustStoreError(detail="the SignedData does not hold a CSCA master list")
    content = encap["content"].native
    certs = CscaMasterList.load(content, strict=True)["cert_list"]
    if len(certs) > MAX_CERTIFICATES:
        raise TrustStoreError(detail=f"{len(certs)} certificates: more than a master list holds")
    cscas = tuple(x509.load_der_x509_certificate(cert.dump()) for cert in certs)
    if len(signed["signer_infos"]) != 1:
        raise TrustStoreError(detail="a master list has exactly one signer")
    signer_info = signed["signer_infos"][0]
    sid = signer_info["sid"]
    embedded = [choice.chosen for choice in signed["certificates"] or []
                if choice.name == "certificate"]
    matches = [cert for cert in embedded
               if (sid.name == "issuer_and_serial_number" and cert.issuer == sid.chosen["issuer"]
                   and cert.serial_number == sid.chosen["serial_number"].native)
               or (sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native)]
    if len(matches) != 1:
        raise TrustStoreError(detail="the master list signer's certificate is not in it")
    signer = x509.load_der_x509_certificate(matches[0].dump())
    digest = signer_info["digest_algorithm"]["algorithm"].native
    _hash(digest)
    _verify(signer.public_key(), signer_info, _signed_part(signer_info, content, digest), digest)
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
    attributes = cms.CMSAttributes([
        {"type": "content_type", "values": [CSCA_MASTER_LIST_OID]},
        {"type": "message_digest", "values": [hashlib.new(hash_algorithm, content).digest()]}])
    signature = signer_key.sign(attributes.dump(), ec.ECDSA(_hash(hash_algorithm)))
    signer_cert = der(signer)
    info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
            "issuer": signer_cert.issuer, "serial_number": signer_cert.serial_number}}),
        "digest_algorithm": {"algorithm": hash_algorithm}, "signed_attrs": attributes,
        "signature_algorithm": {"algorithm": f"{hash_algorithm}_ecdsa"}, "signature": signature})
    signed = cms.SignedData({
        "version": "v3", "digest_algorithms": [{"algorithm": hash_algorithm}],
        "encap_content_info": {"content_type": CSCA_MASTER_LIST_OID, "content": content},
        "certificates": [signer_cert], "signer_infos": [info]})
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
