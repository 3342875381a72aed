"""The chip's identity becomes the check-in's in typed values, once: a date or a year, a sex."""

from __future__ import annotations

from datetime import date

from drivers.idcard.lds.dg13 import CardDate, VnIdentity
from drivers.idcard.mrz import format_td1, parse_mrz
from drivers.idcard.protocol.session import IdentityRead
from terminal.checkin.chip_reader import birth_of, identity_of
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
