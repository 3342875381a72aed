"""The in-process transport as a reader: waits for the card, tells it gone, takes it back."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.idcard.errors import CardRemovedError
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.pki import load_test_pki
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.transport import InProcessTransport, MeteredTransport

SELECT_MF = bytes.fromhex("00A40000023F00")


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    return build_card_image(load_profile("an"), load_test_pki(tmp_path_factory.mktemp("pki")))


def test_a_card_held_off_the_reader_is_waited_for_until_placed(image):
    transport = InProcessTransport(ChipEngine(image), on_reader=False)
    assert not transport.card_present()
    assert not transport.wait_for_card(0.05)
    threading.Timer(0.1, transport.place_card).start()
    started = time.monotonic()
    assert transport.wait_for_card(5)
    assert 0.05 < time.monotonic() - started < 4
    transport.connect()
    assert transport.transmit(SELECT_MF)[-2:] in (b"\x90\x00", b"\x6a\x82", b"\x6d\x00")


def test_taken_away_the_card_is_gone_until_placed_again(image):
    transport = MeteredTransport(InProcessTransport(ChipEngine(image)))
    assert transport.wait_for_card(0)
    transport.connect()
    transport.inner.take_card_away()
    with pytest.raises(CardRemovedError):
        transport.transmit(SELECT_MF)
    assert not transport.card_present() and not transport.wait_for_card(0.05)
    transport.inner.place_card()
    assert transport.wait_for_card(0) and transport.card_present()


def test_pulled_mid_read_the_next_connect_is_the_card_placed_again(image):
    """The chip's "removed" fault is a patient pulling the card: the read fails, the reader does
    not wait for a tester, and the next connect reads the card again."""
    transport = InProcessTransport(ChipEngine(image, faults=ChipFaults(remove_after=1)))
    transport.connect()
    transport.transmit(SELECT_MF)
    with pytest.raises(CardRemovedError):
        transport.transmit(SELECT_MF)
    assert not transport.card_present()
    assert transport.wait_for_card(0)
    transport.connect()
    assert transport.card_present()
