"""PACE against the ICAO 9303-11 worked example byte for byte (ECDH generic mapping on
brainpoolP256r1, AES-128, MRZ password; values in icao_pace_vectors.py, reference §8.4): key
derivation, nonce, mapping, key agreement, tokens and the APDUs; then the terminal against the
chip half with the CAN, other curves and ciphers, wrong passwords, retry counters, forged answers."""

from __future__ import annotations

import pytest

from drivers.idcard.access_key import AccessKey
from drivers.idcard.errors import (ChipError, PaceRefusedError, PasswordBlockedError,
                                   PasswordSuspendedError, SecureMessagingError, WrongPasswordError)
from drivers.idcard.lds.security_infos import PaceInfo, SecurityInfos, parse_security_infos
from drivers.idcard.protocol import pace
from drivers.idcard.protocol.apdu import CommandApdu, ResponseApdu
from tests.support import icao_pace_vectors as v

BRAINPOOL = pace.STANDARD_DOMAIN_PARAMETERS[13]
CCCD_SUITE = "0.4.0.127.0.7.2.2.4.2.2"


class PaceCard:
    """A card that only speaks PACE (the chip half in drivers/idcard/protocol/pace.py); it records
    each command and answer. `answers` replaces the answer to the nth command (the chip still
    sees the command)."""

    def __init__(self, chip: pace.PaceChip, answers: dict[int, bytes] | None = None) -> None:
        self.chip = chip
        self.answers = answers or {}
        self.sent: list[bytes] = []
        self.received: list[bytes] = []
        self.keys: pace.SuiteKeys | None = None

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        command = CommandApdu.from_bytes(apdu)
        if command.ins == pace.INS_MSE:
            response = ResponseApdu(b"", self.chip.set_at(command.data)).to_bytes()
        else:
            answer, keys = self.chip.general_authenticate(command)
            self.keys = keys or self.keys
            response = answer.to_bytes()
        response = self.answers.get(len(self.sent) - 1, response)
        self.received.append(response)
        return response


def _scalars(*values: int):
    queue = list(values)
    return lambda params: queue.pop(0)


def _icao_card() -> PaceCard:
    chip = pace.PaceChip(parse_security_infos(v.CARD_ACCESS),
                         {pace.PASSWORD_MRZ: pace.mrz_password(v.ACCESS_KEY)},
                         scalar=_scalars(v.CHIP_MAP_SK, v.CHIP_EPH_SK),
                         random_bytes=lambda size: v.NONCE)
    return PaceCard(chip)


def test_password_key_and_nonce_match_icao():
    assert v.ACCESS_KEY.mrz_information() == v.MRZ_INFORMATION
    password = pace.mrz_password(v.ACCESS_KEY)
    suite = parse_security_infos(v.CARD_ACCESS).pace[0].suite
    assert password.secret == v.K
    assert pace.kdf(v.K, 3, suite) == v.K_PI
    assert pace.decrypt_nonce(suite, v.K_PI, v.ENCRYPTED_NONCE) == v.NONCE
    assert pace.encrypt_nonce(suite, v.K_PI, v.NONCE) == v.ENCRYPTED_NONCE


def test_mapping_and_key_agreement_match_icao():
    params = BRAINPOOL
    g = params.generator
    assert params.encode_point(g * v.TERMINAL_MAP_SK) == v.point_bytes(v.TERMINAL_MAP_PK)
    assert params.encode_point(g * v.CHIP_MAP_SK) == v.point_bytes(v.CHIP_MAP_PK)
    shared = params.decode_point(v.point_bytes(v.CHIP_MAP_PK)) * v.TERMINAL_MAP_SK
    assert params.encode_point(shared) == v.point_bytes(v.SHARED_H)
    mapped = pace.map_generator(params, v.NONCE, shared)
    assert params.encode_point(mapped) == v.point_bytes(v.MAPPED_G)
    assert params.encode_point(mapped * v.TERMINAL_EPH_SK) == v.point_bytes(v.TERMINAL_EPH_PK)
    assert params.encode_point(mapped * v.CHIP_EPH_SK) == v.point_bytes(v.CHIP_EPH_PK)
    secret = params.decode_point(v.point_bytes(v.CHIP_EPH_PK)) * v.TERMINAL_EPH_SK
    assert secret.x().to_bytes(32, "big") == v.SHARED_SECRET_X
    suite = parse_security_infos(v.CARD_ACCESS).pace[0].suite
    assert pace.kdf(v.SHARED_SECRET_X, 1, suite) == v.KS_ENC
    assert pace.kdf(v.SHARED_SECRET_X, 2, suite) == v.KS_MAC
    chip_point = params.decode_point(v.point_bytes(v.CHIP_EPH_PK))
    terminal_point = params.decode_point(v.point_bytes(v.TERMINAL_EPH_PK))
    assert pace.authentication_token(suite, v.KS_MAC, CCCD_SUITE, params, chip_point) == v.T_IFD
    assert pace.authentication_token(suite, v.KS_MAC, CCCD_SUITE, params, terminal_point) == v.T_IC


