"""DG13 files built by hand from the reference's byte layout (cccd-chip.md §5.1 and §5.2), one
per variant real cards and public readers disagree on, without drivers.idcard.lds.dg13's encoder:
the parser is checked against the layout, not against itself. Values are synthetic."""

from __future__ import annotations

from dataclasses import dataclass, field

from drivers.idcard import tlv

UTF8, PRINTABLE = 0x0C, 0x13
OID_UTF8_FORM = bytes.fromhex("0606 28D316010008")  # 06 06 28 D3 16 01 00 08


def string(text: str, tag: int = UTF8) -> bytes:
    return tlv.encode(tag, text.encode("utf-8"))


def seq(*parts: bytes) -> bytes:
    return tlv.encode_constructed(0x30, *parts)


def numbered(number: int, *values: bytes) -> bytes:
    """`30 LL 02 01 NN <value>`: one field."""
    return seq(bytes((0x02, 0x01, number)), *values)


def wrapped(*fields: bytes) -> bytes:
    """`6D { 30 { 02 01 01, 06 06 28 D3 16 01 00 08, 31 { fields } } }` (§5.1)."""
    return tlv.encode(0x6D, seq(bytes.fromhex("020101"), OID_UTF8_FORM,
                                tlv.encode(0x31, b"".join(fields))))


def bare(*fields: bytes) -> bytes:
    """`6D { fields }`: the form older readers expect."""
    return tlv.encode(0x6D, b"".join(fields))


@dataclass(frozen=True)
class Citizen:
    """The synthetic values the fixtures carry, as the parser must return them."""

    id_number: str = "079203000123"
    full_name: str = "Đặng Thị Mỹ Tiên"  # 24 bytes of UTF-8: KHOA's offsets hold (§5.1)
    birth: str = "01/02/2003"
    sex: str = "Nữ"
    nationality: str = "Việt Nam"
    ethnicity: str = "Kinh"
    religion: str = "Không"
    origin: str = "Xã Tân Phú, Cần Giờ, TP Hồ Chí Minh"
    residence: str = ("Số 123/45 Đường Nguyễn Thị Minh Khai, Khu phố 6, Phường Bến Thành, "
                      "Quận 1, Thành phố Hồ Chí Minh, Việt Nam")  # over 127 bytes: 81 lengths
    marks: str = "Sẹo chấm C:2cm dưới trước cằm"
    issued: str = "15/03/2021"
    expiry: str = "01/02/2028"
    father: str = "Đặng Văn Hùng"
    mother: str = "Trần Thị Lan"
    spouse: str = ""
    old_id: str = "025203456"
    field_16: str = "A1B2C3D4E5F60718"
    extra: dict[int, bytes] = field(default_factory=dict)


def fields_of(c: Citizen, *, parents: str = "two", spouse: str = "empty",
              types: str = "real") -> dict[int, bytes]:
    """Each field's bytes by number. `parents`: "two" SEQUENCEs (APPOTA) or "one" holding both
    (NGHIA); `spouse`: "empty" (`30 03 02 01 0E`), "absent" or "nested"; `types`: "real" (the
    table's PrintableString for 1, 3, 11, 15, 16), "utf8" or "printable" (where the text allows)."""
    def s(text: str, number: int) -> bytes:
        if types == "utf8":
            return string(text)
        printable = text.isascii()
        if types == "real":
            printable = printable and number in (1, 3, 11, 15, 16)
        return string(text, PRINTABLE if printable else UTF8)

    out = {1: numbered(1, s(c.id_number, 1)), 2: numbered(2, s(c.full_name, 2)),
           3: numbered(3, s(c.birth, 3)), 4: numbered(4, s(c.sex, 4)),
           5: numbered(5, s(c.nationality, 5)), 6: numbered(6, s(c.ethnicity, 6)),
           7: numbered(7, s(c.religion, 7)), 8: numbered(8, s(c.origin, 8)),
           9: numbered(9, s(c.residence, 9)), 10: numbered(10, s(c.marks, 10)),
           11: numbered(11, s(c.issued, 11)), 12: numbered(12, s(c.expiry, 12))}
    if parents == "two":
        out[13] = numbered(13, seq(s(c.father, 13)), seq(s(c.mother, 13)))
    else:
        out[13] = numbered(13, seq(s(c.father, 13), s(c.mother, 13)))
    if spouse == "empty":
        out[14] = numbered(14)
    elif spouse == "nested":
        out[14] = numbered(14, seq(s(c.spouse, 14)))
    if c.old_id:
        out[15] = numbered(15, s(c.old_id, 15))
    if c.field_16:
        out[16] = numbered(16, s(c.field_16, 16))
    for number, raw in c.extra.items():
        out[number] = numbered(number, raw)
    return out
