"""EF.SOD (ICAO 9303-10/-12, tag 77): a CMS SignedData by the Document Signer over the
LDSSecurityObject, which lists a hash of every data group. Parsing only; verifying is passive_auth."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import EF_SOD

#: id-icao-mrtd-security-ldsSecurityObject (ICAO 9303-10, 4.6.2)
LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(), "sha224": hashes.SHA224(), "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}


class DataGroupHash(core.Sequence):
    """DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER, dataGroupHashValue OCTET STRING }"""

    _fields = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class DataGroupHashValues(core.SequenceOf):
    """SEQUENCE OF DataGroupHash"""

    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    """LDSVersionInfo ::= SEQUENCE { ldsVersion PrintableString, unicodeVersion PrintableString }"""

    _fields = [("lds_version", core.PrintableString), ("unicode_version", core.PrintableString)]


class LdsSecurityObject(core.Sequence):
    """LDSSecurityObject ::= SEQUENCE { version INTEGER, hashAlgorithm AlgorithmIdentifier,
    dataGroupHashValues SEQUENCE OF DataGroupHash, ldsVersionInfo LDSVersionInfo OPTIONAL }"""

    _fields = [("version", core.Integer), ("hash_algorithm", algos.DigestAlgorithm),
               ("data_group_hash_values", DataGroupHashValues),
               ("lds_version_info", LdsVersionInfo, {"optional": True})]


@dataclass(frozen=True)
class SodFile:
    """EF.SOD, parsed: the data group hashes and everything needed to verify the signature.
    `signed_attributes` is the DER SET that was signed (None when the signature is directly over
    the LDSSecurityObject); `signature_hash` and `pss_salt_length` describe the signature."""

    hash_algorithm: str
    dg_hashes: dict[int, bytes]
    lds_security_object: bytes
    signer_certificate: x509.Certificate
    signed_attributes: bytes | None
    message_digest: bytes | None
    digest_algorithm: str
    signature_algorithm: str  # "ecdsa", "rsassa_pkcs1v15" or "rsassa_pss"
    signature_hash: str
    pss_salt_length: int | None
    signature: bytes


def _hash_name(name: str, what: str) -> str:
    if name not in HASHES:
        raise LdsError(detail=f"EF.SOD {what} {name!r} is not supported")
    return name


def _dg_hashes(lso: LdsSecurityObject) -> dict[int, bytes]:
    found: dict[int, bytes] = {}
    for item in lso["data_group_hash_values"]:
        number = item["data_group_number"].native
        if not 1 <= number <= 16 or number in found:
            raise LdsError(detail=f"EF.SOD lists data group {number} wrongly")
        found[number] = item["data_group_hash_value"].native
    return found


def _signer_certificate(signed: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate:
    """The certificate the signer identifier names (issuer+serial or key id); else the only one."""
    sid = signer["sid"]
    candidates = [choice.chosen for choice in signed["certificates"] or []
                  if choice.name == "certificate"]
    for cert in candidates:
        if (sid.name == "issuer_and_serial_number"
                and cert.issuer == sid.chosen["issuer"]
                and cert.serial_number == sid.chosen["serial_number"].native) or (
                sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native):
            return _load_certificate(cert.dump())
    if len(candidates) != 1:
        raise LdsError(detail="EF.SOD does not carry the Document Signer certificate")
    return _load_certificate(candidates[0].dump())


def _load_certificate(der: bytes) -> x509.Certificate:
    certificate = x509.load_der_x509_certificate(der)
    # Names are decoded on first access: reach them here so damage shows as LdsError now.
    if not certificate.issuer or not certificate.subject:
        raise LdsError(detail="EF.SOD Document Signer certificate has an empty name")
    return certificate


def _signed_attributes(signer: cms.SignerInfo) -> tuple[bytes | None, bytes | None]:
    """The signed attributes as signed (a DER SET, tag 31, not the [0] of their place) and the
    messageDigest among them."""
    attrs = signer["signed_attrs"]
    if not isinstance(attrs, cms.CMSAttributes) or len(attrs) == 0:
        return None, None
    digest = next((attr["values"][0].native for attr in attrs
                   if attr["type"].native == "message_digest"), None)
    raw = attrs.dump()
    return b"\x31" + raw[1:], digest


def _signature_scheme(signer: cms.SignerInfo, digest: str) -> tuple[str, str, int | None]:
    algorithm = signer["signature_algorithm"]
    name = algorithm.signature_algo
    try:
        signature_hash = algorithm.hash_algo
    except ValueError:  # a bare rsaEncryption/ecPublicKey OID: the digest algorithm applies
        signature_hash = digest
    salt = algorithm["parameters"]["salt_length"].native if name == "rsassa_pss" else None
    return name, _hash_name(signature_hash, "signature hash"), salt


def _parse(body: bytes) -> SodFile:
    info = cms.ContentInfo.load(body, strict=True)
    if info["content_type"].native != "signed_data":
        raise LdsError(detail="EF.SOD is not a CMS SignedData")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
        raise LdsError(detail="EF.SOD does not hold an LDSSecurityObject")
    lso_der = encap["content"].native
    tlv.check_nesting(lso_der)  # an OCTET STRING's content: not covered by the outer check
    lso = LdsSecurityObject.load(lso_der, strict=True)
    if len(signed["signer_infos"]) != 1:
        raise LdsError(detail="EF.SOD must have exactly one signer")
    signer = signed["signer_infos"][0]
    digest = _hash_name(signer["digest_algorithm"]["algorithm"].native, "digest algorithm")
    attributes, message_digest = _signed_attributes(signer)
    scheme, signature_hash, salt = _signature_scheme(signer, digest)
    return SodFile(_hash_name(lso["hash_algorithm"]["algorithm"].native, "hash algorithm"),
                   _dg_hashes(lso), lso_der, _signer_certificate(signed, signer), attributes,
                   message_digest, digest, scheme, signature_hash, salt, signer["signature"].native)


def parse_sod(data: bytes) -> SodFile:
    """EF.SOD bytes → SodFile; LdsError when malformed or nested deeper than tlv.MAX_DEPTH (it
    does NOT verify: see passive_auth)."""
    body = tlv.decode(data, EF_SOD.tag).value
    # asn1crypto descends recursively (e.g. into a certificate name's values): bound it first.
    tlv.check_nesting(body)
    try:
        return _parse(body)
    except LdsError:
        raise
    except RecursionError:  # a structure the nesting check let through must still not escape
        raise LdsError(detail="EF.SOD nested too deeply to parse") from None
    # asn1crypto parses lazily and reports damage as any of these when a field is reached.
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            x509.InvalidVersion) as exc:
        raise LdsError(detail=f"EF.SOD malformed: {type(exc).__name__}: {exc}"[:200]) from None


def _sign(key: object, data: bytes, hash_algorithm: str) -> tuple[bytes, str]:
    """Signature and its algorithm name (asn1crypto's) for an EC or RSA (PKCS#1 v1.5) key."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(HASHES[hash_algorithm])), f"{hash_algorithm}_ecdsa"
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), HASHES[hash_algorithm]), f"{hash_algorithm}_rsa"
    raise TypeError("the Document Signer key must be EC or RSA")


