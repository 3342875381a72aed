"""Secure messaging with either cipher suite (BAC's 3DES, PACE's AES; ICAO 9303-11 §9.8): any
command and response survives the round trip, and a response without the right MAC is refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.errors import ChipError
from drivers.idcard.protocol.apdu import CommandApdu, ResponseApdu
from drivers.idcard.protocol.secure_messaging import (AES_INITIAL_SSC, AesCipher, SecureMessaging,
                                                      TripleDesCipher)
from tests.support import icao_vectors as v

# BAC's session keys from the ICAO worked example; PACE's from a captured AES session.
SUITES = {
    "3des": lambda: SecureMessaging(TripleDesCipher(v.KS_ENC, v.KS_MAC), v.SSC),
    "aes": lambda: SecureMessaging(AesCipher(bytes.fromhex("F5F0E35C0D7161EE6724EE513A0D9A7F"),
                                             bytes.fromhex("FE251C7858B356B24514B3BD5F4297D1")),
                                   AES_INITIAL_SSC),
}
suites = pytest.mark.parametrize("suite", sorted(SUITES))

commands = st.builds(
    CommandApdu, cla=st.just(0), ins=st.sampled_from([0xA4, 0xB0, 0xB1, 0x22, 0x2A]),
    p1=st.integers(0, 255), p2=st.integers(0, 255), data=st.binary(max_size=600),
    le=st.one_of(st.none(), st.integers(1, 65536)))


@suites
@settings(max_examples=60, deadline=None)
@given(commands, st.binary(max_size=700), st.sampled_from([0x9000, 0x6282, 0x6A82]))
def test_round_trip_any_command_and_response(suite, command, data, sw):
    terminal, chip = SUITES[suite](), SUITES[suite]()
    received = chip.unprotect_command(terminal.protect_command(command))
    assert (received.ins, received.p1, received.p2, received.data, received.le) == \
        (command.ins, command.p1, command.p2, command.data, command.le)
    answer = chip.protect_response(ResponseApdu(data, sw), odd_ins=bool(command.ins & 1))
    assert terminal.unprotect_response(ResponseApdu.from_bytes(answer.to_bytes())) == \
        ResponseApdu(data, sw)


@suites
@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=80), st.integers(0, 0xFFFF))
def test_garbled_responses_raise_chip_errors_only(suite, body, sw):
    terminal = SUITES[suite]()
    terminal.protect_command(CommandApdu(0, 0xB0, 0, 0, le=4))
    try:
        terminal.unprotect_response(ResponseApdu(body, sw))
    except ChipError:
        return
    raise AssertionError("a response without the right MAC was accepted")
