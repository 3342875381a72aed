"""Every chip dialect through the real PC/SC stack (pyscard -> pcscd -> vpcd -> simulated chip):
the first card of a type reads, the next card of that type in the fewest commands the dialect
allows (remembered per reader and ATR), every wrong-key answer is "access denied"; and a hostile
card (no data, a byte per answer on a 1 MiB claim) is stopped, a read cancelled, all through
pcscd (issue 17, item 2)."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.idcard.errors import AccessDeniedError, CardStalledError, ReadCancelledError
from drivers.idcard.lds import DG2
from drivers.idcard.pcsc import PcscTransport
from drivers.idcard.protocol.capabilities import CapabilityMemory
from drivers.idcard.protocol.read_limits import ReadLimits
from drivers.idcard.protocol.session import read_card
from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.dialects import dialect
from drivers.idcard.sim.profile import load_profile
from tests.support.dialect_cases import PLAIN_EMRTD, READABLE, WRONG_KEY, fewest_commands
from tests.support.hostile_cards import claiming_one_mebibyte
from tests.support.pcscd_fixtures import VPCD_READER

pytestmark = pytest.mark.pcsc


@pytest.fixture
def transport():
    reader = PcscTransport(VPCD_READER, timeout_s=10)
    yield reader
    reader.close()


@pytest.mark.parametrize("name", READABLE)
def test_each_dialect_through_pcscd(name, serve_card, card_image, transport, pki):
    speaks = dialect(name)
    image = card_image("an", **PLAIN_EMRTD)
    serve_card(image, speaks)
    memory = CapabilityMemory()
    first = read_card(transport, image.access_key, trust_store=[pki.csca_certificate],
                      memory=memory)
    again = read_card(transport, image.access_key, trust_store=[pki.csca_certificate],
                      memory=memory)
    assert first.passive_auth.passed and again.passive_auth.passed
    assert again.identity == first.identity and again.face == first.face
    assert again.apdus == fewest_commands(speaks, image)


@pytest.mark.parametrize("name", WRONG_KEY)
def test_every_wrong_key_answer_through_pcscd(name, serve_card, card_image, transport):
    profile = load_profile("giang")
    serve_card(card_image("giang", **PLAIN_EMRTD), dialect(name))
    with pytest.raises(AccessDeniedError):
        read_card(transport, profile.printed_access_key)
    assert read_card(transport, profile.chip_access_key).identity is not None


@pytest.mark.parametrize("status", [0x9000, 0x6282])
def test_answers_without_data_through_pcscd(status, serve_card, card_image, transport):
    image = card_image("an", **PLAIN_EMRTD)
    serve_card(image, faults=ChipFaults(empty_reads=status))
    started = time.monotonic()
    with pytest.raises(CardStalledError):
        read_card(transport, image.access_key)
    assert time.monotonic() - started < 10


def test_one_byte_drip_on_a_mebibyte_claim_through_pcscd(serve_card, card_image, transport):
    image = claiming_one_mebibyte(card_image("an", **PLAIN_EMRTD))
    card = serve_card(image, faults=ChipFaults(drip=1, drip_file=DG2.file_id))
    started = time.monotonic()
    with pytest.raises(CardStalledError) as caught:
        read_card(transport, image.access_key)
    assert f"{ReadLimits().card_commands} commands" in caught.value.detail
    assert time.monotonic() - started < 60
    assert card.card._commands <= ReadLimits().card_commands + 1


def test_a_read_through_pcscd_is_cancelled(serve_card, card_image, transport):
    image = card_image("an", **PLAIN_EMRTD)
    card = serve_card(image, faults=ChipFaults(delay_ms=10, drip=64))
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_card(transport, image.access_key, cancelled=cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            outcome.append(exc)

    worker = threading.Thread(target=read)
    worker.start()
    deadline = time.monotonic() + 10
    while card.card._commands < 10 and time.monotonic() < deadline:
        time.sleep(0.005)
    cancel.set()
    at_cancel = card.card._commands
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], ReadCancelledError)
    assert card.card._commands <= at_cancel + 1
    # The reader is fine for the next patient.
    serve_card(image)
    assert read_card(transport, load_profile("an").printed_access_key).identity is not None
