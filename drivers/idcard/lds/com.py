"""EF.COM (ICAO 9303-10, tag 60): LDS version, Unicode version and the tags of the data groups present."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError
from drivers.idcard.lds import EF_COM, data_group_for_tag

_LDS_VERSION, _UNICODE_VERSION, _TAG_LIST = 0x5F01, 0x5F36, 0x5C


@dataclass(frozen=True)
class ComFile:
    """EF.COM: versions as printed ("0107" = LDS 1.7, "040000" = Unicode 4.0.0) and data groups."""

    lds_version: str
    unicode_version: str
    dg_tags: tuple[int, ...]

    @property
    def data_groups(self) -> tuple[int, ...]:
        """The data group numbers listed (tags no data group has are left out)."""
        numbers = (data_group_for_tag(tag) for tag in self.dg_tags)
        return tuple(number for number in numbers if number is not None)


def _digits(item: tlv.Tlv | None, name: str, size: int) -> str:
    if item is None:
        raise LdsError(detail=f"EF.COM has no {name}")
    text = item.value.decode("ascii", errors="replace")
    if not re.fullmatch(rf"[0-9]{{{size}}}", text):
        raise LdsError(detail=f"EF.COM {name} is not {size} digits")
    return text


def parse_com(data: bytes) -> ComFile:
    """EF.COM bytes → ComFile; LdsError when malformed."""
    children = tlv.decode(data, EF_COM.tag).children()
    tags = tlv.find(children, _TAG_LIST)
    if tags is None:
        raise LdsError(detail="EF.COM has no tag list")
    return ComFile(_digits(tlv.find(children, _LDS_VERSION), "LDS version", 4),
                   _digits(tlv.find(children, _UNICODE_VERSION), "Unicode version", 6),
                   _tag_list(tags.value))


def _tag_list(data: bytes) -> tuple[int, ...]:
    """The tag list is a run of bare tags (no lengths), one or two bytes each."""
    tags, pos = [], 0
    while pos < len(data):
        width = 2 if data[pos] & 0x1F == 0x1F else 1
        if pos + width > len(data):
            raise LdsError(detail="EF.COM tag list truncated")
        tags.append(int.from_bytes(data[pos:pos + width], "big"))
        pos += width
    return tuple(tags)


def encode_com(com: ComFile) -> bytes:
    """ComFile → EF.COM bytes."""
    return tlv.encode_constructed(
        EF_COM.tag,
        tlv.encode(_LDS_VERSION, com.lds_version.encode("ascii")),
        tlv.encode(_UNICODE_VERSION, com.unicode_version.encode("ascii")),
        tlv.encode(_TAG_LIST, b"".join(tlv.encode_tag(tag) for tag in com.dg_tags)))