def encode_sod(data_groups: dict[int, bytes], signer_certificate: x509.Certificate,
               signer_key: object, hash_algorithm: str = "sha256") -> bytes:
    """Hash `data_groups` ({dg_number: file bytes}) and sign them as the Document Signer → EF.SOD."""
    lso = LdsSecurityObject({
        "version": 0, "hash_algorithm": {"algorithm": hash_algorithm},
        "data_group_hash_values": [
            {"data_group_number": number,
             "data_group_hash_value": hashlib.new(hash_algorithm, data_groups[number]).digest()}
            for number in sorted(data_groups)]}).dump()
    attributes = cms.CMSAttributes([
        {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
        {"type": "message_digest", "values": [hashlib.new(hash_algorithm, lso).digest()]}])
    signature, signature_algorithm = _sign(signer_key, attributes.dump(), hash_algorithm)
    cert = asn1_x509.Certificate.load(signer_certificate.public_bytes(serialization.Encoding.DER))
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
            "issuer": cert.issuer, "serial_number": cert.serial_number}}),
        "digest_algorithm": {"algorithm": hash_algorithm}, "signed_attrs": attributes,
        "signature_algorithm": {"algorithm": signature_algorithm}, "signature": signature})
    signed = cms.SignedData({
        "version": "v3", "digest_algorithms": [{"algorithm": hash_algorithm}],
        "encap_content_info": {"content_type": LDS_SECURITY_OBJECT_OID, "content": lso},
        "certificates": [cert], "signer_infos": [signer]})
    return tlv.encode(EF_SOD.tag, cms.ContentInfo({"content_type": "signed_data",
                                                   "content": signed}).dump())
