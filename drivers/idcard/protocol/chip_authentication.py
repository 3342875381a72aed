"""Chip Authentication v1 with ECDH (ICAO 9303-11 §6.2, BSI TR-03110-2 §3.4): the terminal sends
an ephemeral key on the curve of the chip's static key (DG14), both sides derive new session keys
from the shared secret, and secure messaging restarts under them (counter zero). Only the chip
that holds DG14's private key can answer under those keys, so a copy of the files fails."""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core, keys
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError, SecureMessagingError
from drivers.idcard.lds.security_infos import (ID_PK_ECDH, ChipAuthenticationInfo,
                                               ChipAuthenticationPublicKeyInfo, CipherSuite,
                                               SecurityInfos)
from drivers.idcard.protocol import pace
from drivers.idcard.protocol.apdu import Channel, CommandApdu
from drivers.idcard.protocol.pace import kdf
from drivers.idcard.protocol.secure_messaging import SecureMessaging

INS_MSE, INS_GENERAL_AUTHENTICATE = 0x22, 0x86
#: MSE:Set AT for internal authentication (Chip Authentication), ICAO 9303-11 §6.2.4.
MSE_SET_AT_CA = (0x41, 0xA4)
_TAG_OID, _TAG_KEY_ID, _TAG_DYNAMIC, _TAG_EPHEMERAL = 0x80, 0x84, 0x7C, 0x80
_ENC, _MAC = 1, 2


class ChipAuthenticationUnsupported(Exception):
    """DG14 offers Chip Authentication in a form this reader does not do (DH, a curve that is not
    a standardized one, an unknown cipher): a result to report, not a failure of the chip."""


@dataclass(frozen=True)
class ChipAuthenticationOffer:
    """What DG14 offers: the protocol (id-CA-ECDH-…), the chip's static public key, the keyId."""

    protocol: str
    public_key: ec.EllipticCurvePublicKey
    key_id: int | None
    suite: CipherSuite


def session_messaging(shared_secret: bytes, suite: CipherSuite) -> SecureMessaging:
    """Secure messaging under the keys of the shared secret, counter zero (both sides): the same
    key derivation as PACE's (ICAO 9303-11 §9.7.1)."""
    return pace.SuiteKeys(suite, kdf(shared_secret, _ENC, suite),
                            kdf(shared_secret, _MAC, suite)).secure_messaging()


def _static_key(info: ChipAuthenticationPublicKeyInfo) -> ec.EllipticCurvePublicKey:
    if info.protocol != ID_PK_ECDH:
        raise ChipAuthenticationUnsupported("Chip Authentication with DH keys")
    try:
        key = serialization.load_der_public_key(info.public_key)
    except (ValueError, UnsupportedAlgorithm) as exc:
        # Real chips often give the curve as explicit parameters, which `cryptography` does not
        # load: the curve they spell out is a standardized one, loaded by its name.
        key = _explicit_curve_key(info.public_key, exc)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ChipAuthenticationUnsupported("DG14 public key is not an EC key")
    return key


def _explicit_curve_key(spki: bytes, why: Exception) -> ec.EllipticCurvePublicKey:
    try:
        info = keys.PublicKeyInfo.load(spki, strict=True)
        parameters = info["algorithm"]["parameters"]
        if info["algorithm"]["algorithm"].native != "ec" or parameters.name != "specified":
            raise ValueError("not an EC key with explicit parameters")
        domain = parameters.chosen
        if domain["field_id"]["field_type"].native != "prime_field":
            raise ValueError("not a prime field")
        prime = domain["field_id"]["parameters"].native
        a, b = (int.from_bytes(domain["curve"][n].native, "big") for n in ("a", "b"))
        base = domain["base"].native
        size = (prime.bit_length() + 7) // 8
        if len(base) != 1 + 2 * size or base[0] != 4:
            raise ValueError("the base point is not uncompressed")
        generator = (int.from_bytes(base[1:1 + size], "big"), int.from_bytes(base[1 + size:], "big"))
        params = pace.standard_curve_of(prime, a, b, generator, domain["order"].native)
        if params is None:
            raise ChipAuthenticationUnsupported("DG14 public key on a curve that is not a "
                                                "standardized one")
        return ec.EllipticCurvePublicKey.from_encoded_point(params.curve,
                                                            bytes(info["public_key"]))
    except ChipAuthenticationUnsupported:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ChipAuthenticationUnsupported(
            f"DG14 public key not loadable: {why}; {type(exc).__name__}: {exc}"[:200]) from None


