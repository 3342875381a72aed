"""The simulated chip through the real PC/SC stack: pyscard → pcscd → vpcd → simulated chip, read
by the PC/SC driver. Each failure gives its own error and the same transport reads the next card."""

from __future__ import annotations

import dataclasses

import pytest

from drivers.idcard.errors import (AccessDeniedError, CardRemovedError, NoCardError, ReaderError,
                                   SecureMessagingError)
from drivers.idcard.passive_auth import Check
from drivers.idcard.pcsc import PcscTransport, list_readers, pick_reader
from drivers.idcard.protocol.chip_proof import ProofOutcome
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.dialects import dialect
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.protocol.session import read_card
from tests.support.pcscd_fixtures import VPCD_READER

pytestmark = pytest.mark.pcsc


@pytest.fixture
def transport():
    reader = PcscTransport(VPCD_READER, timeout_s=10)
    yield reader
    reader.close()


def _assert_reads(transport, image) -> None:
    result = read_card(transport, image.access_key)
    assert result.passive_auth.data_groups[2] is Check.OK
    assert result.identity is not None


def test_full_read(serve_card, card_image, transport, pki):
    image = card_image("an")
    serve_card(image)
    result = read_card(transport, load_profile("an").printed_access_key,
                       trust_store=[pki.csca_certificate])
    assert result.passive_auth.passed
    # PACE-CAN (8 commands with EF.CardAccess); EF.COM, DG1, DG13 (2), DG15, DG14 by short EF id
    # (6); Chip Authentication (MSE:Set AT, GENERAL AUTHENTICATE, the first command under its
    # keys: 3); DG2 and EF.SOD (2).
    assert result.access_control == "pace-can"
    assert result.extended_length and result.apdus == 8 + 6 + 3 + 2
    assert result.chip_proof.outcome is ProofOutcome.PASSED
    assert result.identity.id_number == load_profile("an").id_number
    assert transport.reader_name.startswith(VPCD_READER)


@pytest.mark.parametrize("scenario", [{"chip_authentication": True},
                                      {"chip_authentication": False, "active_authentication": "rsa"}])
def test_a_cloned_chip_fails_its_proof_through_pcscd_and_the_read_goes_on(
        serve_card, transport, pki, scenario):
    profile = dataclasses.replace(load_profile("an"), **scenario)
    serve_card(build_card_image(profile, pki, "clone"))
    result = read_card(transport, profile.printed_access_key, trust_store=[pki.csca_certificate])
    assert result.chip_proof.outcome is ProofOutcome.FAILED
    assert result.passive_auth.passed and result.face is not None


def test_wrong_key_then_next_read(serve_card, card_image, transport):
    profile = load_profile("giang")
    image = card_image("giang")
    serve_card(image)
    with pytest.raises(AccessDeniedError):
        read_card(transport, profile.printed_access_key)
    _assert_reads(transport, image)


def test_card_pulled_mid_read_then_next_read(serve_card, card_image, transport):
    image = card_image("an")
    card = serve_card(image, dialect("no-extended"), ChipFaults(remove_after=30))
    with pytest.raises(CardRemovedError):
        read_card(transport, image.access_key)
    assert card.wait_connected(10)
    _assert_reads(transport, image)


def test_tampered_dg_then_next_read(serve_card, card_image, transport):
    serve_card(card_image("em"))
    result = read_card(transport, load_profile("em").printed_access_key)
    assert result.passive_auth.mismatched_data_groups == (13,)
    image = card_image("an")
    serve_card(image)
    _assert_reads(transport, image)


def test_corrupted_mac_then_next_card(serve_card, card_image, transport):
    image = card_image("binh")
    serve_card(image, faults=ChipFaults(corrupt_mac=True))
    with pytest.raises(SecureMessagingError):
        read_card(transport, image.access_key)
    serve_card(image)
    _assert_reads(transport, image)


def test_card_without_extended_length_through_pcsc(serve_card, card_image, transport):
    image = card_image("chi")
    serve_card(image, dialect("no-extended"))
    result = read_card(transport, image.access_key)
    assert not result.extended_length and result.apdus > 100


def test_no_card_times_out(pcscd, transport):
    transport.timeout_s = 0.5
    with pytest.raises(NoCardError):
        transport.connect()


def test_waits_for_card_placed_and_taken_away(serve_card, card_image, transport):
    card = serve_card(card_image("an"))
    assert transport.wait_for_card(5) and transport.card_present()
    card.take_away()
    assert transport.wait_for_removal(5) and not transport.card_present()
    assert not transport.wait_for_card(0.3)  # nothing on the reader: the wait ends, False
    card.place()
    assert transport.wait_for_card(5)


def test_reader_names_and_picking(pcscd):
    readers = list_readers()
    assert pick_reader(readers, "virtual pcd 00 00").startswith(VPCD_READER)
    assert pick_reader(readers) == readers[0]
    with pytest.raises(ReaderError):
        pick_reader(readers, "no such reader")


def test_pcsc_service_gone_then_back(pcscd, serve_card, card_image, transport):
    """Stopping pcscd is the closest to unplugging the reader: ReaderError, and once it is back
    the same transport reads again."""
    if pcscd.process is None:
        pytest.skip("pcscd was not started by these tests; not stopping someone else's")
    image = card_image("an")
    serve_card(image)
    _assert_reads(transport, image)
    pcscd.stop()
    try:
        with pytest.raises(ReaderError):
            read_card(transport, image.access_key)
        assert not transport.card_present()
    finally:
        pcscd.start()
    card = serve_card(image)
    assert card.wait_connected(10)
    _assert_reads(transport, image)
