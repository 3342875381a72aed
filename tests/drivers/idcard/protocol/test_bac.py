"""BAC against the worked example of ICAO Doc 9303 Part 11, Appendix D.3 (values in icao_vectors.py;
source: https://www.icao.int/publications/Documents/9303_p11_cons_en.pdf, cross-checked with
gmrtd/gmrtd iso7816/nfc_session_test.go), and the chip's half against the terminal's."""

from __future__ import annotations

import os

import pytest

from drivers.idcard.protocol import bac
from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import AccessDeniedError, SecureMessagingError
from drivers.idcard.protocol.secure_messaging import adjust_parity, des3_decrypt, retail_mac
from tests.support import icao_vectors as v


def _scripted_random(*values: bytes):
    queue = list(values)

    def random_bytes(n: int) -> bytes:
        value = queue.pop(0)
        assert len(value) == n
        return value
    return random_bytes


def test_key_seed_and_basic_access_keys_match_icao():
    assert v.ACCESS_KEY.mrz_information() == v.MRZ_INFORMATION
    assert bac.derive_key_seed(v.ACCESS_KEY) == v.K_SEED
    keys = bac.derive_basic_access_keys(v.ACCESS_KEY)
    assert (keys.k_enc, keys.k_mac) == (v.K_ENC, v.K_MAC)


def test_parity_is_odd_on_every_byte():
    for byte in adjust_parity(bytes(range(256))):
        assert bin(byte).count("1") % 2 == 1


def test_external_authenticate_cryptogram_and_mac_match_icao():
    keys = bac.derive_basic_access_keys(v.ACCESS_KEY)
    assert bac.seal_authentication_data(keys, v.S) == v.E_IFD + v.M_IFD
    assert retail_mac(v.K_MAC, v.E_IFD) == v.M_IFD


def test_terminal_authenticate_sends_icao_apdus_and_derives_session_keys():
    card = v.ReplayCard([(v.GET_CHALLENGE, v.RND_IC + b"\x90\x00"),
                         (v.EXTERNAL_AUTHENTICATE, v.EXTERNAL_AUTHENTICATE_RESPONSE + b"\x90\x00")])
    keys = bac.authenticate(card, v.ACCESS_KEY, _scripted_random(v.RND_IFD, v.K_IFD))
    assert (keys.ks_enc, keys.ks_mac, keys.ssc) == (v.KS_ENC, v.KS_MAC, v.SSC)
    assert card.script == []
    plain = des3_decrypt(v.K_ENC, v.EXTERNAL_AUTHENTICATE_RESPONSE[:32])
    assert plain == v.R and plain[16:] == v.K_IC


def test_chip_answer_matches_icao_response():
    keys = bac.derive_basic_access_keys(v.ACCESS_KEY)
    answered = bac.answer_authentication(keys, v.RND_IC, v.E_IFD + v.M_IFD, _scripted_random(v.K_IC))
    assert answered is not None
    answer, session = answered
    assert answer == v.EXTERNAL_AUTHENTICATE_RESPONSE
    assert (session.ks_enc, session.ks_mac, session.ssc) == (v.KS_ENC, v.KS_MAC, v.SSC)


def test_chip_refuses_terminal_with_other_key():
    chip_keys = bac.derive_basic_access_keys(v.ACCESS_KEY)
    wrong = bac.derive_basic_access_keys(AccessKey("L898902C", "690806", "940624"))
    sealed = bac.seal_authentication_data(wrong, v.S)
    assert bac.answer_authentication(chip_keys, v.RND_IC, sealed) is None
    # Right key but a stale nonce (replay) is refused too.
    sealed = bac.seal_authentication_data(chip_keys, v.S)
    assert bac.answer_authentication(chip_keys, os.urandom(8), sealed) is None


def test_6300_from_chip_is_access_denied():
    card = v.ReplayCard([(v.GET_CHALLENGE, v.RND_IC + b"\x90\x00"),
                         (v.EXTERNAL_AUTHENTICATE, b"\x63\x00")])
    with pytest.raises(AccessDeniedError) as caught:
        bac.authenticate(card, v.ACCESS_KEY, _scripted_random(v.RND_IFD, v.K_IFD))
    assert "6300" in caught.value.detail


@pytest.mark.parametrize("index", [0, 20, 33, 39])
def test_tampered_chip_answer_is_refused(index):
    tampered = bytearray(v.EXTERNAL_AUTHENTICATE_RESPONSE)
    tampered[index] ^= 0x01
    card = v.ReplayCard([(v.GET_CHALLENGE, v.RND_IC + b"\x90\x00"),
                         (v.EXTERNAL_AUTHENTICATE, bytes(tampered) + b"\x90\x00")])
    with pytest.raises(SecureMessagingError):
        bac.authenticate(card, v.ACCESS_KEY, _scripted_random(v.RND_IFD, v.K_IFD))


def test_chip_answer_with_foreign_nonce_is_refused():
    keys = bac.derive_basic_access_keys(v.ACCESS_KEY)
    forged = bac.seal_authentication_data(keys, bytes(8) + v.RND_IFD + v.K_IC)
    card = v.ReplayCard([(v.GET_CHALLENGE, v.RND_IC + b"\x90\x00"),
                         (v.EXTERNAL_AUTHENTICATE, forged + b"\x90\x00")])
    with pytest.raises(AccessDeniedError):
        bac.authenticate(card, v.ACCESS_KEY, _scripted_random(v.RND_IFD, v.K_IFD))
