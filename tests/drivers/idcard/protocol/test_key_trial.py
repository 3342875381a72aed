"""Trying candidate keys (drivers/idcard/protocol/key_trial.py): the next key only after a refusal,
in order, first refusal raised when all fail; any other failure ends at once. In process and
through the real pcscd + vpcd stack, on hanh's card as an older chip without PACE (with PACE, the
CAN every key holds opens it at once)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from drivers.idcard.access_key import AccessKey, access_key_from_cccd
from drivers.idcard.errors import AccessDeniedError, CardRemovedError
from drivers.idcard.pcsc import PcscTransport
from drivers.idcard.protocol import pace
from drivers.idcard.protocol.key_trial import MAX_KEYS, read_card_trying_keys
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.transport import InProcessTransport, MeteredTransport
from tests.support.pcscd_fixtures import VPCD_READER

HANH = load_profile("hanh")
NO_EXPIRY = access_key_from_cccd(HANH.id_number, HANH.birth_date, None)
AT_60 = HANH.chip_access_key
AT_40 = access_key_from_cccd(HANH.id_number, HANH.birth_date, date(2008, 3, 12))


def _with_fallbacks(first: AccessKey, *others: AccessKey) -> AccessKey:
    return dataclasses.replace(first, fallbacks=others)


def test_the_first_key_the_chip_takes_opens_it(card_image):
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh", pace=False))))
    read, key = read_card_trying_keys(transport, _with_fallbacks(NO_EXPIRY, AT_40, AT_60))
    assert key == AT_60 and read.identity.id_number == HANH.id_number
    # two refused mutual authentications cost a few commands each, nothing more (a BAC-only
    # chip: the look for EF.CardAccess, SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE)
    assert transport.cost.commands == read.apdus + 2 * 4


def test_a_right_first_key_is_the_only_one_tried(card_image):
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh", pace=False))))
    read, key = read_card_trying_keys(transport, [AT_60, NO_EXPIRY])
    assert key == AT_60 and transport.cost.commands == read.apdus


def test_all_refused_raises_the_first_refusal(card_image):
    with pytest.raises(AccessDeniedError):
        read_card_trying_keys(InProcessTransport(ChipEngine(card_image("hanh", pace=False))),
                              _with_fallbacks(NO_EXPIRY, AT_40))


def test_a_card_removed_ends_the_trial_at_once(card_image):
    # removed during the first key's authentication: no second key is tried on a card that left
    engine = ChipEngine(card_image("hanh", pace=False), faults=ChipFaults(remove_after=2))
    transport = MeteredTransport(InProcessTransport(engine))
    with pytest.raises(CardRemovedError):
        read_card_trying_keys(transport, [NO_EXPIRY, AT_60])
    assert transport.cost.commands == 3


def test_keys_are_deduplicated_and_capped(card_image):
    keys = [NO_EXPIRY] * 3 + [access_key_from_cccd(HANH.id_number, HANH.birth_date,
                                                    date(2030 + i, 1, 1)) for i in range(10)]
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh", pace=False))))
    with pytest.raises(AccessDeniedError):
        read_card_trying_keys(transport, keys)
    assert transport.cost.commands == MAX_KEYS * 4  # EF.CardAccess, SELECT, GET CHALLENGE, EXT. AUTH
    with pytest.raises(ValueError):
        read_card_trying_keys(transport, [])


@pytest.mark.pcsc
def test_through_pcscd_the_neighbouring_age_opens_hanh_card(serve_card, card_image):
    serve_card(card_image("hanh", pace=False))
    transport = PcscTransport(VPCD_READER, timeout_s=10)
    try:
        read, key = read_card_trying_keys(transport, _with_fallbacks(NO_EXPIRY, AT_60))
    finally:
        transport.close()
    assert key == AT_60 and read.identity.full_name == HANH.full_name


def test_a_pace_chip_opens_with_the_can_whatever_the_expiry(card_image):
    """On hanh's PACE chip the CAN in the first key opens it: no expiry is tried at all."""
    transport = MeteredTransport(InProcessTransport(ChipEngine(card_image("hanh"))))
    read, key = read_card_trying_keys(transport, _with_fallbacks(NO_EXPIRY, AT_40, AT_60))
    assert key == NO_EXPIRY and read.access_control == "pace-can"
    assert transport.cost.commands == read.apdus


def test_a_wrong_can_is_not_tried_again_with_each_expiry(card_image):
    """A chip that counts wrong PACE tries: the trial's later keys go without the CAN, so one
    wrong CAN costs one try, not one per expiry (then BAC with each expiry)."""
    from drivers.idcard.sim.dialects import ChipDialect
    engine = ChipEngine(card_image("hanh"), ChipDialect(pace_tries=5))
    wrong_can = [dataclasses.replace(k, can="999999") for k in (NO_EXPIRY, AT_40, AT_60)]
    read, key = read_card_trying_keys(InProcessTransport(engine),
                                      _with_fallbacks(wrong_can[0], *wrong_can[1:]))
    assert key.expiry_date == AT_60.expiry_date and read.access_control in ("pace-mrz", "bac")
    # one wrong CAN (5 -> 4), not one per expiry (the MRZ's counter is reset by its success)
    assert engine.pace_tries[pace.PASSWORD_CAN] == 4
