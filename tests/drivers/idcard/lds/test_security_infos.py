"""SecurityInfos (EF.CardAccess, DG14): the CCCD's EF.CardAccess as Vietnamese apps hard-code it
(reference cccd-chip.md §3.3), the ICAO PACE worked example's (§8.4), DG14-style entries with a
public key, unknown entries kept, encode/parse round trips, and malformed bytes as typed errors."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.errors import ChipError, LdsError, SecurityInfosError
from drivers.idcard.lds.security_infos import (ID_AA, ID_PK_ECDH, ID_TA, ActiveAuthenticationInfo,
                                               ChipAuthenticationDomainParameterInfo,
                                               ChipAuthenticationInfo,
                                               ChipAuthenticationPublicKeyInfo, CipherSuite,
                                               PaceDomainParameterInfo, PaceInfo,
                                               TerminalAuthenticationInfo, UnknownSecurityInfo,
                                               cipher_suite, encode_security_infos,
                                               parse_security_infos)

CCCD_CARD_ACCESS = bytes.fromhex(
    "3134300D06080400 7F00070202020201 01300F060A04007F 0007020203020202 0101301206 0A04007F00"
    "070202040202020102 02010D".replace(" ", ""))
ICAO_CARD_ACCESS = bytes.fromhex("31143012060A04007F0007020204020202010202010D")
PACE_ECDH_GM_AES128 = "0.4.0.127.0.7.2.2.4.2.2"
CA_ECDH_AES128 = "0.4.0.127.0.7.2.2.3.2.2"


def _spki() -> bytes:
    key = ec.generate_private_key(ec.BrainpoolP256R1()).public_key()
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def test_cccd_card_access_lists_ta_ca_and_pace():
    infos = parse_security_infos(CCCD_CARD_ACCESS)
    assert infos.entries == (
        TerminalAuthenticationInfo(ID_TA, 1),
        ChipAuthenticationInfo(CA_ECDH_AES128, 1),
        PaceInfo(PACE_ECDH_GM_AES128, 2, 13))
    assert infos.pace[0].suite == CipherSuite("ECDH", "GM", "AES", 128)
    assert infos.chip_authentication[0].suite == CipherSuite("ECDH", None, "AES", 128)
    assert encode_security_infos(infos.entries) == CCCD_CARD_ACCESS


def test_icao_worked_example_card_access():
    infos = parse_security_infos(ICAO_CARD_ACCESS)
    assert infos.entries == (PaceInfo(PACE_ECDH_GM_AES128, 2, 13),)
    assert encode_security_infos(infos.entries) == ICAO_CARD_ACCESS


@pytest.mark.parametrize(("protocol", "suite"), [
    ("0.4.0.127.0.7.2.2.4.1.1", CipherSuite("DH", "GM", "3DES", 112)),
    ("0.4.0.127.0.7.2.2.4.2.4", CipherSuite("ECDH", "GM", "AES", 256)),
    ("0.4.0.127.0.7.2.2.4.4.3", CipherSuite("ECDH", "IM", "AES", 192)),
    ("0.4.0.127.0.7.2.2.4.6.2", CipherSuite("ECDH", "CAM", "AES", 128)),
    ("0.4.0.127.0.7.2.2.3.1.1", CipherSuite("DH", None, "3DES", 112)),
    ("0.4.0.127.0.7.2.2.4.2.9", None),
    ("0.4.0.127.0.7.2.2.4.2", None),
    ("0.4.0.127.0.7.2.2.3.4.2", None),
    ("1.2.3", None),
])
def test_cipher_suites_named_by_object_identifiers(protocol, suite):
    assert cipher_suite(protocol) == suite


def test_dg14_entries_round_trip_and_keep_the_public_key_bytes():
    spki = _spki()
    entries = (
        ChipAuthenticationPublicKeyInfo(ID_PK_ECDH, spki, 7),
        ChipAuthenticationInfo(CA_ECDH_AES128, 1, 7),
        ChipAuthenticationDomainParameterInfo("0.4.0.127.0.7.2.2.3.2", bytes.fromhex(
            "301406072a8648ce3d020106092b2403030208010107")),
        PaceDomainParameterInfo("0.4.0.127.0.7.2.2.4.2", bytes.fromhex(
            "301406072a8648ce3d020106092b2403030208010107"), 3),
        ActiveAuthenticationInfo(ID_AA, 1, "1.2.840.10045.4.3.2"),
        TerminalAuthenticationInfo(ID_TA, 1, bytes.fromhex("3003040101")),
    )
    infos = parse_security_infos(encode_security_infos(entries))
    assert infos.entries == entries
    assert infos.chip_authentication_keys[0].public_key == spki
    assert infos.active_authentication[0].signature_algorithm == "1.2.840.10045.4.3.2"


def test_unknown_entries_are_kept_whole():
    unknown = bytes.fromhex("300906042a0304050101ff")  # SEQUENCE { OID 1.2.3.4.5, BOOLEAN TRUE }
    # A PACE OID with a cipher arc not (yet) defined: a future suite, kept, not an error.
    future = bytes.fromhex("300f060a04007f00070202040209020102")
    data = encode_security_infos([UnknownSecurityInfo("1.2.3.4.5", unknown),
                                  PaceInfo(PACE_ECDH_GM_AES128, 2, 13),
                                  UnknownSecurityInfo("0.4.0.127.0.7.2.2.4.2.9", future)])
    infos = parse_security_infos(data)
    assert infos.entries[0] == UnknownSecurityInfo("1.2.3.4.5", unknown)
    assert infos.entries[2] == UnknownSecurityInfo("0.4.0.127.0.7.2.2.4.2.9", future)
    assert infos.pace == (PaceInfo(PACE_ECDH_GM_AES128, 2, 13),)
    assert encode_security_infos(infos.entries) == data


@pytest.mark.parametrize("data", [
    b"",
    b"\x30\x00",
    b"\x31\x00",
    CCCD_CARD_ACCESS[:-1],
    CCCD_CARD_ACCESS + b"\x00",
    bytes.fromhex("3105300306012a"),                       # entry without requiredData
    bytes.fromhex("310f300d06080400 7f00070202020400".replace(" ", "")),   # TA version not INTEGER
    bytes.fromhex("3110300e060a04007f000702020101020101"),  # CA public key that is an INTEGER
    bytes.fromhex("310c300a060667810801010502 0101".replace(" ", "")),     # AA without algorithm
    bytes.fromhex("3113301106 0a04007f0007020204020202 03 ffffff".replace(" ", "")),  # negative version
])
def test_malformed_security_infos_are_typed_errors(data):
    with pytest.raises(SecurityInfosError) as caught:
        parse_security_infos(data)
    assert isinstance(caught.value, LdsError)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_any_bytes_give_security_infos_or_a_chip_error(data):
    try:
        parse_security_infos(data)
    except ChipError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(CCCD_CARD_ACCESS) - 1), st.integers(1, 255))
def test_any_damaged_byte_gives_security_infos_or_a_chip_error(index, flip):
    damaged = bytearray(CCCD_CARD_ACCESS)
    damaged[index] ^= flip
    try:
        parse_security_infos(bytes(damaged))
    except ChipError:
        pass
