"""A card that never finishes (issue 17, item 2), in-process: READ BINARY answered with no data
(9000 or 6282) is an error, not a loop; a card dripping a byte per answer on a file claiming
1 MiB is stopped by the bounds on commands; a slow card by the bound on time; and a read is
cancelled between two commands. (test_read_bounds_pcsc.py: the same through pcscd + vpcd.)"""

from __future__ import annotations

import threading
import time

import pytest

from drivers.idcard.errors import CardStalledError, ReadCancelledError
from drivers.idcard.lds import DG2
from drivers.idcard.protocol.read_limits import ReadLimits
from drivers.idcard.protocol.session import read_card
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.transport import InProcessTransport
from tests.support.hostile_cards import claiming_one_mebibyte

#: Far below any bound: how many commands a stopped read may have taken before it was stopped.
FEW = 40


@pytest.mark.parametrize("status", [0x9000, 0x6282])
def test_answers_without_data_are_an_error_not_a_loop(status, card_image):
    image = card_image("an")
    engine = ChipEngine(image, faults=ChipFaults(empty_reads=status))
    started = time.monotonic()
    with pytest.raises(CardStalledError) as caught:
        read_card(InProcessTransport(engine), image.access_key)
    assert "no data" in caught.value.detail
    assert engine._commands < FEW and time.monotonic() - started < 5


def test_one_byte_drip_on_a_file_claiming_a_mebibyte_is_stopped(card_image):
    image = claiming_one_mebibyte(card_image("an"))
    engine = ChipEngine(image, faults=ChipFaults(drip=1, drip_file=DG2.file_id))
    limits = ReadLimits()
    started = time.monotonic()
    with pytest.raises(CardStalledError) as caught:
        read_card(InProcessTransport(engine), image.access_key, limits=limits)
    # About a million commands without the bounds; the card's bound stops it (the file's own,
    # 1 MiB / 64 bytes per command, would allow more).
    assert engine._commands <= limits.card_commands + 1
    assert f"{limits.card_commands} commands" in caught.value.detail
    assert time.monotonic() - started < 30


def test_one_byte_drip_is_stopped_by_the_file_bound(card_image):
    image = card_image("an")
    engine = ChipEngine(image, faults=ChipFaults(drip=1))
    limits = ReadLimits(card_commands=100_000)
    with pytest.raises(CardStalledError) as caught:
        read_card(InProcessTransport(engine), image.access_key, limits=limits)
    # Even EF.COM's 23 bytes a byte at a time are more commands than a file of its size may take.
    assert caught.value.detail.startswith("EF.COM: over")
    assert engine._commands < FEW


def test_a_slow_card_is_stopped_by_the_time_bound(card_image):
    image = card_image("an")
    engine = ChipEngine(image, faults=ChipFaults(delay_ms=50, drip=16))
    started = time.monotonic()
    with pytest.raises(CardStalledError) as caught:
        read_card(InProcessTransport(engine), image.access_key,
                  limits=ReadLimits(card_seconds=0.5))
    assert "0.5 s" in caught.value.detail
    assert time.monotonic() - started < 2


def test_a_read_is_cancelled_between_two_commands(card_image):
    image = card_image("an")
    engine = ChipEngine(image, faults=ChipFaults(delay_ms=10, drip=64))
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_card(InProcessTransport(engine), image.access_key, cancelled=cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            outcome.append(exc)

    worker = threading.Thread(target=read)
    worker.start()
    while engine._commands < 10:
        time.sleep(0.005)
    cancel.set()
    at_cancel = engine._commands
    worker.join(5)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], ReadCancelledError)
    assert engine._commands <= at_cancel + 1  # the command in flight, no more


def test_cancelled_before_it_starts_sends_nothing(card_image):
    image = card_image("an")
    engine = ChipEngine(image)
    with pytest.raises(ReadCancelledError):
        read_card(InProcessTransport(engine), image.access_key, cancelled=lambda: True)
    assert engine._commands == 0
