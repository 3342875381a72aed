"""The CCCD QR: parsing (tolerant where cards differ, typed errors otherwise), the expiry it
derives (the rule itself: tests/drivers/idcard/test_renewal.py), and reading the shipped card fronts by
replay camera."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from drivers.camera.replay_camera import ReplayCamera
from drivers.idcard.sim.profile import list_profiles, load_profile
from drivers.idcard.sim.card_front import draw_card_front, printed_card, qr_image
from terminal.cardscan.errors import CardScanError, NoQrFoundError, NotCccdQrError
from terminal.cardscan.qr import find_cccd_qr, parse_cccd_qr
from terminal.cardscan.scanner import scan_card

REPLAY = Path("drivers/sim_media/replay")
SAMPLE = "001093047064|123456789|Nguyễn Văn A|05011993|Nam|Hà Nội|10102021"


def test_parse_full_record():
    qr = parse_cccd_qr(SAMPLE)
    assert (qr.id_number, qr.old_id, qr.full_name, qr.sex) == \
        ("001093047064", "123456789", "Nguyễn Văn A", "Nam")
    assert (qr.birth_date, qr.issue_date) == (date(1993, 1, 5), date(2021, 10, 10))
    assert qr.expiry_date() == date(2033, 1, 5)  # the public sample's printed expiry
    key = qr.access_key()
    assert (key.document_number, key.birth_date, key.expiry_date) == ("093047064", "930105", "330105")


def test_empty_old_id_and_trailing_fields_are_tolerated():
    qr = parse_cccd_qr("001093047064||Nguyễn Thị B|05011993|Nữ|Hà Nội|10102021|extra|more\n")
    assert qr.old_id == "" and qr.sex == "Nữ"


@pytest.mark.parametrize("text", [
    "https://example.com/?q=1", "", "001093047064|123456789|Name|05011993|Nam|Hà Nội",
    "00109304706|123456789|Name|05011993|Nam|HN|10102021",
    "001093047064|12345|Name|05011993|Nam|HN|10102021",
    "001093047064|123456789|Name|31021993|Nam|HN|10102021",
    "001093047064|123456789|Name|05011993|X|HN|10102021",
    "001093047064|123456789|Name 2|05011993|Nam|HN|10102021",
    "001093047064|123456789|Name|05012023|Nam|HN|10102021",
])
def test_foreign_or_broken_qr_is_a_typed_error(text):
    with pytest.raises(NotCccdQrError) as info:
        parse_cccd_qr(text)
    assert "type" in info.value.message


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(0, len(SAMPLE)), junk=st.text(max_size=30))
def test_truncated_or_garbled_qr_never_crashes(cut, junk):
    try:
        parse_cccd_qr(SAMPLE[:cut] + junk)
    except NotCccdQrError:
        pass


def test_expiry_follows_the_2024_child_renewal():
    qr = parse_cccd_qr("001215047064||Nguyễn Văn C|05052015|Nam|Hà Nội|01082024")
    assert qr.expiry_date() == date(2029, 5, 5)  # issued at 9 under the 2024 law → 14th birthday


def test_no_expiry_after_the_last_renewal_age_gives_the_991231_key():
    # issue 10: a card issued at 66 has no expiry; its chip key carries 991231 (reference §2.4).
    qr = parse_cccd_qr("001055047064||Nguyễn Văn D|01011955|Nam|Hà Nội|05052021")
    assert qr.expiry_date() is None
    key = qr.access_key()
    assert key.expiry_date == "991231" and key.no_expiry and key.fallbacks == ()
    # The chip also opens with its CAN (PACE): no expiry needed (reference cccd-chip.md §3.1).
    assert key.can == "047064"
    assert qr.access_key(expiry=date(2040, 1, 1)).expiry_date == "400101"


def test_derived_key_carries_the_neighbouring_expiries_as_fallbacks():
    # issued on the 58th birthday: the rule says no expiry; an inclusive boundary would say 60
    qr = parse_cccd_qr("001066047064||Nguyễn Văn E|10051966|Nam|Hà Nội|10052024")
    assert [k.expiry_date for k in qr.access_key().candidates()] == ["991231", "260510"]
    # a typed expiry is taken as it is
    assert qr.access_key(expiry=date(2026, 5, 10)).fallbacks == ()


@pytest.mark.parametrize("citizen", list_profiles())
def test_shipped_card_fronts_read_back(citizen):
    profile = load_profile(citizen)
    qr = scan_card(ReplayCamera(REPLAY / citizen / "card-front.png", fps=30), timeout_s=2)
    assert qr == parse_cccd_qr(printed_card(profile).qr_text())
    assert qr.access_key().document_number == profile.id_number[3:]
    assert qr.access_key(expiry=date(2040, 1, 1)).expiry_date == "400101"


def test_card_held_at_an_angle_and_small_is_read():
    an = load_profile("an")
    card = draw_card_front(printed_card(an))
    h, w = card.shape[:2]
    matrix = cv2.getPerspectiveTransform(
        np.float32([(0, 0), (w, 0), (w, h), (0, h)]),
        np.float32([(120, 90), (520, 60), (540, 330), (100, 350)]))
    frame = cv2.warpPerspective(card, matrix, (640, 480), borderValue=(60, 60, 60))
    assert find_cccd_qr(frame).id_number == an.id_number


def test_foreign_qr_on_camera_is_reported():
    frame = cv2.cvtColor(qr_image("https://example.com/promo"), cv2.COLOR_GRAY2BGR)
    with pytest.raises(NotCccdQrError):
        scan_card(ReplayCamera([frame], fps=30), timeout_s=0.3)


def test_no_qr_in_view_times_out():
    with pytest.raises(NoQrFoundError):
        scan_card(ReplayCamera([np.full((480, 640, 3), 90, np.uint8)], fps=30), timeout_s=0.3)


def test_camera_stopping_is_a_scan_error():
    blank = np.full((480, 640, 3), 90, np.uint8)
    with pytest.raises(CardScanError) as info:
        scan_card(ReplayCamera([blank], fps=100, fail_after=2), timeout_s=5)
    assert "type the card's details" in info.value.message
