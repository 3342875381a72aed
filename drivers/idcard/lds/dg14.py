"""DG14 (ICAO 9303-10 §4.7.14, tag 6E): the SecurityInfos of Chip Authentication (its public
keys) and of Active Authentication with ECDSA (the signature algorithm)."""

from __future__ import annotations

from drivers.idcard import tlv
from drivers.idcard.lds import data_group
from drivers.idcard.lds.security_infos import (SecurityInfo, SecurityInfos, encode_security_infos,
                                               parse_security_infos)

DG14 = data_group(14)


def parse_dg14(data: bytes) -> SecurityInfos:
    """DG14 bytes → SecurityInfos; LdsError (SecurityInfosError) when malformed."""
    return parse_security_infos(tlv.decode(data, DG14.tag).value)


def encode_dg14(entries: tuple[SecurityInfo, ...] | list[SecurityInfo]) -> bytes:
    return tlv.encode(DG14.tag, encode_security_infos(entries))
