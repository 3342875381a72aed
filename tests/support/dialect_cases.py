"""What the dialect tests share: which dialects can be read, and the fewest commands each allows
for a card, worked out from the dialect's rules and the card's file sizes (not from the reader)."""

from __future__ import annotations

import math

from drivers.idcard.lds import DG1, DG2, DG13, EF_COM, EF_SOD
from drivers.idcard.sim.card_image import CardImage
from drivers.idcard.sim.dialects import DIALECTS, PAST_END_6B00, SFI_REFUSED, ChipDialect

#: Dialects a right key opens (the wrong-key ones differ only in how they refuse a wrong key).
READABLE = [name for name in DIALECTS if not name.startswith("wrong-key")]
WRONG_KEY = {"standard": 0x6300, "wrong-key-6982": 0x6982, "wrong-key-6a80": 0x6A80}
#: The dialect tests count the commands of reading files: on a plain eMRTD (BAC, no EF.CardAccess,
#: no DG14/DG15 and so no Chip or Active Authentication), as the dialects are about file reading.
PLAIN_EMRTD = {"pace": False, "chip_authentication": False, "active_authentication": "none"}
#: SELECT of the application, GET CHALLENGE, EXTERNAL AUTHENTICATE: once the reader knows the
#: card type offers no PACE, it does not look at EF.CardAccess first (ICAO 9303-11 4.2 has readers
#: look there on a card they do not know: one SELECT more, refused on this chip).
ACCESS_COMMANDS = 3
#: The most plaintext a short READ BINARY brings under 3DES secure messaging (reference §9).
SHORT_3DES = 231


def fewest_commands(dialect: ChipDialect, image: CardImage) -> int:
    """The fewest commands a read of EF.COM, DG1, DG13, DG2 and EF.SOD takes on this dialect, once
    the reader knows the card type: per file, a SELECT unless short EF ids work; one read of the
    whole file if an Le past the end is answered with the data (else a 4-byte header first, to
    learn the length); the rest in one extended read, or in blocks of the most a short answer
    carries."""
    block = min(SHORT_3DES, dialect.response_cap or SHORT_3DES)
    header_first = dialect.past_end == PAST_END_6B00 or dialect.mac_only_on_success
    total = ACCESS_COMMANDS
    for ef in (EF_COM, DG1, DG13, DG2, EF_SOD):
        size = len(image.files[ef.file_id])
        rest = size - 4 if header_first else size
        reads = 1 if dialect.extended_length else math.ceil(rest / block)
        total += (dialect.short_ids == SFI_REFUSED) + header_first + reads
    return total
