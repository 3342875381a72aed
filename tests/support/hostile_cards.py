"""Card images a hostile card would serve, for the bound tests (in-process and through pcscd)."""

from __future__ import annotations

import dataclasses
import os

from drivers.idcard import tlv
from drivers.idcard.lds import DG2
from drivers.idcard.protocol.file_reader import MAX_FILE_BYTES
from drivers.idcard.sim.card_image import CardImage

#: Real bytes behind the claim: more than any bound lets a one-byte drip read.
_BODY = 40_000


def claiming_one_mebibyte(image: CardImage) -> CardImage:
    """`image` with a DG2 whose header claims 1 MiB (just within the file cap, so only the bounds
    on commands can stop a card that drips it)."""
    header = tlv.encode_tag(DG2.tag) + b"\x83" + (MAX_FILE_BYTES - 5).to_bytes(3, "big")
    files = dict(image.files)
    files[DG2.file_id] = header + os.urandom(_BODY)
    return dataclasses.replace(image, files=files)
