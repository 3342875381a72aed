"""PACE through the real PC/SC stack (pyscard → pcscd → vpcd → simulated chip): a full PACE-CAN
read of each simulated CCCD with six digits, a wrong CAN then the right one, and a chip that
refuses PACE read by BAC instead."""

from __future__ import annotations

import pytest

from drivers.idcard.access_key import access_key_from_can, can_of_id_number
from drivers.idcard.errors import WrongPasswordError
from drivers.idcard.pcsc import PcscTransport
from drivers.idcard.protocol.session import BAC, PACE_CAN, read_card
from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.profile import load_profile
from tests.support.pcscd_fixtures import VPCD_READER

pytestmark = pytest.mark.pcsc
CCCDS = ["an", "binh", "chi", "dung", "em"]


@pytest.fixture
def transport():
    reader = PcscTransport(VPCD_READER, timeout_s=10)
    yield reader
    reader.close()


def _can(name: str):
    return access_key_from_can(can_of_id_number(load_profile(name).id_number))


def test_pace_can_read_of_each_simulated_cccd(serve_card, card_image, transport, pki):
    for name in CCCDS:
        serve_card(card_image(name))
        result = read_card(transport, _can(name), trust_store=[pki.csca_certificate])
        assert result.access_control == PACE_CAN, name
        assert result.identity is not None and result.identity.id_number == load_profile(name).id_number
        expected_mismatch = (13,) if name == "em" else ()  # em: DG13 altered after signing
        assert result.passive_auth.mismatched_data_groups == expected_mismatch


def test_wrong_can_then_the_right_one(serve_card, card_image, transport):
    serve_card(card_image("an"))
    with pytest.raises(WrongPasswordError):
        read_card(transport, access_key_from_can("999999"))
    assert read_card(transport, _can("an")).access_control == PACE_CAN


def test_pace_refused_then_bac(serve_card, card_image, transport):
    serve_card(card_image("binh"), faults=ChipFaults(refuse_pace=True))
    result = read_card(transport, load_profile("binh").printed_access_key)
    assert result.access_control == BAC and result.identity is not None
