"""DG15 (ICAO 9303-10 §4.7.15, tag 6F): the chip's Active Authentication public key, an X.509
SubjectPublicKeyInfo (RSA or EC)."""

from __future__ import annotations

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import data_group

DG15 = data_group(15)
ActiveAuthenticationKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def parse_dg15(data: bytes) -> ActiveAuthenticationKey:
    """DG15 bytes → the RSA or EC public key; LdsError when malformed or of another kind."""
    spki = tlv.decode(data, DG15.tag).value
    try:
        key = serialization.load_der_public_key(spki)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise LdsError(detail=f"DG15 public key unreadable: {exc}"[:200]) from None
    if not isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        raise LdsError(detail=f"DG15 holds a {type(key).__name__}, not an RSA or EC key")
    return key


def encode_dg15(key: ActiveAuthenticationKey) -> bytes:
    """The public key → DG15 bytes (the simulated chip's)."""
    return tlv.encode(DG15.tag, key.public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo))
