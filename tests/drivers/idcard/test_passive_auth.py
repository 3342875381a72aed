"""Passive authentication: hashes per data group, the SOD signature (ECDSA, RSA PKCS#1 v1.5 and
PSS) and the DS certificate's chain to a CSCA; every alteration is reported as tampering."""

from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds.sod import encode_sod, parse_sod
from drivers.idcard.passive_auth import Check, check_passive_auth
from drivers.idcard.sim.pki import generate_test_pki
from drivers.idcard.trust.document_signer import SignerTrust

PKI = generate_test_pki()
GROUPS = {1: b"\x61\x03dg1", 2: b"\x75\x05photo", 13: b"\x6d\x04id13"}
SOD = encode_sod(GROUPS, PKI.ds_certificate, PKI.ds_key)


def test_genuine_card_passes():
    result = check_passive_auth(SOD, GROUPS, [PKI.csca_certificate])
    assert result.data_groups == {1: Check.OK, 2: Check.OK, 13: Check.OK}
    assert (result.sod_signature, result.certificate_chain) == (Check.OK, Check.OK)
    assert result.passed and not result.tampered
    assert result.detail == ""


def test_altered_data_group_is_tampering():
    result = check_passive_auth(parse_sod(SOD), {**GROUPS, 13: b"\x6d\x04id14"},
                                [PKI.csca_certificate])
    assert result.data_groups[13] is Check.MISMATCH
    assert result.mismatched_data_groups == (13,)
    assert result.tampered and not result.passed
    assert "DG13" in result.detail


def test_data_group_not_in_sod_is_tampering_and_unread_one_not_checked():
    result = check_passive_auth(SOD, {1: GROUPS[1], 11: b"\x6b\x00"}, [PKI.csca_certificate])
    assert result.data_groups == {1: Check.OK, 2: Check.NOT_CHECKED, 11: Check.MISMATCH,
                                  13: Check.NOT_CHECKED}
    assert result.tampered
    partial = check_passive_auth(SOD, {1: GROUPS[1]}, [PKI.csca_certificate])
    assert partial.passed and not partial.tampered


def _signed_data() -> cms.ContentInfo:
    return cms.ContentInfo.load(tlv.decode(SOD, 0x77).value)


def _wrap(info: cms.ContentInfo) -> bytes:
    return tlv.encode(0x77, info.dump(force=True))


def test_forged_signature_is_tampering():
    info = _signed_data()
    signer = info["content"]["signer_infos"][0]
    signature = bytearray(signer["signature"].native)
    signature[-1] ^= 0x01
    signer["signature"] = bytes(signature)
    result = check_passive_auth(_wrap(info), GROUPS, [PKI.csca_certificate])
    assert result.sod_signature is Check.MISMATCH
    assert result.tampered


def test_hashes_rewritten_without_resigning_is_tampering():
    forged_groups = {**GROUPS, 13: b"\x6d\x04evil"}
    forged = parse_sod(encode_sod(forged_groups, PKI.ds_certificate, PKI.ds_key))
    info = _signed_data()
    info["content"]["encap_content_info"]["content"] = forged.lds_security_object
    result = check_passive_auth(_wrap(info), forged_groups, [PKI.csca_certificate])
    assert result.data_groups[13] is Check.OK  # the forger's own hash list matches his data...
    assert result.sod_signature is Check.MISMATCH  # ...but the signed messageDigest does not
    assert result.tampered and "messageDigest" in result.detail


def test_certificate_chain_outcomes():
    other = generate_test_pki()  # same names, other keys: a look-alike CSCA
    look_alike = check_passive_auth(SOD, GROUPS, [other.csca_certificate])
    assert (look_alike.certificate_chain, look_alike.trust) == (Check.MISMATCH,
                                                                SignerTrust.INVALID_CHAIN)
    assert not look_alike.tampered  # the data is as signed; the signer is not vouched for
    assert check_passive_auth(SOD, GROUPS, [other.csca_certificate, PKI.csca_certificate]).passed
    assert check_passive_auth(SOD, GROUPS, [_rsa_ca()[2]]).certificate_chain is Check.UNTRUSTED
    assert check_passive_auth(SOD, GROUPS, []).certificate_chain is Check.UNTRUSTED
    unchecked = check_passive_auth(SOD, GROUPS)
    assert unchecked.certificate_chain is Check.NOT_CHECKED
    assert not unchecked.passed and not unchecked.tampered


def _rsa_ca() -> tuple[x509.Certificate, rsa.RSAPrivateKey, x509.Certificate]:
    """An RSA Document Signer (certificate, key) and the RSA CSCA that issued it."""
    csca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048)
                     for _ in range(2))
    csca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA test CSCA")])
    now = dt.datetime.now(dt.timezone.utc)

    def issue(subject: x509.Name, public_key, ca: bool) -> x509.Certificate:
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(csca_name)
                .public_key(public_key).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
                .add_extension(x509.KeyUsage(not ca, False, False, False, False, ca, ca, False,
                                             False), True)
                .sign(csca_key, hashes.SHA256()))

    csca = issue(csca_name, csca_key.public_key(), ca=True)
    ds = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA test signer")]),
               key.public_key(), ca=False)
    return ds, key, csca


def test_rsa_pkcs1_document_signer():
    cert, key, csca = _rsa_ca()
    sod = encode_sod(GROUPS, cert, key, "sha384")
    result = check_passive_auth(sod, GROUPS, [csca])
    assert parse_sod(sod).signature.scheme == "rsassa_pkcs1v15"
    assert result.passed


def test_rsa_pss_document_signer():
    cert, key, csca = _rsa_ca()
    info = cms.ContentInfo.load(tlv.decode(encode_sod(GROUPS, cert, key), 0x77).value)
    signer = info["content"]["signer_infos"][0]
    signer["signature_algorithm"] = {"algorithm": "rsassa_pss", "parameters": {
        "hash_algorithm": {"algorithm": "sha256"},
        "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": "sha256"}},
        "salt_length": 32, "trailer_field": "trailer_field_bc"}}
    signed_attributes = parse_sod(_wrap(info)).signature.signed_attributes
    signer["signature"] = key.sign(signed_attributes, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                                   hashes.SHA256())
    sod = parse_sod(_wrap(info))
    assert (sod.signature.scheme, sod.signature.pss_salt_length) == ("rsassa_pss", 32)
    assert check_passive_auth(sod, GROUPS, [csca]).passed
    signer["signature"] = key.sign(signed_attributes, padding.PKCS1v15(), hashes.SHA256())
    assert check_passive_auth(_wrap(info), GROUPS, [csca]).sod_signature is Check.MISMATCH


def test_unparsable_sod_bytes_raise_lds_error():
    with pytest.raises(LdsError):
        check_passive_auth(SOD[:-5], GROUPS)
