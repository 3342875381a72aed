"""BER-TLV (ISO/IEC 7816-4, ASN.1 BER as used on eMRTD chips): decode with strict bounds, encode back.
Every malformation (truncated tag or length, length past the end, trailing bytes) is an LdsError."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.idcard.errors import LdsError

#: Lengths above this are refused: no file on an ID chip comes near it, and it bounds the work done.
MAX_LENGTH = 1 << 24
#: Deepest nesting of constructed objects accepted by `check_nesting`: LDS files need about 6
#: levels and a CMS SignedData with its certificate about 12; a hostile file nests hundreds deep
#: to exhaust the stack or (as every level's value is copied) the memory of a recursive parser.
MAX_DEPTH = 32
_MAX_TAG_BYTES = 4


@dataclass(frozen=True)
class Tlv:
    """One data object: its tag as an integer of its bytes (e.g. 0x5F1F) and its value bytes."""

    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        """True when the value is itself a run of data objects (bit 6 of the first tag byte)."""
        return bool(_first_tag_byte(self.tag) & 0x20)

    def children(self) -> list[Tlv]:
        """The data objects inside a constructed value; LdsError when it is primitive or malformed."""
        if not self.constructed:
            raise LdsError(detail=f"tag {self.tag:X} is primitive, it has no children")
        return decode_all(self.value)

    def child(self, tag: int) -> Tlv:
        """The first child with `tag`; LdsError when there is none."""
        found = find(self.children(), tag)
        if found is None:
            raise LdsError(detail=f"tag {tag:X} missing inside {self.tag:X}")
        return found

    def encode(self) -> bytes:
        """This object's bytes: tag, length, value."""
        return encode(self.tag, self.value)


def _first_tag_byte(tag: int) -> int:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")[0]


def _read_tag(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise LdsError(detail=f"tag expected at {offset}, data ends")
    first = data[offset]
    tag, pos = first, offset + 1
    if first & 0x1F != 0x1F:
        return tag, pos
    while True:
        if pos >= len(data):
            raise LdsError(detail=f"multi-byte tag truncated at {pos}")
        if pos - offset >= _MAX_TAG_BYTES:
            raise LdsError(detail=f"tag at {offset} longer than {_MAX_TAG_BYTES} bytes")
        byte = data[pos]
        tag, pos = (tag << 8) | byte, pos + 1
        if not byte & 0x80:
            return tag, pos


def _read_length(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise LdsError(detail=f"length expected at {offset}, data ends")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count == 0:
        raise LdsError(detail=f"indefinite length at {offset} is not allowed")
    if count > 4:
        raise LdsError(detail=f"length of {count} bytes at {offset}")
    end = offset + 1 + count
    if end > len(data):
        raise LdsError(detail=f"length bytes truncated at {offset}")
    return int.from_bytes(data[offset + 1:end], "big"), end


def decode_one(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """The data object starting at `offset` and the offset just after it."""
    tag, pos = _read_tag(data, offset)
    length, pos = _read_length(data, pos)
    if length > MAX_LENGTH:
        raise LdsError(detail=f"length {length} of tag {tag:X} is too large")
    end = pos + length
    if end > len(data):
        raise LdsError(detail=f"tag {tag:X} claims {length} bytes, only {len(data) - pos} left")
    return Tlv(tag, bytes(data[pos:end])), end


def decode_all(data: bytes) -> list[Tlv]:
    """Every data object in `data`, back to back; the last one must end exactly at the end."""
    items, pos = [], 0
    while pos < len(data):
        item, pos = decode_one(data, pos)
        items.append(item)
    return items


def decode(data: bytes, expected_tag: int | None = None) -> Tlv:
    """Exactly one data object filling all of `data` (an eMRTD file), optionally of `expected_tag`."""
    item, end = decode_one(data)
    if end != len(data):
        raise LdsError(detail=f"{len(data) - end} trailing bytes after tag {item.tag:X}")
    if expected_tag is not None and item.tag != expected_tag:
        raise LdsError(detail=f"tag {item.tag:X} found where {expected_tag:X} was expected")
    return item


def check_nesting(data: bytes, max_depth: int = MAX_DEPTH) -> None:
    """LdsError when constructed objects in `data` nest deeper than `max_depth`, or when their
    lengths do not fit inside each other. Walks the headers only, without recursion and without
    copying, so it is safe to run on hostile bytes before a parser descends into them. Indefinite
    lengths (BER, some CMS encoders) are followed to their end-of-contents."""
    ends: list[int | None] = [len(data)]  # where each open object ends; None: indefinite length
    pos = 0
    while ends:
        end = ends[-1]
        if end is not None and pos >= end:
            if pos > end:
                raise LdsError(detail=f"object ends at {pos}, past its parent's end {end}")
            ends.pop()
            continue
        tag, value_at = _read_tag(data, pos)
        if end is None and tag == 0 and value_at < len(data) and data[value_at] == 0:
            ends.pop()  # end-of-contents of an indefinite-length object
            pos = value_at + 1
            continue
        constructed = bool(data[pos] & 0x20)
        if constructed and value_at < len(data) and data[value_at] == 0x80:
            length, value_at, value_end = None, value_at + 1, None
        else:
            length, value_at = _read_length(data, value_at)
            value_end = value_at + length
            if value_end > len(data) or (end is not None and value_end > end):
                raise LdsError(detail=f"tag {tag:X} at {pos} claims {length} bytes, past its end")
        if not constructed:
            pos = value_end  # type: ignore[assignment]  (primitives always have a length)
            continue
        if len(ends) > max_depth:
            raise LdsError(detail=f"objects nested deeper than {max_depth} levels at {pos}")
        ends.append(value_end)
        pos = value_at


def find(items: list[Tlv], tag: int) -> Tlv | None:
    """The first of `items` with `tag`, or None."""
    return next((item for item in items if item.tag == tag), None)


def encode_tag(tag: int) -> bytes:
    """A tag's bytes (tags are written as the integer of their bytes, e.g. 0x7F61)."""
    if tag < 0:
        raise ValueError("a tag is not negative")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_length(length: int) -> bytes:
    """DER length: short form below 128, else 0x8N followed by N big-endian bytes."""
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes) -> bytes:
    """One data object: tag, DER length, value."""
    return encode_tag(tag) + encode_length(len(value)) + value


def encode_constructed(tag: int, *children: bytes) -> bytes:
    """A constructed data object around already-encoded children."""
    return encode(tag, b"".join(children))
