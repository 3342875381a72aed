"""APDU encoding (ISO/IEC 7816-4 cases 1-4, short and extended), status words to typed errors, and
the plain exchange's handling of 61xx and 6Cxx."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.protocol.apdu import CommandApdu, ResponseApdu, error_for_status, exchange
from drivers.idcard.errors import (AccessDeniedError, ApduFormatError, ChipFileNotFoundError,
                                   SecureMessagingError, SecurityStatusError, StatusWordError,
                                   WrongLengthError)

H = bytes.fromhex


@pytest.mark.parametrize("command, encoded", [
    (CommandApdu(0x00, 0xA4, 0x04, 0x0C, H("A0000002471001")), "00A4040C07A0000002471001"),
    (CommandApdu(0x00, 0x84, 0, 0, le=8), "0084000008"),
    (CommandApdu(0x00, 0xB0, 0, 0, le=256), "00B0000000"),
    (CommandApdu(0x00, 0x82, 0, 0, bytes(40), le=40), "0082000028" + "00" * 40 + "28"),
    (CommandApdu(0x00, 0xB0, 0x12, 0x34, le=257), "00B01234000101"),
    (CommandApdu(0x00, 0xB0, 0, 0, le=65536), "00B00000000000"),
    (CommandApdu(0x00, 0xD6, 0, 0, bytes(300)), "00D6000000012C" + "00" * 300),
    (CommandApdu(0x0C, 0xB0, 0, 0, b"\x01", le=65536, force_extended=True), "0CB000000000010100 00".replace(" ", "")),
    (CommandApdu(0x00, 0x44, 0, 0), "00440000"),
])
def test_encoding_of_each_case(command, encoded):
    assert command.to_bytes().hex().upper() == encoded.upper()
    assert CommandApdu.from_bytes(command.to_bytes()) == command


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=70000).map(lambda b: b[: len(b) % 65536]),
       st.one_of(st.none(), st.integers(1, 65536)), st.booleans())
def test_round_trip(data, le, extended):
    command = CommandApdu(0x00, 0xB1, 1, 2, data, le, force_extended=extended)
    parsed = CommandApdu.from_bytes(command.to_bytes())
    assert (parsed.data, parsed.le, parsed.extended) == (data, le, command.extended)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_garbled_commands_parse_or_raise_apdu_format_error(raw):
    try:
        parsed = CommandApdu.from_bytes(raw)
    except ApduFormatError:
        return
    assert parsed.to_bytes() == raw


@pytest.mark.parametrize("raw", [b"", b"\x00", b"\x00\xb0\x00", H("00A4040C07A000"),
                                 H("00B0000000"+"01"), H("00D60000000005AABB")])
def test_malformed_commands_are_refused(raw):
    with pytest.raises(ApduFormatError):
        CommandApdu.from_bytes(raw)


def test_out_of_range_fields_are_refused():
    with pytest.raises(ApduFormatError):
        CommandApdu(0x100, 0, 0, 0)
    with pytest.raises(ApduFormatError):
        CommandApdu(0, 0xB0, 0, 0, le=65537)


def test_response_parsing():
    assert ResponseApdu.from_bytes(H("01029000")) == ResponseApdu(H("0102"), 0x9000)
    assert ResponseApdu.from_bytes(H("6282")).ok
    with pytest.raises(ApduFormatError):
        ResponseApdu.from_bytes(b"\x90")


@pytest.mark.parametrize("sw, kind", [
    (0x6982, SecurityStatusError), (0x6A82, ChipFileNotFoundError), (0x6300, AccessDeniedError),
    (0x6987, SecureMessagingError), (0x6988, SecureMessagingError), (0x6700, WrongLengthError),
    (0x6C10, WrongLengthError), (0x6B00, StatusWordError), (0x6F00, StatusWordError),
])
def test_status_words_map_to_typed_errors_with_plain_messages(sw, kind):
    error = error_for_status(sw, "READ BINARY")
    assert isinstance(error, kind)
    assert f"{sw:04X}" in error.detail and "READ BINARY" in error.detail
    assert error.message and "status" not in error.message.lower()
    with pytest.raises(kind):
        ResponseApdu(b"", sw).check("READ BINARY")


class _Card:
    def __init__(self, answers: dict[bytes, bytes]) -> None:
        self.answers = answers
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.answers[apdu]


def test_61xx_is_followed_by_get_response():
    card = _Card({H("00B0000000"): H("AAAA6102"), H("00C0000002"): H("BBBB6101"),
                  H("00C0000001"): H("CC9000")})
    assert exchange(card, CommandApdu(0, 0xB0, 0, 0, le=256)) == ResponseApdu(H("AAAABBBBCC"), 0x9000)


def test_6cxx_resends_with_the_le_asked_for():
    card = _Card({H("00B0000010"): H("6C04"), H("00B0000004"): H("010203049000")})
    assert exchange(card, CommandApdu(0, 0xB0, 0, 0, le=16)).data == H("01020304")
    assert len(card.sent) == 2


def test_endless_61xx_is_bounded():
    card = _Card({H("00B0000000"): H("6100"), H("00C0000000"): H("6100")})
    with pytest.raises(ApduFormatError):
        exchange(card, CommandApdu(0, 0xB0, 0, 0, le=256))
