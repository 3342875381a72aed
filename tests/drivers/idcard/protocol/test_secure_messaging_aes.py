"""AES secure messaging (ICAO 9303-11 9.8.6.2: AES-CBC with IV = E(KS_enc, SSC), CMAC cut to 8
bytes, 16-byte SSC) against messages captured from real passports and published as test vectors
by gmrtd/gmrtd (iso7816/secure_messaging_test.go): a protected MSE:Set AT, a protected READ
BINARY answer, an AES-256 cryptogram; then the PACE worked example's session keys (reference
cccd-chip.md §8.4) carry round trips, the 223-byte short-response limit and tampering."""

from __future__ import annotations

import pytest

from drivers.idcard.errors import SecureMessagingError
from drivers.idcard.protocol.apdu import SHORT_MAX_LE, CommandApdu, ResponseApdu
from drivers.idcard.protocol.secure_messaging import (AES_INITIAL_SSC, AesCipher, SecureMessaging,
                                                      aes_cmac, unpad)

h = bytes.fromhex

# gmrtd TestSecureMessageEncode, AES case: MSE:Set AT for Chip Authentication under AES-128 SM.
MSE_KS_ENC, MSE_KS_MAC = h("cc86415f2ed7e8fd663b754265695ae1"), h("581e84b8ee06c4d3eee30461498d7fb3")
MSE_SSC_BEFORE = h("000000000000000000000000000000ba")
MSE_PLAIN = CommandApdu(0x00, 0x22, 0x41, 0xA4, h("800a04007f000702020302028401c3"))
MSE_PROTECTED = h("0c2241a41d871101980953d37f67558690045d78a853b18a8e08929767a2cef172e200")

# gmrtd TestSecureMessageDecode, AES case: a protected 225-byte answer and its plaintext.
READ_KS_ENC, READ_KS_MAC = h("a8e85e938514ec67ae33cda3d43d3c48"), h("27f1adeb705a049a305b0c619b14b9b3")
READ_SSC_BEFORE = h("0000000000000000000000000000000b")
READ_RESPONSE = h(
    "8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d23d7f1e0"
    "0485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d20dd6c4b867956fe0507313083ae7fc54fb46133f184f"
    "ebbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089e6bee35bcc4bf5b63db5fdd8"
    "4244f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3ee95b0e0d72bcdb0ed47cb56efc264e0"
    "4a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5dee8589c38b227ca4cb35810060a7cc76403e9902"
    "90008e083eb47ef4fa82afc99000")
READ_PLAIN_START = h("a729901d1a71874700133107ec53306404307bc382c63d8c150c3c72080ace05")
READ_PLAIN_END = h("1142820341263c53150231008cb91e82a3")

# gmrtd TestDecodeSmRApduData, AES case: AES-256 keys, DO87 content decrypted at SSC ...26.
AES256_KS_ENC = h("74b94f408bbb2cd92571fd5b6370a94cce7a2fa42ae3eb4da47b97ce6eaa24c6")
AES256_KS_MAC = h("9e28d5d9ff1d979be752e8926bf0e1d35a440fc0aefc4aa3bc5610055ac8b113")
AES256_SSC = h("00000000000000000000000000000026")
AES256_CRYPTOGRAM = h("42e919c115faf69350b01813d77a9e8d91912a7f717afd073f199070e61b79c6")
AES256_PLAIN = h("04303130385f36063034303030305c06617563766d6e")

# The ICAO PACE worked example's session keys (reference §8.4).
PACE_KS_ENC, PACE_KS_MAC = h("F5F0E35C0D7161EE6724EE513A0D9A7F"), h("FE251C7858B356B24514B3BD5F4297D1")


def _pace_messaging() -> SecureMessaging:
    return SecureMessaging(AesCipher(PACE_KS_ENC, PACE_KS_MAC), AES_INITIAL_SSC)


