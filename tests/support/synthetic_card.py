"""Card images of random content for tests of the protocol alone (no LDS parsing involved)."""

from __future__ import annotations

import os

from drivers.idcard import tlv
from drivers.idcard.access_key import AccessKey
from drivers.idcard.lds import DG1, DG2, DG13, EF_COM, EF_SOD, LdsFile
from drivers.idcard.sim.card_image import CardImage

KEY = AccessKey("093047064", "930105", "330105")
FILES = (EF_COM, DG1, DG2, DG13, EF_SOD)


def synthetic_image(sizes: dict[LdsFile, int] | None = None, key: AccessKey = KEY) -> CardImage:
    """Each file is its tag around `size` random bytes (default: small files, a 20 KB DG2)."""
    sizes = {EF_COM: 20, DG1: 93, DG2: 20_000, DG13: 600, EF_SOD: 1800, **(sizes or {})}
    files = {ef.file_id: tlv.encode(ef.tag, os.urandom(size)) for ef, size in sizes.items()}
    return CardImage(files, {ef.short_id: ef.file_id for ef in sizes}, key)
