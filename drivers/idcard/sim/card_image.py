"""The files on a simulated card, built from a citizen profile: EF.COM, DG1, DG2, DG13 and EF.SOD
signed by the test Document Signer (and altered after signing where the profile asks)."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.idcard.access_key import AccessKey
from drivers.idcard.sim.pki import TestPki
from drivers.idcard.sim.profile import CitizenProfile


@dataclass(frozen=True)
class CardImage:
    """What the simulated chip serves: `files` by file id (0x011E EF.COM, 0x0101 DG1, ...),
    `short_ids` mapping short EF id → file id, and the access key that opens the chip."""

    files: dict[int, bytes]
    short_ids: dict[int, int]
    access_key: AccessKey


def build_card_image(profile: CitizenProfile, pki: TestPki) -> CardImage:
    """Every file of `profile`'s card, consistent with each other and signed by `pki`'s DS."""
    raise NotImplementedError
