"""CMS SignedData as ICAO 9303 uses it (EF.SOD, 9303-10 §4.6.2; CSCA master lists, 9303-12 §9):
one signer whose certificate travels inside, signed attributes holding a messageDigest of the
content. Opening, the signer's certificate, verifying and (for simulators and tests) signing,
written once for both; each caller raises its own error class with the details given here."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.idcard.errors import ChipError

HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(), "sha224": hashes.SHA224(), "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}


@dataclass(frozen=True)
class Signature:
    """How the one signer signed: `scheme` "ecdsa", "rsassa_pkcs1v15" or "rsassa_pss"; the
    digest over the content, the hash inside the signature, the PSS salt; `signed_attributes`
    as signed (a DER SET; None when the signature is over the content itself) and the
    messageDigest among them."""

    scheme: str
    digest_algorithm: str
    signature_hash: str
    pss_salt_length: int | None
    signed_attributes: bytes | None
    message_digest: bytes | None
    value: bytes


@dataclass(frozen=True)
class SignedContent:
    """An opened SignedData: its content (DER), the signer's certificate and signature."""

    content: bytes
    signer_certificate: x509.Certificate
    signature: Signature


def hash_name(name: str, what: str, error: type[ChipError]) -> str:
    """`name` when it is a hash 9303 allows; else `error` naming `what`."""
    if name not in HASHES:
        raise error(detail=f"{what} {name!r} is not supported")
    return name


def open_signed_data(data: bytes, content_oid: str, what: str,
                     error: type[ChipError]) -> SignedContent:
    """The SignedData in a ContentInfo holding `content_oid`, with exactly one signer whose
    certificate it carries. `error` (detail naming `what`) for what is not so; asn1crypto's own
    errors (ValueError, TypeError, ...) pass through for the caller's catch-all."""
    info = cms.ContentInfo.load(data, strict=True)
    if info["content_type"].native != "signed_data":
        raise error(detail=f"{what} is not a CMS SignedData")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != content_oid:
        raise error(detail=f"{what} does not hold its content type {content_oid}")
    if len(signed["signer_infos"]) != 1:
        raise error(detail=f"{what} must have exactly one signer")
    signer = signed["signer_infos"][0]
    content = encap["content"].native
    if not isinstance(content, bytes):
        raise error(detail=f"{what} has no content")
    return SignedContent(content, _signer_certificate(signed, signer, what, error),
                         _signature(signer, what, error))


def _signer_certificate(signed: cms.SignedData, signer: cms.SignerInfo, what: str,
                        error: type[ChipError]) -> x509.Certificate:
    """The certificate the signer identifier names (issuer+serial or key id); else the only one
    carried (some issuers' identifiers are off; the signature check decides either way)."""
    sid = signer["sid"]
    candidates = [choice.chosen for choice in signed["certificates"] or []
                  if choice.name == "certificate"]
    named = [cert for cert in candidates
             if (sid.name == "issuer_and_serial_number" and cert.issuer == sid.chosen["issuer"]
                 and cert.serial_number == sid.chosen["serial_number"].native)
             or (sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native)]
    chosen = named[:1] or (candidates if len(candidates) == 1 else [])
    if not chosen:
        raise error(detail=f"{what} does not carry its signer's certificate")
    certificate = x509.load_der_x509_certificate(chosen[0].dump())
    # Names are decoded on first access: reach them here so damage shows as `error` now.
    if not certificate.issuer or not certificate.subject:
        raise error(detail=f"{what} signer certificate has an empty name")
    return certificate


def _signature(signer: cms.SignerInfo, what: str, error: type[ChipError]) -> Signature:
    digest = hash_name(signer["digest_algorithm"]["algorithm"].native,
                       f"{what} digest algorithm", error)
    algorithm = signer["signature_algorithm"]
    scheme = algorithm.signature_algo
    try:
        signature_hash = algorithm.hash_algo
    except ValueError:  # a bare rsaEncryption/ecPublicKey OID: the digest algorithm applies
        signature_hash = digest
    salt = algorithm["parameters"]["salt_length"].native if scheme == "rsassa_pss" else None
    attributes, message_digest = None, None
    attrs = signer["signed_attrs"]
    if isinstance(attrs, cms.CMSAttributes) and len(attrs) > 0:
        message_digest = next((attr["values"][0].native for attr in attrs
                               if attr["type"].native == "message_digest"), None)
        # signed as a DER SET (tag 31), not with the [0] tag of their place in SignerInfo
        attributes = b"\x31" + attrs.dump()[1:]
    return Signature(scheme, digest, hash_name(signature_hash, f"{what} signature hash", error),
                     salt, attributes, message_digest, signer["signature"].native)


def signed_part(signature: Signature, content: bytes) -> bytes | None:
    """What the signature covers: the signed attributes once their messageDigest is the
    content's hash, or the content itself when there are none; None when the digest differs."""
    if signature.signed_attributes is None:
        return content
    actual = hashlib.new(signature.digest_algorithm, content).digest()
    if signature.message_digest is None or not hmac.compare_digest(signature.message_digest, actual):
        return None
    return signature.signed_attributes


def verify_signature(public_key: object, signature: Signature, data: bytes) -> None:
    """InvalidSignature when `signature` is not `public_key`'s over `data`;
    UnsupportedAlgorithm for a key neither EC nor RSA."""
    algorithm = HASHES[signature.signature_hash]
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature.value, data, ec.ECDSA(algorithm))
    elif isinstance(public_key, rsa.RSAPublicKey) and signature.scheme == "rsassa_pss":
        public_key.verify(signature.value, data,
                          padding.PSS(padding.MGF1(algorithm), signature.pss_salt_length or 0),
                          algorithm)
    elif isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature.value, data, padding.PKCS1v15(), algorithm)
    else:
        raise UnsupportedAlgorithm(f"signer key {type(public_key).__name__}")


def sign_content(content: bytes, content_oid: str, signer_certificate: x509.Certificate,
                 signer_key: object, hash_algorithm: str = "sha256") -> bytes:
    """A ContentInfo of a SignedData over `content` by the signer (EC, or RSA PKCS#1 v1.5), with
    signed attributes and the signer's certificate, as issuers write them: for the simulated
    chip, test PKIs and tests."""
    attributes = cms.CMSAttributes([
        {"type": "content_type", "values": [content_oid]},
        {"type": "message_digest", "values": [hashlib.new(hash_algorithm, content).digest()]}])
    if isinstance(signer_key, ec.EllipticCurvePrivateKey):
        value = signer_key.sign(attributes.dump(), ec.ECDSA(HASHES[hash_algorithm]))
        algorithm = f"{hash_algorithm}_ecdsa"
    elif isinstance(signer_key, rsa.RSAPrivateKey):
        value = signer_key.sign(attributes.dump(), padding.PKCS1v15(), HASHES[hash_algorithm])
        algorithm = f"{hash_algorithm}_rsa"
    else:
        raise TypeError("the signer key must be EC or RSA")
    cert = asn1_x509.Certificate.load(signer_certificate.public_bytes(serialization.Encoding.DER))
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
            "issuer": cert.issuer, "serial_number": cert.serial_number}}),
        "digest_algorithm": {"algorithm": hash_algorithm}, "signed_attrs": attributes,
        "signature_algorithm": {"algorithm": algorithm}, "signature": value})
    signed = cms.SignedData({
        "version": "v3", "digest_algorithms": [{"algorithm": hash_algorithm}],
        "encap_content_info": {"content_type": content_oid, "content": content},
        "certificates": [cert], "signer_infos": [signer]})
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
