"""Active Authentication (ICAO 9303-11 §6.1): the chip signs the terminal's random challenge with
the private key whose public half is in DG15. A copy of the files on another chip lacks that key
and fails. RSA signatures are ISO/IEC 9796-2 scheme 1 (message recovery), ECDSA ones are plain
r||s (BSI TR-03111) with the hash DG14's ActiveAuthenticationInfo names."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (decode_dss_signature,
                                                             encode_dss_signature)

from drivers.idcard.errors import ChipError
from drivers.idcard.lds.security_infos import SecurityInfos
from drivers.idcard.protocol.apdu import Channel, CommandApdu

INS_INTERNAL_AUTHENTICATE = 0x88
CHALLENGE_BYTES = 8
#: ecdsa-plain-signatures (BSI TR-03111 §5.2.1) and X9.62 ecdsa-with-SHAx, by OID → hash name.
_ECDSA_HASHES = {"0.4.0.127.0.7.1.1.4.1.1": "sha1", "0.4.0.127.0.7.1.1.4.1.2": "sha224",
                 "0.4.0.127.0.7.1.1.4.1.3": "sha256", "0.4.0.127.0.7.1.1.4.1.4": "sha384",
                 "0.4.0.127.0.7.1.1.4.1.5": "sha512", "1.2.840.10045.4.1": "sha1",
                 "1.2.840.10045.4.3.1": "sha224", "1.2.840.10045.4.3.2": "sha256",
                 "1.2.840.10045.4.3.3": "sha384", "1.2.840.10045.4.3.4": "sha512"}
#: ISO/IEC 10118-3 hash identifiers used in an ISO 9796-2 trailer "xx CC"; "BC" means SHA-1.
_TRAILER_HASHES = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}
_HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
           "sha384": hashes.SHA384, "sha512": hashes.SHA512}
RandomBytes = Callable[[int], bytes]


def ecdsa_hash(infos: SecurityInfos | None) -> str | None:
    """The hash DG14 names for ECDSA Active Authentication (None: not named)."""
    for info in infos.active_authentication if infos else ():
        if info.signature_algorithm in _ECDSA_HASHES:
            return _ECDSA_HASHES[info.signature_algorithm]
    return None


def _rsa_recovered(key: rsa.RSAPublicKey, signature: bytes) -> bytes | None:
    """The ISO 9796-2 message representative F of an RSA signature (None if not one)."""
    numbers = key.public_numbers()
    size = (numbers.n.bit_length() + 7) // 8
    value = int.from_bytes(signature, "big")
    if len(signature) != size or value >= numbers.n:
        return None
    recovered = pow(value, numbers.e, numbers.n)
    if recovered % 16 != 12:  # ISO 9796-2: the representative or its complement ends in 0xC
        recovered = numbers.n - recovered
    return recovered.to_bytes(size, "big") if recovered % 16 == 12 else None


def verify_rsa(key: rsa.RSAPublicKey, challenge: bytes, signature: bytes) -> bool:
    """ISO/IEC 9796-2 scheme 1 with partial recovery: F = 6A || M1 || H(M1 || challenge) || trailer."""
    recovered = _rsa_recovered(key, signature)
    if recovered is None or recovered[0] not in (0x6A, 0x4A):
        return False
    if recovered[-1] == 0xBC:
        name, trailer = "sha1", 1
    elif recovered[-1] == 0xCC and recovered[-2] in _TRAILER_HASHES:
        name, trailer = _TRAILER_HASHES[recovered[-2]], 2
    else:
        return False
    length = hashlib.new(name).digest_size
    digest = recovered[-trailer - length:-trailer]
    m1 = recovered[1:-trailer - length]
    return hmac.compare_digest(hashlib.new(name, m1 + challenge).digest(), digest)


def verify_ecdsa(key: ec.EllipticCurvePublicKey, challenge: bytes, signature: bytes,
                 hash_name: str | None) -> bool:
    """A plain r||s (or DER) ECDSA signature over the challenge; with no hash named by DG14 the
    usual ones are tried (the key and the fresh challenge must match all the same)."""
    size = (key.curve.key_size + 7) // 8
    if len(signature) == 2 * size:
        der = encode_dss_signature(int.from_bytes(signature[:size], "big"),
                                   int.from_bytes(signature[size:], "big"))
    else:
        der = signature
    for name in ([hash_name] if hash_name else ["sha256", "sha1", "sha384", "sha512", "sha224"]):
        try:
            key.verify(der, challenge, ec.ECDSA(_HASHES[name]()))
            return True
        except (InvalidSignature, ValueError):
            continue
    return False


def authenticate(channel: Channel, key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey,
                 infos: SecurityInfos | None = None,
                 random_bytes: RandomBytes = os.urandom) -> tuple[bool, str]:
    """Send a fresh challenge (INTERNAL AUTHENTICATE, under secure messaging) and check the
    answer with the DG15 key: (True, "") for the chip that holds the key, (False, why) for one
    that does not. ChipError when the exchange itself fails (the chip may refuse: a status)."""
    challenge = random_bytes(CHALLENGE_BYTES)
    answer = channel.exchange(CommandApdu(0x00, INS_INTERNAL_AUTHENTICATE, 0, 0, challenge,
                                          le=256))
    signature = answer.check("INTERNAL AUTHENTICATE").data
    if isinstance(key, rsa.RSAPublicKey):
        valid = verify_rsa(key, challenge, signature)
    else:
        valid = verify_ecdsa(key, challenge, signature, ecdsa_hash(infos))
    return (True, "") if valid else (False, "the chip's answer is not signed with the DG15 key")


def sign_challenge(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, challenge: bytes,
                   hash_name: str = "sha256", random_bytes: RandomBytes = os.urandom) -> bytes:
    """The chip's side (the simulator's): RSA as ISO 9796-2 scheme 1 with SHA-1, ECDSA plain r||s."""
    if isinstance(key, rsa.RSAPrivateKey):
        numbers = key.private_numbers()
        n = numbers.public_numbers.n
        size = (n.bit_length() + 7) // 8
        m1 = random_bytes(size - 2 - 20)
        representative = b"\x6a" + m1 + hashlib.sha1(m1 + challenge).digest() + b"\xbc"
        return pow(int.from_bytes(representative, "big"), numbers.d, n).to_bytes(size, "big")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(challenge, ec.ECDSA(_HASHES[hash_name]())))
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    raise ChipError(detail=f"no Active Authentication with a {type(key).__name__}")
