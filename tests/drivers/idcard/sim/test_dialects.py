"""Every chip dialect the simulator speaks, read in-process through the real protocol stack: the
first card of a type reads (learning what it takes), the next card of that type reads in the
fewest commands the dialect allows, and never more than the fixed 223-byte baseline. Wrong keys
in each form, the CCCD's initial state and status words, and what the reader must never send.
(tests/drivers/idcard/sim/test_dialects_pcsc.py does the same through pcscd + vpcd.)"""

from __future__ import annotations

import dataclasses

import pytest

from drivers.idcard.errors import AccessDeniedError
from drivers.idcard.lds import DG2, EF_COM
from drivers.idcard.lds.com import parse_com
from drivers.idcard.protocol.apdu import CommandApdu, ResponseApdu
from drivers.idcard.protocol.capabilities import CapabilityMemory, conservative_capabilities
from drivers.idcard.protocol.session import EMRTD_AID, open_secure_channel, read_card
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.sim.dialects import SFI_READ_ONLY, DialectError, dialect
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.transport import InProcessTransport
from tests.support.dialect_cases import PLAIN_EMRTD, READABLE, WRONG_KEY, fewest_commands

H = bytes.fromhex


class RecordingChip(ChipEngine):
    """The simulated chip, noting every command it was asked (after secure messaging)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[CommandApdu] = []

    def _dispatch(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        self.asked.append(command)
        return super()._dispatch(command, secure)


@pytest.mark.parametrize("name", READABLE)
def test_each_dialect_reads_and_the_next_card_takes_the_fewest_commands(name, card_image, pki):
    speaks = dialect(name)
    image = card_image("an", **PLAIN_EMRTD)
    transport = InProcessTransport(ChipEngine(image, speaks))
    memory = CapabilityMemory()
    first = read_card(transport, image.access_key, trust_store=[pki.csca_certificate],
                      memory=memory)
    assert first.passive_auth.passed and first.identity is not None
    assert first.face is not None
    again = read_card(transport, image.access_key, trust_store=[pki.csca_certificate],
                      memory=memory)
    assert again.passive_auth.passed
    assert (again.identity, again.face) == (first.identity, first.face)
    fewest = fewest_commands(speaks, image)
    assert again.apdus == fewest
    assert first.apdus <= fewest + 13  # what learning the card type costs, once
    baseline = read_card(transport, image.access_key, capabilities=conservative_capabilities())
    assert baseline.passive_auth.data_groups == again.passive_auth.data_groups
    assert again.apdus <= baseline.apdus


def test_short_ids_that_do_not_select_on_a_card_without_extended_length(card_image):
    """The short-EF-id read leaves the file not current: past offset 255 the reader must SELECT
    (once it has seen the card refuse a read by offset, it SELECTs straight away)."""
    speaks = dataclasses.replace(dialect("short-id-not-current"), extended_length=False)
    image = card_image("an", **PLAIN_EMRTD)
    transport = InProcessTransport(ChipEngine(image, speaks))
    memory = CapabilityMemory()
    first = read_card(transport, image.access_key, memory=memory)
    assert first.capabilities.sfi_selects is False
    again = read_card(transport, image.access_key, memory=memory)
    assert again.face == first.face and again.apdus < first.apdus
    # Blocks up to offset 255 are read by short id; a file that needs a read beyond (more than two
    # 231-byte blocks: DG2 and EF.SOD) needs one SELECT.
    selects = sum(len(data) > 2 * 231 for data in image.files.values())
    assert selects >= 2
    assert again.apdus == fewest_commands(dialect("no-extended"), image) + selects


def test_remembered_capabilities_that_are_wrong_for_this_card_still_read(card_image):
    """A card of a remembered type that behaves otherwise (say a different chip behind the same
    ATR): the fast forms are tried, refused, and the read falls back."""
    image = card_image("an", **PLAIN_EMRTD)
    fast = read_card(InProcessTransport(ChipEngine(image)), image.access_key)
    strict = dataclasses.replace(dialect("vsmartcard"), name="standard")
    result = read_card(InProcessTransport(ChipEngine(image, strict)), image.access_key,
                       capabilities=fast.capabilities)
    assert result.face == fast.face and result.capabilities.short_ids is False


@pytest.mark.parametrize("name", WRONG_KEY)
def test_every_wrong_key_answer_is_access_denied(name, card_image):
    profile = load_profile("giang")  # her chip's key differs from what her card prints
    engine = RecordingChip(card_image("giang", **PLAIN_EMRTD), dialect(name))
    transport = InProcessTransport(engine)
    with pytest.raises(AccessDeniedError):
        read_card(transport, profile.printed_access_key)
    assert ResponseApdu.from_bytes(engine.process(H("00A4040C07" + EMRTD_AID.hex()))).sw == 0x9000
    assert ResponseApdu.from_bytes(engine.process(H("0084000008"))).sw == 0x9000
    sealed = ResponseApdu.from_bytes(engine.process(H("0082000028" + "11" * 40 + "28")))
    assert sealed.sw == WRONG_KEY[name]
    assert read_card(transport, profile.chip_access_key).identity is not None


def test_cccd_initial_state_and_status_words(pki):
    """Reference section 10: SELECT MF refused with 6D00, the application files refused in plain
    (6982), DG3 listed in EF.COM but behind EAC (6982) even under secure messaging, DG11 absent."""
    profile = dataclasses.replace(load_profile("an"), dialect="cccd")
    image = build_card_image(profile, pki)
    engine = ChipEngine(image, dialect("cccd"))

    def send(hex_apdu: str) -> int:
        return ResponseApdu.from_bytes(engine.process(H(hex_apdu))).sw

    assert send("00A4000C023F00") == 0x6D00
    assert send("00A4040C07" + EMRTD_AID.hex()) == 0x9000
    assert send("00A4020C02011E") == 0x6982
    assert send("00B09E0004") == 0x6982
    assert parse_com(image.files[EF_COM.file_id]).data_groups == (1, 2, 3, 13, 15, 14)
    transport = InProcessTransport(engine)
    transport.connect()
    channel = open_secure_channel(transport, image.access_key)
    assert channel.exchange(CommandApdu(0, 0xA4, 0x02, 0x0C, H("0103"))).sw == 0x6982
    assert channel.exchange(CommandApdu(0, 0xB0, 0x83, 0, le=4)).sw == 0x6982
    assert channel.exchange(CommandApdu(0, 0xA4, 0x02, 0x0C, H("010B"))).sw == 0x6A82
    assert channel.exchange(CommandApdu(0, 0xB0, 0x9E, 0, le=4)).data == image.files[EF_COM.file_id][:4]


def test_reader_never_selects_the_master_file_nor_touches_dg3(pki):
    profile = dataclasses.replace(load_profile("an"), dialect="cccd")
    image = build_card_image(profile, pki)
    for speaks in (dialect("cccd"), dataclasses.replace(dialect("cccd"), short_ids=SFI_READ_ONLY,
                                                        extended_length=False)):
        engine = RecordingChip(image, speaks)
        result = read_card(InProcessTransport(engine), image.access_key)
        assert 3 in result.com.data_groups and result.passive_auth.passed is False  # no trust store
        assert result.passive_auth.data_groups[2].value == "ok"
        for command in engine.asked:
            assert not (command.ins == 0xA4 and command.data in (b"", H("3F00"), H("0103")))
            assert not (command.ins == 0xB0 and command.p1 == 0x83)


def test_unknown_dialect_is_a_plain_error():
    with pytest.raises(DialectError) as caught:
        dialect("klingon")
    assert "cccd" in caught.value.detail


def test_dg2_of_each_dialect_is_the_photo(card_image):
    image = card_image("binh", **PLAIN_EMRTD)
    photos = {read_card(InProcessTransport(ChipEngine(image, dialect(name))),
                        image.access_key).face.sha256 for name in READABLE}
    assert len(photos) == 1 and image.files[DG2.file_id]


def test_a_card_type_known_to_offer_no_pace_is_opened_with_bac_at_once(card_image, pki):
    """EF.CardAccess is looked at on the first card of a type only; a card of a PACE type (same
    ATR) behind a remembered 'no PACE' still opens: BAC is tried, then the whole way."""
    image = card_image("an", **PLAIN_EMRTD)
    engine = RecordingChip(image)
    transport = InProcessTransport(engine)
    memory = CapabilityMemory()
    first = read_card(transport, image.access_key, memory=memory)
    assert first.capabilities.pace is False and first.access_control == "bac"
    asked = len(engine.asked)
    again = read_card(transport, image.access_key, memory=memory)

    def card_access(commands) -> list:
        return [c for c in commands if c.ins == 0xA4 and c.data == bytes.fromhex("011C")]

    assert len(card_access(engine.asked[:asked])) == 1  # the first card of the type: looked
    assert again.access_control == "bac" and card_access(engine.asked[asked:]) == []
    assert again.apdus < first.apdus
    with_pace = card_image("an", pace=True, chip_authentication=False, active_authentication="none")
    read = read_card(InProcessTransport(ChipEngine(with_pace)), with_pace.access_key,
                     capabilities=dataclasses.replace(first.capabilities))
    assert read.identity == first.identity
