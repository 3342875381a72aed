"""Basic Access Control (ICAO 9303-11 section 4.3): keys from the MRZ data, mutual authentication
with GET CHALLENGE and EXTERNAL AUTHENTICATE, and the 3DES session keys and send sequence counter.
Both halves live here: the terminal's, and the chip's for the simulated card."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from drivers.idcard.access_key import AccessKey
from drivers.idcard.protocol.apdu import (INS_EXTERNAL_AUTHENTICATE, INS_GET_CHALLENGE, ByteTransport,
                                 CommandApdu, exchange)
from drivers.idcard.errors import AccessDeniedError, SecureMessagingError
from drivers.idcard.protocol.secure_messaging import (SecureMessaging, TripleDesCipher, derive_3des_key,
                                             des3_decrypt, des3_encrypt, retail_mac)

_ENC, _MAC = 1, 2
_NONCE = 8
_KEY_PART = 16
_CRYPTOGRAM = 32
#: What chips answer EXTERNAL AUTHENTICATE with a wrong key: 6300 (ICAO's usual "authentication
#: failed"), 6982 or 6A80 on other operating systems, 6988 where the chip checks the MAC of our
#: cryptogram as a secure-messaging object (vsmartcard's ePass). Each means: the key is wrong.
WRONG_KEY_STATUS = frozenset({0x6300, 0x6982, 0x6A80, 0x6988})

RandomBytes = Callable[[int], bytes]


@dataclass(frozen=True)
class BasicAccessKeys:
    """K_enc and K_mac, the document's BAC keys derived from the MRZ data."""

    k_enc: bytes
    k_mac: bytes


@dataclass(frozen=True)
class SessionKeys:
    """What mutual authentication yields: 3DES session keys and the starting counter."""

    ks_enc: bytes
    ks_mac: bytes
    ssc: bytes

    def secure_messaging(self) -> SecureMessaging:
        return SecureMessaging(TripleDesCipher(self.ks_enc, self.ks_mac), self.ssc)


def derive_key_seed(access_key: AccessKey) -> bytes:
    """K_seed: the first 16 bytes of SHA-1 over the MRZ information."""
    return hashlib.sha1(access_key.mrz_information().encode("ascii")).digest()[:16]


def derive_basic_access_keys(access_key: AccessKey) -> BasicAccessKeys:
    seed = derive_key_seed(access_key)
    return BasicAccessKeys(derive_3des_key(seed, _ENC), derive_3des_key(seed, _MAC))


def derive_session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    """Session keys from K.IFD xor K.IC; SSC = last 4 bytes of RND.IC || last 4 of RND.IFD."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return SessionKeys(derive_3des_key(seed, _ENC), derive_3des_key(seed, _MAC),
                       rnd_ic[-4:] + rnd_ifd[-4:])


def seal_authentication_data(keys: BasicAccessKeys, plain: bytes) -> bytes:
    """E = 3DES(K_enc, data) followed by M = MAC(K_mac, E), as both sides send it."""
    cryptogram = des3_encrypt(keys.k_enc, plain)
    return cryptogram + retail_mac(keys.k_mac, cryptogram)


def open_authentication_data(keys: BasicAccessKeys, sealed: bytes) -> bytes | None:
    """Check the MAC of E || M and decrypt E; None when the MAC does not match these keys."""
    if len(sealed) != _CRYPTOGRAM + 8:
        return None
    cryptogram, mac = sealed[:_CRYPTOGRAM], sealed[_CRYPTOGRAM:]
    if not hmac.compare_digest(retail_mac(keys.k_mac, cryptogram), mac):
        return None
    return des3_decrypt(keys.k_enc, cryptogram)


def authenticate(transport: ByteTransport, access_key: AccessKey,
                 random_bytes: RandomBytes = os.urandom) -> SessionKeys:
    """Run BAC with the chip (terminal side): AccessDeniedError when the chip refuses the key,
    SecureMessagingError when its answer does not prove it holds the same key."""
    keys = derive_basic_access_keys(access_key)
    challenge = exchange(transport, CommandApdu(0x00, INS_GET_CHALLENGE, 0, 0, le=_NONCE))
    rnd_ic = challenge.check("GET CHALLENGE").data
    if len(rnd_ic) != _NONCE:
        raise SecureMessagingError(detail=f"GET CHALLENGE returned {len(rnd_ic)} bytes")
    rnd_ifd, k_ifd = random_bytes(_NONCE), random_bytes(_KEY_PART)
    sealed = seal_authentication_data(keys, rnd_ifd + rnd_ic + k_ifd)
    answer = exchange(transport, CommandApdu(0x00, INS_EXTERNAL_AUTHENTICATE, 0, 0, sealed,
                                             le=len(sealed)))
    if answer.sw in WRONG_KEY_STATUS:
        raise AccessDeniedError(detail=f"EXTERNAL AUTHENTICATE refused: status word {answer.sw:04X}")
    plain = open_authentication_data(keys, answer.check("EXTERNAL AUTHENTICATE").data)
    if plain is None:
        raise SecureMessagingError(detail="EXTERNAL AUTHENTICATE answer fails its MAC")
    if plain[:_NONCE] != rnd_ic or plain[_NONCE:2 * _NONCE] != rnd_ifd:
        raise AccessDeniedError(detail="chip did not return our nonces: different key or replay")
    return derive_session_keys(k_ifd, plain[2 * _NONCE:], rnd_ic, rnd_ifd)


def answer_authentication(keys: BasicAccessKeys, rnd_ic: bytes, sealed: bytes,
                          random_bytes: RandomBytes = os.urandom) -> tuple[bytes, SessionKeys] | None:
    """The chip's side of EXTERNAL AUTHENTICATE: check the terminal's E_IFD || M_IFD against the
    chip's keys and its nonce; return the answer E_IC || M_IC and the session keys, or None when
    authentication fails (the chip answers 6300)."""
    plain = open_authentication_data(keys, sealed)
    if plain is None or plain[_NONCE:2 * _NONCE] != rnd_ic:
        return None
    rnd_ifd, k_ifd = plain[:_NONCE], plain[2 * _NONCE:]
    k_ic = random_bytes(_KEY_PART)
    answer = seal_authentication_data(keys, rnd_ic + rnd_ifd + k_ic)
    return answer, derive_session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)
