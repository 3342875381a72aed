"""The check-in's card reader: the chip's identity becomes the check-in's in typed values, once (a
date or a year, a sex); over the simulated chip, a cancelled check-in stops the read between two
commands (not only between files), and the next patient's card of the same type is read the fast
way from its first command (what the reader learned of the type is remembered)."""

from __future__ import annotations

from datetime import date

import pytest

from drivers.idcard.lds.dg13 import CardDate, VnIdentity
from drivers.idcard.mrz import format_td1, parse_mrz
from drivers.idcard.protocol.session import IdentityRead
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.dialects import dialect
from drivers.idcard.transport import InProcessTransport, MeteredTransport
from terminal.checkin.chip_reader import ChipCardReader, birth_of, identity_of
from terminal.checkin.errors import CheckinCancelled
from terminal.checkin.parts import CardCallbacks
from terminal.checkin.records import Sex

BORN = date(1993, 1, 5)
MRZ = parse_mrz(format_td1(document_number="093047064", birth_date=BORN, sex="F",
                           expiry_date=date(2033, 1, 5), surname="NGUYEN", given_names="THI AN",
                           optional_data="001093047064"))


def test_the_birth_date_is_the_cards_date_or_year_else_the_mrzs():
    assert birth_of(CardDate("05/01/1993", BORN), MRZ) == BORN
    assert birth_of(CardDate("1950", None), MRZ) == 1950  # only the year is printed
    assert birth_of(CardDate("xx/xx/1950", None), MRZ) == BORN  # no date: the MRZ's
    assert birth_of(None, MRZ) == BORN


def test_identity_takes_dg13_words_and_falls_back_to_the_mrz():
    vn = VnIdentity("001093047064", "Nguyễn Thị An", CardDate("1950", None), sex="Nữ")
    identity = identity_of(MRZ, IdentityRead(MRZ, vn))
    assert (identity.birth_date, identity.sex) == (1950, Sex.FEMALE)
    passport = identity_of(MRZ, IdentityRead(MRZ, None))
    assert (passport.birth_date, passport.sex) == (BORN, Sex.FEMALE)


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