def test_whole_exchange_matches_icao_byte_for_byte():
    card = _icao_card()
    keys = pace.authenticate(card, parse_security_infos(v.CARD_ACCESS),
                             pace.mrz_password(v.ACCESS_KEY),
                             scalar=_scalars(v.TERMINAL_MAP_SK, v.TERMINAL_EPH_SK))
    assert card.sent[0] == v.MSE_SET_AT
    assert card.sent[1] == v.GA1_COMMAND
    assert card.received[1] == bytes.fromhex("7C1280 10".replace(" ", "")) + v.ENCRYPTED_NONCE + b"\x90\x00"
    assert card.sent[2] == bytes.fromhex("10860000457C438141") + v.point_bytes(v.TERMINAL_MAP_PK) + b"\x00"
    assert card.received[2] == bytes.fromhex("7C438241") + v.point_bytes(v.CHIP_MAP_PK) + b"\x90\x00"
    assert card.sent[3] == bytes.fromhex("10860000457C438341") + v.point_bytes(v.TERMINAL_EPH_PK) + b"\x00"
    assert card.received[3] == bytes.fromhex("7C438441") + v.point_bytes(v.CHIP_EPH_PK) + b"\x90\x00"
    assert card.sent[4] == v.GA4_COMMAND
    assert card.received[4] == v.GA4_RESPONSE
    assert (keys.ks_enc, keys.ks_mac, keys.password_kind) == (v.KS_ENC, v.KS_MAC, "MRZ")
    assert card.keys == keys


def _card(infos: SecurityInfos, chip_key: AccessKey, **answers: bytes) -> PaceCard:
    passwords = {p.reference: p for p in pace.passwords_of(chip_key)}
    return PaceCard(pace.PaceChip(infos, passwords),
                    {int(k[1:]): value for k, value in answers.items()})


CCCD = parse_security_infos(bytes.fromhex(
    "3134300D060804007F0007020202020101300F060A04007F00070202030202020101"
    "3012060A04007F0007020204020202010202010D"))
CHIP_KEY = AccessKey("090004521", "900315", "300315", "004521")


def _secure_messaging_agrees(card: PaceCard, keys: pace.SuiteKeys) -> None:
    terminal, chip = keys.secure_messaging(), card.keys.secure_messaging()
    command = CommandApdu(0, 0xA4, 4, 0x0C, bytes.fromhex("A0000002471001"))
    assert chip.unprotect_command(terminal.protect_command(command)).data == command.data


def test_can_opens_the_cccd_suite():
    card = _card(CCCD, CHIP_KEY)
    keys = pace.authenticate(card, CCCD, pace.can_password("004521"))
    assert keys.password_kind == "CAN" and keys.suite.cipher == "AES"
    assert card.sent[0].hex().upper().endswith("830102")  # password reference 02: CAN
    _secure_messaging_agrees(card, keys)


@pytest.mark.parametrize(("protocol", "parameter_id"), [
    ("0.4.0.127.0.7.2.2.4.2.2", 12), ("0.4.0.127.0.7.2.2.4.2.3", 15),
    ("0.4.0.127.0.7.2.2.4.2.4", 16), ("0.4.0.127.0.7.2.2.4.2.4", 17),
    ("0.4.0.127.0.7.2.2.4.2.2", 10), ("0.4.0.127.0.7.2.2.4.2.4", 18),
    ("0.4.0.127.0.7.2.2.4.2.1", 13),  # 3DES secure messaging
])
def test_other_standard_curves_and_ciphers(protocol, parameter_id):
    infos = SecurityInfos((PaceInfo(protocol, 2, parameter_id),))
    card = _card(infos, CHIP_KEY)
    keys = pace.authenticate(card, infos, pace.mrz_password(CHIP_KEY))
    assert keys.ks_enc == card.keys.ks_enc and len(keys.ks_enc) == keys.suite.key_bits // 8 or \
        keys.suite.cipher == "3DES"
    _secure_messaging_agrees(card, keys)


def test_wrong_can_is_refused_with_a_plain_message():
    card = _card(CCCD, CHIP_KEY)
    with pytest.raises(WrongPasswordError) as caught:
        pace.authenticate(card, CCCD, pace.can_password("123456"))
    assert caught.value.password == "CAN" and "6-digit" in caught.value.message
    assert card.keys is None


def test_the_chip_knows_only_the_passwords_it_was_given():
    card = _card(CCCD, AccessKey(can="004521"))
    with pytest.raises(PaceRefusedError):  # MSE:Set AT with the MRZ reference: 6A80
        pace.authenticate(card, CCCD, pace.mrz_password(CHIP_KEY))


