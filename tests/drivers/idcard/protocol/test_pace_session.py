"""Access control as the session runs it, against the simulated chip in-process: EF.CardAccess,
then PACE with the CAN (or the MRZ), else BAC (reference cccd-chip.md §3.4); wrong CAN, the
chip's retry counter (suspended, blocked), PACE refused → BAC, and a CAN-only key on a BAC chip."""

from __future__ import annotations

import pytest

from drivers.idcard.access_key import AccessKey, access_key_from_can, can_of_id_number
from drivers.idcard.errors import (AccessDataError, PaceRefusedError, PasswordBlockedError,
                                   PasswordSuspendedError, WrongPasswordError)
from drivers.idcard.lds import EF_CARD_ACCESS
from drivers.idcard.protocol import pace
from drivers.idcard.protocol.session import (BAC, PACE_CAN, PACE_MRZ, open_access_control,
                                             read_card, read_card_access)
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.dialects import ChipDialect
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.transport import InProcessTransport

CCCDS = ["an", "binh", "chi", "dung", "em"]


def _can(name: str) -> AccessKey:
    return access_key_from_can(can_of_id_number(load_profile(name).id_number))


def _transport(engine: ChipEngine) -> InProcessTransport:
    transport = InProcessTransport(engine)
    transport.connect()
    return transport


@pytest.mark.parametrize("name", CCCDS)
def test_six_digits_open_each_simulated_cccd(name, card_image, pki):
    result = read_card(InProcessTransport(ChipEngine(card_image(name))), _can(name),
                       trust_store=[pki.csca_certificate])
    assert result.access_control == PACE_CAN
    assert result.identity is not None and result.identity.id_number == load_profile(name).id_number
    assert 2 in result.passive_auth.data_groups


def test_card_access_is_read_in_plain(card_image):
    infos = read_card_access(_transport(ChipEngine(card_image("an"))))
    assert infos is not None and pace.choose(infos).parameter_id == 13
    assert read_card_access(_transport(ChipEngine(card_image("giang")))) is None


def test_printed_details_use_the_can_first_and_the_mrz_alone_uses_pace_mrz(card_image):
    profile = load_profile("an")
    image = card_image("an")
    assert open_access_control(_transport(ChipEngine(image)), profile.printed_access_key).protocol \
        == PACE_CAN
    assert open_access_control(_transport(ChipEngine(image)),
                               profile.printed_access_key.without_can()).protocol == PACE_MRZ


def test_bac_only_chip_is_opened_by_bac_and_not_by_six_digits(card_image):
    profile = load_profile("giang")
    image = card_image("giang")
    assert open_access_control(_transport(ChipEngine(image)), profile.chip_access_key).protocol == BAC
    with pytest.raises(AccessDataError) as caught:
        open_access_control(_transport(ChipEngine(image)), _can("giang"))
    assert caught.value.field == "can" and "ID number, birth date and expiry date" in caught.value.message


def test_wrong_can_says_so(card_image):
    with pytest.raises(WrongPasswordError) as caught:
        read_card(InProcessTransport(ChipEngine(card_image("an"))), access_key_from_can("000000"))
    assert caught.value.password == "CAN" and "last 6 digits" in caught.value.message


def test_wrong_can_with_right_details_goes_on_with_the_mrz(card_image):
    key = load_profile("an").printed_access_key
    wrong = AccessKey(key.document_number, key.birth_date, key.expiry_date, "000000")
    assert read_card(InProcessTransport(ChipEngine(card_image("an"))), wrong).access_control \
        == PACE_MRZ


def test_pace_refused_falls_back_to_bac(card_image):
    engine = ChipEngine(card_image("binh"), faults=ChipFaults(refuse_pace=True))
    result = read_card(InProcessTransport(engine), load_profile("binh").printed_access_key)
    assert result.access_control == BAC and result.identity is not None


def test_pace_refused_with_only_six_digits_is_a_plain_error(card_image):
    engine = ChipEngine(card_image("binh"), faults=ChipFaults(refuse_pace=True))
    with pytest.raises(PaceRefusedError) as caught:
        read_card(InProcessTransport(engine), _can("binh"))
    assert "details" in caught.value.message


def test_retry_counter_suspends_then_the_details_resume_it(card_image):
    engine = ChipEngine(card_image("an"), ChipDialect(pace_tries=3))
    transport = InProcessTransport(engine)
    wrong = access_key_from_can("000000")
    with pytest.raises(WrongPasswordError) as first:
        read_card(transport, wrong)
    assert first.value.tries_left == 2
    with pytest.raises(PasswordSuspendedError):   # 63C1 after the second wrong try
        read_card(transport, wrong)
    with pytest.raises(PasswordSuspendedError):   # even the right CAN: the reader stops at 63C1
        read_card(transport, _can("an"))
    assert engine.pace_tries[pace.PASSWORD_CAN] == 1
    # The card's details (PACE-MRZ) open it and resume the CAN.
    assert read_card(transport, load_profile("an").printed_access_key).access_control == PACE_MRZ
    assert read_card(transport, _can("an")).access_control == PACE_CAN


def test_blocked_can(card_image):
    engine = ChipEngine(card_image("an"), ChipDialect(pace_tries=3))
    engine.pace_tries[pace.PASSWORD_CAN] = 0
    with pytest.raises(PasswordBlockedError) as caught:
        read_card(InProcessTransport(engine), _can("an"))
    assert "police" in caught.value.message
    # Blocked is for good: the details still open the chip (PACE-MRZ), the CAN stays blocked.
    assert read_card(InProcessTransport(engine), load_profile("an").printed_access_key) \
        .access_control == PACE_MRZ
    with pytest.raises(PasswordBlockedError):
        read_card(InProcessTransport(engine), _can("an"))


def test_pace_read_without_extended_length_uses_aes_blocks(card_image):
    """Short APDUs under AES secure messaging: 223-byte blocks, each answer within 256 bytes."""
    engine = ChipEngine(card_image("an"), ChipDialect(extended_length=False))
    result = read_card(InProcessTransport(engine), _can("an"))
    assert result.access_control == PACE_CAN and not result.extended_length
    assert result.apdus > result.bytes_read // 223


def test_broken_card_access_means_bac(card_image):
    import dataclasses

    image = card_image("an")
    broken = dataclasses.replace(image, files={**image.files, EF_CARD_ACCESS.file_id: b"\x31\x03\x30"})
    result = read_card(InProcessTransport(ChipEngine(broken)), load_profile("an").printed_access_key)
    assert result.access_control == BAC
