"""The simulated chip read in-process through the real protocol stack: full reads of the shipped
profiles, plain reads refused before BAC, wrong key, extended-length fallback, and the faults."""

from __future__ import annotations

import dataclasses

import pytest

from drivers.idcard.protocol.apdu import CommandApdu, ResponseApdu
from drivers.idcard.errors import (AccessDeniedError, CardRemovedError, SecureMessagingError,
                                   SecurityStatusError)
from drivers.idcard.lds import DG2, DG13, EF_COM
from drivers.idcard.lds.com import ComFile, encode_com, parse_com
from drivers.idcard.lds.dg2 import parse_dg2
from drivers.idcard.passive_auth import Check
from drivers.idcard.protocol.chip_proof import ProofMethod, ProofOutcome
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.dialects import ChipDialect, dialect
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.protocol.session import EMRTD_AID, IdentityRead, open_secure_channel, read_card
from drivers.idcard.transport import InProcessTransport

H = bytes.fromhex


def _read(image, key, speaks=ChipDialect(), faults=ChipFaults(), **kwargs):
    return read_card(InProcessTransport(ChipEngine(image, speaks, faults)), key, **kwargs)


@pytest.mark.parametrize("name", ["an", "binh", "chi", "dung"])
def test_full_read_of_each_valid_profile(name, card_image, pki):
    profile = load_profile(name)
    events = []
    image = card_image(name)
    result = _read(image, profile.printed_access_key, on_event=events.append,
                   trust_store=[pki.csca_certificate])
    assert result.identity is not None and result.identity.id_number == profile.id_number
    assert result.identity.full_name == profile.full_name
    assert result.mrz.document_number == profile.id_number[3:]
    assert result.face == parse_dg2(image.files[DG2.file_id])
    assert result.passive_auth.passed
    assert set(result.passive_auth.data_groups.values()) == {Check.OK}
    # PACE-CAN (8 commands: EF.CardAccess, MSE:Set AT, 4 GENERAL AUTHENTICATE, SELECT), then
    # two commands per file at most with extended length (7 files), then Chip Authentication
    # (MSE, GA, probe).
    assert result.access_control == "pace-can"
    assert result.extended_length and result.apdus <= 8 + 2 * 7 + 3
    assert (result.chip_proof.method, result.chip_proof.outcome) == (
        ProofMethod.CHIP_AUTHENTICATION, ProofOutcome.PASSED)
    # The identity was reported before the photo was read.
    names = [type(e).__name__ if not hasattr(e, "name") else e.name for e in events]
    assert names.index("IdentityRead") < names.index("DG2")


def test_tampered_dg13_is_reported_by_passive_auth(card_image):
    result = _read(card_image("em"), load_profile("em").printed_access_key)
    assert result.passive_auth.mismatched_data_groups == (13,)
    assert result.passive_auth.data_groups[1] is Check.OK


def test_wrong_key_is_refused_with_6300(card_image):
    profile = load_profile("giang")
    assert profile.printed_access_key != profile.chip_access_key
    engine = ChipEngine(card_image("giang"))
    transport = InProcessTransport(engine)
    with pytest.raises(AccessDeniedError):
        read_card(transport, profile.printed_access_key)
    assert read_card(transport, profile.chip_access_key).identity is not None


def test_plain_reads_are_refused_before_bac(card_image):
    engine = ChipEngine(card_image("an"))

    def send(hex_apdu: str) -> int:
        return ResponseApdu.from_bytes(engine.process(H(hex_apdu))).sw

    assert send("00A4040C07" + EMRTD_AID.hex()) == 0x9000
    assert send("00B09E0004") == 0x6982  # READ BINARY EF.COM by short id
    assert send("00A4020C02011E") == 0x9000
    assert send("00B0000004") == 0x6982
    assert send("00B0000004") == 0x6982
    assert send("0084000008") == 0x9000
    assert send("00B1000003540100FF") == 0x6982  # odd INS too
    with pytest.raises(SecurityStatusError):  # and the reader says so in plain words
        ResponseApdu.from_bytes(engine.process(H("00B0810004"))).check("READ BINARY DG1")


def test_plain_command_after_bac_ends_secure_messaging(card_image):
    image = card_image("an")
    engine = ChipEngine(image)
    transport = InProcessTransport(engine)
    transport.connect()
    channel = open_secure_channel(transport, image.access_key)
    assert channel.exchange(CommandApdu(0, 0xB0, 0x9E, 0, le=4)).data == image.files[EF_COM.file_id][:4]
    assert ResponseApdu.from_bytes(engine.process(H("00B0000004"))).sw == 0x6982
    with pytest.raises(SecureMessagingError):
        channel.exchange(CommandApdu(0, 0xB0, 0, 0, le=4))


def test_other_status_words(card_image):
    engine = ChipEngine(card_image("an"))
    assert ResponseApdu.from_bytes(engine.process(H("00CA000000"))).sw == 0x6D00
    assert ResponseApdu.from_bytes(engine.process(H("00A4040C07A0000002471002"))).sw == 0x6A82
    assert ResponseApdu.from_bytes(engine.process(H("00A4020C020105"))).sw == 0x6A82
    assert ResponseApdu.from_bytes(engine.process(H("00B0"))).sw == 0x6700
    assert ResponseApdu.from_bytes(engine.process(H("0084000004"))).sw == 0x6700
    assert ResponseApdu.from_bytes(engine.process(H("0082000028" + "00" * 40 + "28"))).sw == 0x6982


def test_card_without_extended_length_falls_back_to_short_reads(card_image):
    image = card_image("an")
    fast = _read(image, image.access_key)
    slow = _read(image, image.access_key, dialect("no-extended"))
    assert not slow.extended_length
    assert slow.face == fast.face and slow.identity == fast.identity
    assert slow.apdus > 5 * fast.apdus


def test_passport_without_dg13_reads(card_image):
    image = card_image("an")
    com = parse_com(image.files[EF_COM.file_id])
    files = dict(image.files)
    del files[DG13.file_id]
    files[EF_COM.file_id] = encode_com(ComFile(com.lds_version, com.unicode_version,
                                               tuple(t for t in com.dg_tags if t != DG13.tag)))
    passport = dataclasses.replace(image, files=files)
    events = []
    result = _read(passport, image.access_key, on_event=events.append)
    assert result.identity is None and result.face is not None
    assert IdentityRead(result.mrz, None) in events
    assert result.passive_auth.data_groups[13] is Check.NOT_CHECKED
    assert result.passive_auth.data_groups[1] is Check.OK


def test_card_removed_mid_read_then_next_read_works(card_image):
    image = card_image("an")
    transport = InProcessTransport(ChipEngine(image, faults=ChipFaults(remove_after=6)))
    with pytest.raises(CardRemovedError):
        read_card(transport, image.access_key)
    assert not transport.card_present()
    assert read_card(transport, image.access_key).passive_auth.data_groups[2] is Check.OK


def test_slow_card_costs_its_delay_per_command(card_image):
    image = card_image("an")
    result = _read(image, image.access_key, faults=ChipFaults(delay_ms=20))
    assert result.elapsed_ms >= 20 * result.apdus


def test_corrupted_mac_is_refused(card_image):
    image = card_image("an")
    with pytest.raises(SecureMessagingError):
        _read(image, image.access_key, faults=ChipFaults(corrupt_mac=True))