def test_protected_command_matches_captured_passport_exchange():
    terminal = SecureMessaging(AesCipher(MSE_KS_ENC, MSE_KS_MAC), MSE_SSC_BEFORE)
    assert terminal.protect_command(MSE_PLAIN).to_bytes() == MSE_PROTECTED
    assert terminal.ssc == h("000000000000000000000000000000bb")
    chip = SecureMessaging(AesCipher(MSE_KS_ENC, MSE_KS_MAC), MSE_SSC_BEFORE)
    assert chip.unprotect_command(CommandApdu.from_bytes(MSE_PROTECTED)).data == MSE_PLAIN.data


def test_protected_response_matches_captured_passport_exchange():
    terminal = SecureMessaging(AesCipher(READ_KS_ENC, READ_KS_MAC), READ_SSC_BEFORE)
    answer = terminal.unprotect_response(ResponseApdu.from_bytes(READ_RESPONSE))
    assert answer.sw == 0x9000
    assert answer.data.startswith(READ_PLAIN_START) and answer.data.endswith(READ_PLAIN_END)
    assert terminal.ssc == h("0000000000000000000000000000000c")


def test_aes256_cryptogram_uses_the_counter_as_iv_source():
    cipher = AesCipher(AES256_KS_ENC, AES256_KS_MAC)
    assert unpad(cipher.decrypt(AES256_SSC, AES256_CRYPTOGRAM)) == AES256_PLAIN
    # One counter step later the IV differs, and so does the first block.
    assert cipher.decrypt(h("00000000000000000000000000000027"), AES256_CRYPTOGRAM)[:16] != \
        AES256_PLAIN[:16]


def test_cmac_matches_nist_sp800_38b_example():
    # NIST SP 800-38B, D.1 Example 2 (AES-128, one block).
    key = h("2b7e151628aed2a6abf7158809cf4f3c")
    assert aes_cmac(key, h("6bc1bee22e409f96e93d7e117393172a")) == h("070a16b46b4d4144f79bdd9dd04a287c")


def test_counter_is_sixteen_bytes_and_moves_per_message():
    terminal, chip = _pace_messaging(), _pace_messaging()
    command = CommandApdu(0x00, 0xA4, 0x04, 0x0C, h("A0000002471001"))
    chip.unprotect_command(terminal.protect_command(command))
    assert terminal.ssc == chip.ssc == bytes(15) + b"\x01"
    reply = chip.protect_response(ResponseApdu(b"", 0x9000))
    assert terminal.unprotect_response(reply) == ResponseApdu(b"", 0x9000)
    assert terminal.ssc == bytes(15) + b"\x02"


def test_223_plain_bytes_fit_a_short_response_and_224_do_not():
    """ICAO/JMRTD's 223-byte block: under AES SM the protected answer must stay within 256 bytes."""
    chip = _pace_messaging()
    chip.protect_command(CommandApdu(0, 0xB0, 0, 0, le=223))  # move the counter as a session would
    assert len(chip.protect_response(ResponseApdu(bytes(223), 0x9000)).data) <= SHORT_MAX_LE
    assert len(chip.protect_response(ResponseApdu(bytes(224), 0x9000)).data) > SHORT_MAX_LE


def test_every_flipped_response_byte_is_refused():
    body = READ_RESPONSE[:-2]
    for index in range(0, len(body), 7):
        terminal = SecureMessaging(AesCipher(READ_KS_ENC, READ_KS_MAC), READ_SSC_BEFORE)
        tampered = bytearray(body)
        tampered[index] ^= 0x04
        with pytest.raises(SecureMessagingError):
            terminal.unprotect_response(ResponseApdu(bytes(tampered), 0x9000))


def test_wrong_key_sizes_are_refused():
    with pytest.raises(SecureMessagingError):
        AesCipher(bytes(15), bytes(16))
    with pytest.raises(SecureMessagingError):
        AesCipher(bytes(16), bytes(20))


