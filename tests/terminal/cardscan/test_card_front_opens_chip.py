"""End to end over the shipped simulated citizens, real parts only: the QR on each citizen's
committed card-front.png, decoded by terminal/cardscan, gives the access key that opens that
citizen's simulated chip (read in-process by drivers.idcard.protocol.key_trial, which tries the
key's fallback expiries), except giang's ("wrong key": her printed card gives the printed key, which
her chip refuses). hai's card does not expire (991231); hanh's chip refuses the QR rule's first
answer and opens with the neighbouring renewal age."""

from __future__ import annotations

import dataclasses

from pathlib import Path

import cv2
import pytest

from drivers.idcard.errors import AccessDeniedError
from drivers.idcard.protocol.key_trial import read_card_trying_keys
from drivers.idcard.protocol.session import read_card
from drivers.idcard.sim.card_image import CardImage, build_card_image
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.sim.pki import TestPki, load_test_pki
from drivers.idcard.sim.profile import list_profiles, load_profile
from drivers.idcard.transport import InProcessTransport
from terminal.cardscan.qr import CccdQr, find_cccd_qr
from tests.support.repo import ROOT

REPLAY = ROOT / "drivers" / "sim_media" / "replay"


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> TestPki:
    return load_test_pki(tmp_path_factory.mktemp("pki"))


def card_of(name: str, pki: TestPki, **changes) -> CardImage:
    return build_card_image(dataclasses.replace(load_profile(name), **changes), pki)


def scanned_qr(name: str) -> CccdQr:
    found = find_cccd_qr(cv2.imread(str(REPLAY / name / "card-front.png")))
    assert found is not None, f"no QR found on {name}'s card front"
    return found


def test_every_shipped_citizen_has_a_card_front():
    assert sorted(p.name for p in REPLAY.iterdir() if p.is_dir()) == list_profiles()


@pytest.mark.parametrize("name", list_profiles())
def test_card_front_qr_carries_the_printed_card(name):
    profile, qr = load_profile(name), scanned_qr(name)
    assert (qr.id_number, qr.full_name, qr.sex) == (profile.id_number, profile.full_name, profile.sex)
    assert (qr.birth_date, qr.issue_date) == (profile.birth_date, profile.issue_date)
    assert (qr.old_id, qr.address) == (profile.old_id_number, profile.place_of_residence)
    if name == "hanh":  # the boundary case: the printed expiry is the rule's second answer
        assert qr.expiry_date() is None
        assert qr.access_key().candidates()[1] == profile.printed_access_key
        return
    assert qr.expiry_date() == profile.expiry_date  # the renewal rule gives the printed expiry
    assert qr.access_key() == profile.printed_access_key


@pytest.mark.parametrize("name", [n for n in list_profiles() if n != "giang"])
def test_card_front_key_opens_the_citizens_chip(name, pki):
    profile = load_profile(name)
    read, opened_with = read_card_trying_keys(InProcessTransport(ChipEngine(card_of(name, pki))),
                                              scanned_qr(name).access_key(),
                                              trust_store=[pki.csca_certificate])
    if profile.pace:  # the CAN the QR's ID number gives opens it, whatever the expiry
        assert read.access_control == "pace-can" and opened_with.can == profile.id_number[-6:]
    else:
        assert opened_with.without_can() == profile.chip_access_key.without_can()
    assert read.identity is not None
    assert read.identity.id_number == profile.id_number
    assert read.identity.full_name == profile.full_name
    assert read.identity.birth_date is not None and read.identity.birth_date.value == profile.birth_date
    assert read.mrz.birth_date == profile.birth_date
    assert read.passive_auth.tampered is (name == "em")  # em's DG13 was altered after signing


def test_giang_card_front_key_is_refused_by_her_chip(pki):
    giang = load_profile("giang")
    key = scanned_qr("giang").access_key()
    assert key == giang.printed_access_key != giang.chip_access_key
    with pytest.raises(AccessDeniedError):
        read_card(InProcessTransport(ChipEngine(card_of("giang", pki))), key)
    # A typed expiry (the chip's) overrides the derived one, as the receptionist would do.
    typed = scanned_qr("giang").access_key(expiry=giang.chip_expiry_date)
    read = read_card(InProcessTransport(ChipEngine(card_of("giang", pki))), typed)
    assert read.identity is not None and read.identity.id_number == giang.id_number


def test_hai_card_does_not_expire(pki):
    hai = load_profile("hai")
    key = scanned_qr("hai").access_key()
    assert key.expiry_date == "991231" and key == hai.chip_access_key
    read = read_card(InProcessTransport(ChipEngine(card_of("hai", pki))), key)
    assert read.mrz.no_expiry and read.identity.has_no_expiry
    assert read.identity.full_name == hai.full_name


def test_hanh_chip_refuses_the_first_key_and_opens_with_the_neighbouring_age(pki):
    """On hanh's card as an older chip without PACE: only the MRZ key opens it."""
    hanh = load_profile("hanh")
    key = scanned_qr("hanh").access_key()
    with pytest.raises(AccessDeniedError):  # the rule's own answer: no expiry
        read_card(InProcessTransport(ChipEngine(card_of("hanh", pki, pace=False))), key)
    read, opened_with = read_card_trying_keys(InProcessTransport(ChipEngine(card_of("hanh", pki, pace=False))),
                                              key)
    assert opened_with.expiry_date == "280312" == hanh.printed_access_key.expiry_date
    assert read.identity.expiry_date.value == hanh.expiry_date
