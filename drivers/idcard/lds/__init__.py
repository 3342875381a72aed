"""The Logical Data Structure on an eMRTD chip (ICAO 9303-10): which files exist, their file ids,
short EF ids and outer tags; one module per file parses it and encodes it back."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LdsFile:
    """One elementary file of the eMRTD application."""

    name: str
    file_id: int
    short_id: int
    tag: int
    dg_number: int | None = None


EF_COM = LdsFile("EF.COM", 0x011E, 0x1E, 0x60)
EF_SOD = LdsFile("EF.SOD", 0x011D, 0x1D, 0x77)
#: In the master file, not the eMRTD application: readable in plain, before access control (PACE).
EF_CARD_ACCESS = LdsFile("EF.CardAccess", 0x011C, 0x1C, 0x31)
DG1 = LdsFile("DG1", 0x0101, 0x01, 0x61, 1)
DG2 = LdsFile("DG2", 0x0102, 0x02, 0x75, 2)
DG13 = LdsFile("DG13", 0x010D, 0x0D, 0x6D, 13)

#: Data groups by number (ICAO 9303-10 table: DGn has file id 0x01nn, short id nn).
_DG_TAGS = {1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68, 9: 0x69,
            10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70}


def data_group(number: int) -> LdsFile:
    """The file of data group `number` (1 to 16)."""
    if number not in _DG_TAGS:
        raise ValueError(f"there is no data group {number}")
    return LdsFile(f"DG{number}", 0x0100 + number, number, _DG_TAGS[number], number)


def data_group_for_tag(tag: int) -> int | None:
    """The data group number whose outer tag is `tag` (EF.COM lists tags), or None."""
    return next((number for number, dg_tag in _DG_TAGS.items() if dg_tag == tag), None)
