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


# --- nesting bound (issue 17: parsers leaked RecursionError on objects nested ~1000 deep) --------

def _nested(depth: int, inner: bytes = b"\x04\x00") -> bytes:
    for _ in range(depth):
        inner = tlv.encode(0x30, inner)
    return inner


def test_nesting_within_the_bound_passes():
    tlv.check_nesting(_nested(tlv.MAX_DEPTH))
    tlv.check_nesting(_nested(3) + _nested(5))  # several objects back to back


@pytest.mark.parametrize("depth", [tlv.MAX_DEPTH + 1, 1000, 100_000])
def test_nesting_past_the_bound_is_lds_error(depth):
    with pytest.raises(LdsError) as info:
        tlv.check_nesting(_nested(depth))
    assert "nested deeper" in info.value.detail


def test_indefinite_lengths_are_followed_and_bounded():
    indefinite = b"\x30\x80" + b"\x30\x80\x04\x01\xaa\x00\x00" + b"\x00\x00"
    tlv.check_nesting(indefinite)
    with pytest.raises(LdsError):
        tlv.check_nesting(b"\x30\x80" * 40 + b"\x00\x00" * 40)
    with pytest.raises(LdsError):
        tlv.check_nesting(b"\x30\x80\x04\x01\xaa")  # no end-of-contents


@pytest.mark.parametrize("data", [
    b"\x30\x05\x04\x04\x00\x00\x00",  # a child running past its parent's end... and the data's
    b"\x30\x03\x04\x04\x00\x00\x00\x00",  # a child longer than its parent
    b"\x30",  # no length
    b"\x04\x80\x00\x00",  # a primitive with indefinite length
])
def test_check_nesting_refuses_what_does_not_fit(data):
    with pytest.raises(LdsError):
        tlv.check_nesting(data)


@FAST
@given(st.binary(max_size=200))
def test_check_nesting_on_garbage_raises_lds_error_only(data):
    try:
        tlv.check_nesting(data)
    except LdsError:
        pass
