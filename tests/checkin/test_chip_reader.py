"""The check-in's card reader over the simulated chip: a cancelled check-in stops the read between
two commands (not only between files), and the next patient's card of the same type is read the
fast way from its first command (what the reader learned of the type is remembered)."""

from __future__ import annotations

import pytest

from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.dialects import dialect
from drivers.idcard.transport import InProcessTransport, MeteredTransport
from terminal.checkin.chip_reader import ChipCardReader
from terminal.checkin.errors import CheckinCancelled
from terminal.checkin.parts import CardCallbacks


def _callbacks(cancelled=lambda: False) -> CardCallbacks:
    return CardCallbacks(card_present=lambda: None, identity_read=lambda _identity: None,
                         progress=lambda _name, _done, _total: None, cancelled=cancelled)


def test_cancel_stops_the_read_between_two_commands(card_image):
    image = card_image("an")
    # A card dripping 64 bytes per answer: DG2 alone would take ~300 commands.
    transport = MeteredTransport(InProcessTransport(ChipEngine(image, faults=ChipFaults(drip=64))))
    reader = ChipCardReader(transport, timeout_s=5)
    with pytest.raises(CheckinCancelled):
        reader.read(image.access_key, _callbacks(cancelled=lambda: transport.cost.commands >= 20))
    assert transport.cost.commands == 20


def test_the_next_card_of_a_type_is_read_in_fewer_commands(card_image):
    image = card_image("an")
    engine = ChipEngine(image, dialect("strict-end"))
    counts = []
    reader = ChipCardReader(InProcessTransport(engine), timeout_s=5,
                            on_read=lambda read: counts.append(read.apdus))
    first = reader.read(image.access_key, _callbacks())
    again = reader.read(image.access_key, _callbacks())
    assert again.identity == first.identity and again.photo == first.photo
    assert counts[1] < counts[0]