def choose_offer(infos: SecurityInfos | None) -> ChipAuthenticationOffer | None:
    """The Chip Authentication DG14 offers (None when it offers none); raises
    ChipAuthenticationUnsupported when it offers one this reader cannot do."""
    if infos is None or not infos.chip_authentication_keys:
        return None
    keys = infos.chip_authentication_keys
    offers: list[ChipAuthenticationInfo] = list(infos.chip_authentication)
    if not offers:  # a key without a ChipAuthenticationInfo: 3DES is implied (ICAO 9303-11 9.2.5)
        offers = [ChipAuthenticationInfo("0.4.0.127.0.7.2.2.3.2.1", 1, keys[0].key_id)]
    for offer in offers:
        suite = offer.suite
        if suite.key_agreement != "ECDH":
            continue
        key_info = next((k for k in keys if offer.key_id is None or k.key_id == offer.key_id), None)
        if key_info is None:
            raise ChipAuthenticationUnsupported(f"DG14 has no public key with keyId {offer.key_id}")
        return ChipAuthenticationOffer(offer.protocol, _static_key(key_info), offer.key_id, suite)
    raise ChipAuthenticationUnsupported("DG14 offers Chip Authentication with DH only")


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962,
                            serialization.PublicFormat.UncompressedPoint)


def set_at_data(offer: ChipAuthenticationOffer) -> bytes:
    """MSE:Set AT's data: the protocol OID (DO80) and, when DG14 names one, the keyId (DO84)."""
    data = tlv.encode(_TAG_OID, tlv.decode(core.ObjectIdentifier(offer.protocol).dump(), 0x06).value)
    if offer.key_id is not None:
        size = max(1, (offer.key_id.bit_length() + 7) // 8)
        data += tlv.encode(_TAG_KEY_ID, offer.key_id.to_bytes(size, "big"))
    return data


def authenticate(channel: Channel, offer: ChipAuthenticationOffer) -> SecureMessaging:
    """Run Chip Authentication over `channel` (the current secure messaging) and return the
    secure messaging both sides continue under. The chip's proof is implicit: the next answer
    under these keys verifies only if it holds DG14's private key (see chip_proof)."""
    ephemeral = ec.generate_private_key(offer.public_key.curve)
    channel.exchange(CommandApdu(0x00, INS_MSE, *MSE_SET_AT_CA, set_at_data(offer))) \
        .check("MSE:Set AT (Chip Authentication)")
    dynamic = tlv.encode(_TAG_DYNAMIC, tlv.encode(_TAG_EPHEMERAL, _point(ephemeral.public_key())))
    channel.exchange(CommandApdu(0x00, INS_GENERAL_AUTHENTICATE, 0, 0, dynamic, le=256)) \
        .check("GENERAL AUTHENTICATE (Chip Authentication)")
    shared = ephemeral.exchange(ec.ECDH(), offer.public_key)
    return session_messaging(shared, offer.suite)


def answer(private_key: ec.EllipticCurvePrivateKey, suite: CipherSuite,
           general_authenticate_data: bytes) -> SecureMessaging:
    """The chip's side (the simulator's): the terminal's ephemeral key from GENERAL AUTHENTICATE,
    and the secure messaging that follows. SecureMessagingError when the data is malformed."""
    try:
        point = tlv.decode(general_authenticate_data, _TAG_DYNAMIC).child(_TAG_EPHEMERAL).value
        terminal_key = ec.EllipticCurvePublicKey.from_encoded_point(private_key.curve, point)
    except (LdsError, ValueError) as exc:
        raise SecureMessagingError(detail=f"Chip Authentication key unusable: {exc}"[:200]) from None
    shared = private_key.exchange(ec.ECDH(), terminal_key)
    return session_messaging(shared, suite)
