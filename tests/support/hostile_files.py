"""Hostile chip files of issue 17 (items 4 and 5), made from a good card's files: data nested a
thousand deep, and (in test_decode_bombs) images that cost far more to decode than their size."""

from __future__ import annotations

import dataclasses

from drivers.idcard import tlv
from drivers.idcard.lds import DG13, EF_SOD
from drivers.idcard.sim.card_image import CardImage

#: An attribute type no library knows (1.2.3.4): its value is parsed as ANY, recursively.
UNKNOWN_ATTRIBUTE = bytes.fromhex("2A0304")


def nested(depth: int, inner: bytes = b"\x0c\x01x") -> bytes:
    """`inner` inside `depth` SEQUENCEs."""
    for _ in range(depth):
        inner = tlv.encode(0x30, inner)
    return inner


def deep_dg13(depth: int = 990) -> bytes:
    """A DG13 whose field 2 value is nested `depth` deep (990: about 3.8 kB, as issue 17 found)."""
    return tlv.encode(DG13.tag, tlv.encode_constructed(
        0x30, tlv.encode(0x02, b"\x01"), tlv.encode(0x06, bytes.fromhex("28D316010008")),
        tlv.encode(0x31, tlv.encode_constructed(0x30, tlv.encode(0x02, b"\x01"),
                                                tlv.encode(0x13, b"001090004521"))
                   + tlv.encode_constructed(0x30, tlv.encode(0x02, b"\x02"), nested(depth)))))


def deep_name(depth: int = 1000) -> bytes:
    """An X.501 Name with one attribute whose value is nested `depth` deep."""
    value = tlv.encode_constructed(0x30, tlv.encode(0x06, UNKNOWN_ATTRIBUTE), nested(depth))
    return tlv.encode(0x30, tlv.encode(0x31, value))


def sod_with_issuer(sod: bytes, issuer: bytes) -> bytes:
    """`sod` with the Document Signer certificate's issuer and the signer's issuer replaced by
    `issuer` (every enclosing length re-encoded; the signatures no longer verify)."""
    content_type, explicit = tlv.decode(sod, EF_SOD.tag).children()[0].children()
    signed = explicit.children()[0].children()
    certificate = signed[3].children()[0].children()
    tbs = certificate[0].children()
    tbs[3] = tlv.Tlv(0x30, tlv.decode(issuer).value)
    certificate[0] = tlv.Tlv(0x30, b"".join(item.encode() for item in tbs))
    signed[3] = tlv.Tlv(0xA0, tlv.encode(0x30, b"".join(item.encode() for item in certificate)))
    signer = signed[-1].children()[0].children()
    serial = signer[1].children()[1]
    signer[1] = tlv.Tlv(0x30, issuer + serial.encode())
    signed[-1] = tlv.Tlv(0x31, tlv.encode(0x30, b"".join(item.encode() for item in signer)))
    info = tlv.encode_constructed(
        0x30, content_type.encode(),
        tlv.encode(0xA0, tlv.encode(0x30, b"".join(item.encode() for item in signed))))
    return tlv.encode(EF_SOD.tag, info)


def with_files(image: CardImage, **files: bytes) -> CardImage:
    """`image` with some files replaced, by name: dg13=..., sod=..., dg2=..."""
    ids = {"dg13": DG13.file_id, "sod": EF_SOD.file_id, "dg2": 0x0102, "dg1": 0x0101,
           "com": 0x011E}
    replaced = dict(image.files)
    for name, data in files.items():
        replaced[ids[name]] = data
    return dataclasses.replace(image, files=replaced)