@pytest.mark.parametrize(("answers", "error", "tries"), [
    ({"n0": bytes.fromhex("63C1")}, PasswordSuspendedError, None),
    ({"n0": bytes.fromhex("63C0")}, PasswordBlockedError, None),
    ({"n0": bytes.fromhex("6983")}, PasswordBlockedError, None),
    ({"n0": bytes.fromhex("6A80")}, PaceRefusedError, None),
    ({"n0": bytes.fromhex("6D00")}, PaceRefusedError, None),
    ({"n1": bytes.fromhex("6A80")}, PaceRefusedError, None),
    ({"n4": bytes.fromhex("63C2")}, WrongPasswordError, 2),
    ({"n4": bytes.fromhex("6300")}, WrongPasswordError, None),
    ({"n4": bytes.fromhex("63C1")}, PasswordSuspendedError, None),
])
def test_status_words_become_typed_errors(answers, error, tries):
    card = _card(CCCD, CHIP_KEY, **answers)
    with pytest.raises(error) as caught:
        pace.authenticate(card, CCCD, pace.can_password("004521"))
    if tries is not None:
        assert caught.value.tries_left == tries and str(tries) in caught.value.message


def test_retry_counter_warning_at_set_at_does_not_stop_pace():
    card = _card(CCCD, CHIP_KEY, n0=bytes.fromhex("63C2"))
    assert pace.authenticate(card, CCCD, pace.can_password("004521")).password_kind == "CAN"


def test_forged_chip_token_is_refused():
    card = _card(CCCD, CHIP_KEY)
    original = card.transmit

    def forging(apdu: bytes) -> bytes:
        answer = original(apdu)
        if apdu[:2] == b"\x00\x86":
            return answer[:-3] + bytes((answer[-3] ^ 1,)) + answer[-2:]
        return answer

    card.transmit = forging
    with pytest.raises(SecureMessagingError):
        pace.authenticate(card, CCCD, pace.can_password("004521"))


def test_point_off_the_curve_is_refused():
    bad = b"\x04" + (1).to_bytes(32, "big") + (2).to_bytes(32, "big")
    card = _card(CCCD, CHIP_KEY, n2=bytes.fromhex("7C438241") + bad + b"\x90\x00")
    with pytest.raises(SecureMessagingError):
        pace.authenticate(card, CCCD, pace.can_password("004521"))


def test_chip_echoing_our_key_is_refused():
    card = _card(CCCD, CHIP_KEY)
    original = card.transmit

    def echoing(apdu: bytes) -> bytes:
        answer = original(apdu)
        if apdu[:5] == bytes.fromhex("1086000045") and apdu[7] == 0x83:
            return bytes.fromhex("7C4384") + apdu[9:9 + 66] + b"\x90\x00"
        return answer

    card.transmit = echoing
    with pytest.raises(SecureMessagingError):
        pace.authenticate(card, CCCD, pace.can_password("004521"))


@pytest.mark.parametrize("protocol", [
    "0.4.0.127.0.7.2.2.4.1.2",   # DH generic mapping
    "0.4.0.127.0.7.2.2.4.4.2",   # ECDH integrated mapping
    "0.4.0.127.0.7.2.2.4.6.2",   # chip authentication mapping
])
def test_suites_this_reader_does_not_run_are_refused_before_any_command(protocol):
    infos = SecurityInfos((PaceInfo(protocol, 2, 13),))
    card = _card(CCCD, CHIP_KEY)
    with pytest.raises(PaceRefusedError):
        pace.authenticate(card, infos, pace.can_password("004521"))
    assert card.sent == []


def test_unknown_parameter_id_is_refused():
    infos = SecurityInfos((PaceInfo(CCCD_SUITE, 2, 14),))  # brainpoolP320r1: not carried
    assert pace.choose(infos) is None


def test_garbled_answers_are_chip_errors():
    for index in range(1, 5):
        for garbage in (b"\x90\x00", b"\x7C\x00\x90\x00", b"\x7C\x05\x80\x01\x00\x90\x00",
                        b"\x01\x02\x03\x90\x00"):
            card = _card(CCCD, CHIP_KEY, **{f"n{index}": garbage})
            with pytest.raises(ChipError):
                pace.authenticate(card, CCCD, pace.can_password("004521"))


def test_passwords_of_a_key_try_the_can_first():
    assert [p.kind for p in pace.passwords_of(CHIP_KEY)] == ["CAN", "MRZ"]
    assert [p.kind for p in pace.passwords_of(AccessKey(can="004521"))] == ["CAN"]
    assert [p.kind for p in pace.passwords_of(CHIP_KEY.without_can())] == ["MRZ"]
