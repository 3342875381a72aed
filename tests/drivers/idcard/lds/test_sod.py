"""EF.SOD: what the simulator signs parses back (and OpenSSL-compatible CMS layout), and every
damaged or unexpected SOD raises LdsError."""

from __future__ import annotations

import hashlib

import pytest
from asn1crypto import cms
from hypothesis import given
from hypothesis import strategies as st

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds.sod import LDS_SECURITY_OBJECT_OID, LdsSecurityObject, encode_sod, parse_sod
from drivers.idcard.sim.pki import generate_test_pki
from tests.support.damage import FAST, garbled, parses_or_lds_error, truncated

PKI = generate_test_pki()
GROUPS = {1: b"\x61\x03dg1", 2: b"\x75\x05photo", 13: b"\x6d\x04id13"}
SOD = encode_sod(GROUPS, PKI.ds_certificate, PKI.ds_key)


@pytest.mark.parametrize("algorithm", ["sha256", "sha384", "sha512", "sha1"])
def test_round_trip(algorithm):
    sod = parse_sod(encode_sod(GROUPS, PKI.ds_certificate, PKI.ds_key, algorithm))
    assert sod.hash_algorithm == algorithm == sod.signature.digest_algorithm == sod.signature.signature_hash
    assert sod.dg_hashes == {n: hashlib.new(algorithm, data).digest() for n, data in GROUPS.items()}
    assert sod.signer_certificate == PKI.ds_certificate
    assert sod.signature.message_digest == hashlib.new(algorithm, sod.lds_security_object).digest()
    assert sod.signature.scheme == "ecdsa"
    assert sod.signature.signed_attributes is not None and sod.signature.signed_attributes[0] == 0x31


def test_layout_is_icao_cms():
    info = cms.ContentInfo.load(tlv.decode(SOD, 0x77).value)
    assert info["content_type"].native == "signed_data"
    encap = info["content"]["encap_content_info"]
    assert encap["content_type"].dotted == LDS_SECURITY_OBJECT_OID
    lso = LdsSecurityObject.load(encap["content"].native)
    assert lso["version"].native == 0
    assert [item["data_group_number"].native for item in lso["data_group_hash_values"]] == [1, 2, 13]


def _rewrapped(mutate) -> bytes:
    info = cms.ContentInfo.load(tlv.decode(SOD, 0x77).value)
    mutate(info["content"])
    return tlv.encode(0x77, info.dump(force=True))


def _set(path: tuple, value):
    def mutate(signed):
        node = signed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


def _lso(groups: list[tuple[int, bytes]], algorithm: str = "sha256") -> bytes:
    return LdsSecurityObject({"version": 0, "hash_algorithm": {"algorithm": algorithm},
                              "data_group_hash_values": [
                                  {"data_group_number": n, "data_group_hash_value": h}
                                  for n, h in groups]}).dump()


@pytest.mark.parametrize("mutate", [
    _set(("encap_content_info", "content_type"), "1.2.3.4"),
    _set(("certificates",), []),
    _set(("signer_infos",), []),
    _set(("encap_content_info", "content"), b"\x30\x03\x02\x01"),
    _set(("encap_content_info", "content"), _lso([(0, b"x" * 32)])),
    _set(("encap_content_info", "content"), _lso([(1, b"x" * 32), (1, b"y" * 32)])),
    _set(("encap_content_info", "content"), _lso([(1, b"x" * 16)], "md5")),
], ids=["content type", "no certificate", "no signer", "broken LDS object", "DG0",
        "duplicate DG", "md5"])
def test_unexpected_structure_raises_lds_error(mutate):
    with pytest.raises(LdsError):
        parse_sod(_rewrapped(mutate))


def test_not_signed_data_and_wrong_tags():
    with pytest.raises(LdsError):
        parse_sod(tlv.encode(0x77, cms.ContentInfo({"content_type": "data",
                                                    "content": b"abc"}).dump()))
    with pytest.raises(LdsError):
        parse_sod(b"\x6d" + SOD[1:])
    with pytest.raises(LdsError):
        parse_sod(tlv.encode(0x77, b"\x30\x00"))


@FAST
@given(truncated(SOD))
def test_truncated_raises_lds_error(data):
    with pytest.raises(LdsError):
        parse_sod(data)


@FAST
@given(garbled(SOD))
def test_garbled_raises_lds_error_only(data):
    parses_or_lds_error(parse_sod, data)


@FAST
@given(st.binary(max_size=300))
def test_random_body_raises_lds_error_only(body):
    with pytest.raises(LdsError):
        parse_sod(tlv.encode(0x77, b"\x30" + tlv.encode_length(len(body)) + body))
