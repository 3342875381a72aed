"""EF.SOD (ICAO 9303-10/-12, tag 77): a CMS SignedData by the Document Signer over the
LDSSecurityObject, which lists a hash of every data group. Parsing only; verifying is passive_auth."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from asn1crypto import algos, core
from cryptography import x509

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import EF_SOD
from drivers.idcard.signed_data import Signature, hash_name, open_signed_data, sign_content

#: id-icao-mrtd-security-ldsSecurityObject (ICAO 9303-10, 4.6.2)
LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"


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
    """EF.SOD, parsed: the data group hashes and everything needed to verify the signature."""

    hash_algorithm: str
    dg_hashes: dict[int, bytes]
    lds_security_object: bytes
    signer_certificate: x509.Certificate
    signature: Signature


def _dg_hashes(lso: LdsSecurityObject) -> dict[int, bytes]:
    found: dict[int, bytes] = {}
    for item in lso["data_group_hash_values"]:
        number = item["data_group_number"].native
        if not 1 <= number <= 16 or number in found:
            raise LdsError(detail=f"EF.SOD lists data group {number} wrongly")
        found[number] = item["data_group_hash_value"].native
    return found


def _parse(body: bytes) -> SodFile:
    signed = open_signed_data(body, LDS_SECURITY_OBJECT_OID, "EF.SOD", LdsError)
    tlv.check_nesting(signed.content)  # an OCTET STRING's content: not covered by the outer check
    lso = LdsSecurityObject.load(signed.content, strict=True)
    return SodFile(hash_name(lso["hash_algorithm"]["algorithm"].native, "EF.SOD hash algorithm",
                             LdsError),
                   _dg_hashes(lso), signed.content, signed.signer_certificate, signed.signature)


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


def encode_sod(data_groups: dict[int, bytes], signer_certificate: x509.Certificate,
               signer_key: object, hash_algorithm: str = "sha256") -> bytes:
    """Hash `data_groups` ({dg_number: file bytes}) and sign them as the Document Signer → EF.SOD."""
    lso = LdsSecurityObject({
        "version": 0, "hash_algorithm": {"algorithm": hash_algorithm},
        "data_group_hash_values": [
            {"data_group_number": number,
             "data_group_hash_value": hashlib.new(hash_algorithm, data_groups[number]).digest()}
            for number in sorted(data_groups)]}).dump()
    return tlv.encode(EF_SOD.tag, sign_content(lso, LDS_SECURITY_OBJECT_OID, signer_certificate,
                                               signer_key, hash_algorithm))
