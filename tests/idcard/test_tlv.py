"""BER-TLV: known encodings, round trips, and typed errors on every malformation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard import tlv
from drivers.idcard.errors import LdsError

FAST = settings(max_examples=200, deadline=None)


def test_decodes_multi_byte_tag_and_long_length():
    value = bytes(300)
    data = bytes.fromhex("7F6182012C") + value
    item = tlv.decode(data)
    assert item.tag == 0x7F61
    assert item.value == value
    assert item.constructed


def test_encodes_lengths_in_short_and_long_form():
    assert tlv.encode_length(0x7F) == b"\x7f"
    assert tlv.encode_length(0x80) == b"\x81\x80"
    assert tlv.encode_length(0x1234) == b"\x82\x12\x34"
    assert tlv.encode(0x5F1F, b"AB") == bytes.fromhex("5F1F024142")


def test_nested_children_and_lookup():
    inner = tlv.encode(0x5F1F, b"MRZ")
    outer = tlv.decode(tlv.encode_constructed(0x61, inner, tlv.encode(0x02, b"\x01")))
    assert [child.tag for child in outer.children()] == [0x5F1F, 0x02]
    assert outer.child(0x5F1F).value == b"MRZ"
    with pytest.raises(LdsError):
        outer.child(0x04)


def test_primitive_has_no_children():
    with pytest.raises(LdsError):
        tlv.decode(tlv.encode(0x04, b"\x30\x00")).children()


@pytest.mark.parametrize("data, why", [
    (b"", "empty"),
    (bytes.fromhex("5F"), "multi-byte tag cut"),
    (bytes.fromhex("5F9F9F9F01"), "tag over four bytes"),
    (bytes.fromhex("61"), "length missing"),
    (bytes.fromhex("6182"), "long length cut"),
    (bytes.fromhex("6180"), "indefinite length"),
    (bytes.fromhex("6185FFFFFFFFFF"), "length of five bytes"),
    (bytes.fromhex("6184FFFFFFFF"), "absurd length"),
    (bytes.fromhex("6105AABB"), "value shorter than its length"),
    (bytes.fromhex("6101AABB"), "trailing bytes"),
])
def test_malformed_input_raises_lds_error(data, why):
    with pytest.raises(LdsError):
        tlv.decode(data)


def test_expected_tag_is_enforced():
    with pytest.raises(LdsError):
        tlv.decode(tlv.encode(0x61, b""), expected_tag=0x75)


tags = st.one_of(st.integers(0x01, 0x1E).map(lambda t: t | 0x40),
                 st.integers(0x1F, 0x7F).map(lambda t: 0x5F00 | t))


@FAST
@given(tags, st.binary(max_size=600))
def test_round_trip(tag, value):
    item = tlv.decode(tlv.encode(tag, value))
    assert (item.tag, item.value) == (tag, value)


@FAST
@given(st.binary(max_size=64))
def test_garbage_decodes_or_raises_lds_error_only(data):
    try:
        items = tlv.decode_all(data)
    except LdsError:
        return
    assert all(item.value in data for item in items)


@FAST
@given(tags, st.binary(max_size=300), st.data())
def test_truncated_object_raises_lds_error(tag, value, data):
    encoded = tlv.encode_constructed(0x61, tlv.encode(tag, value))
    cut = data.draw(st.integers(0, len(encoded) - 1))
    with pytest.raises(LdsError):
        tlv.decode(encoded[:cut])
