"""Trying candidate keys (drivers/idcard/protocol/key_trial.py): the next key only after a refusal,
in order, first refusal raised when all fail; any other failure ends at once. In process and
through the real pcscd + vpcd stack."""

from __future__ import annotations

from datetime import date

import pytest

from drivers.idcard.access_key import AccessKey, access_key_from_cccd
from drivers.idcard.errors import AccessDeniedError, CardRemovedError
from drivers.idcard.pcsc import PcscTransport
from drivers.idcard.protocol.key_trial import MAX_KEYS, read_card_trying_keys
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.transport import InProcessTransport, MeteredTransport
from tests.pcscd_fixtures import VPCD_READER

HANH = load_profile("hanh")
NO_EXPIRY = access_key_from_cccd(HANH.id_number, HANH.birth_date, None)
AT_60 = HANH.chip_access_key
AT_40 = access_key_from_cccd(HANH.id_number, HANH.birth_date, date(2008, 3, 12))


def _with_fallbacks(first: AccessKey, *others: AccessKey) -> AccessKey:
    return AccessKey(first.document_number, first.birth_date, first.expiry_date, others)


def test_the_first_key_the_chip_takes_opens_it(card_image):
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh"))))
    read, key = read_card_trying_keys(transport, _with_fallbacks(NO_EXPIRY, AT_40, AT_60))
    assert key == AT_60 and read.identity.id_number == HANH.id_number
    # two refused mutual authentications cost a few commands each, nothing more
    assert transport.cost.commands == read.apdus + 2 * 3


def test_a_right_first_key_is_the_only_one_tried(card_image):
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh"))))
    read, key = read_card_trying_keys(transport, [AT_60, NO_EXPIRY])
    assert key == AT_60 and transport.cost.commands == read.apdus


def test_all_refused_raises_the_first_refusal(card_image):
    with pytest.raises(AccessDeniedError):
        read_card_trying_keys(InProcessTransport(ChipEngine(card_image("hanh"))),
                              _with_fallbacks(NO_EXPIRY, AT_40))


def test_a_card_removed_ends_the_trial_at_once(card_image):
    # removed during the first key's authentication: no second key is tried on a card that left
    engine = ChipEngine(card_image("hanh"), faults=ChipFaults(remove_after=2))
    transport = MeteredTransport(InProcessTransport(engine))
    with pytest.raises(CardRemovedError):
        read_card_trying_keys(transport, [NO_EXPIRY, AT_60])
    assert transport.cost.commands == 3


def test_keys_are_deduplicated_and_capped(card_image):
    keys = [NO_EXPIRY] * 3 + [access_key_from_cccd(HANH.id_number, HANH.birth_date,
                                                    date(2030 + i, 1, 1)) for i in range(10)]
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh"))))
    with pytest.raises(AccessDeniedError):
        read_card_trying_keys(transport, keys)
    assert transport.cost.commands == MAX_KEYS * 3  # SELECT, GET CHALLENGE, EXT. AUTH per key
    with pytest.raises(ValueError):
        read_card_trying_keys(transport, [])


@pytest.mark.pcsc
def test_through_pcscd_the_neighbouring_age_opens_hanh_card(serve_card, card_image):
    serve_card(card_image("hanh"))
    transport = PcscTransport(VPCD_READER, timeout_s=10)
    try:
        read, key = read_card_trying_keys(transport, _with_fallbacks(NO_EXPIRY, AT_60))
    finally:
        transport.close()
    assert key == AT_60 and read.identity.full_name == HANH.full_name
