"""The CCCD QR: parsing (tolerant where cards differ, typed errors otherwise), the renewal-age
expiry, and reading the shipped card fronts by replay camera."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from drivers.camera.replay_camera import ReplayCamera
from drivers.sim_media.card_front import PrintedCard, draw_card_front, qr_image
from terminal.cardscan.errors import CardScanError, NoExpiryError, NoQrFoundError, NotCccdQrError
from terminal.cardscan.expiry import expiry_date
from terminal.cardscan.qr import find_cccd_qr, parse_cccd_qr
from terminal.cardscan.scanner import scan_card

REPLAY = Path("drivers/sim_media/replay")
CITIZENS = tomllib.loads((REPLAY / "citizens.toml").read_text(encoding="utf-8"))
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


@pytest.mark.parametrize("birth,issued,expiry", [
    (date(1990, 1, 5), date(2021, 10, 10), date(2030, 1, 5)),    # 31 → 40th birthday
    (date(2005, 11, 11), date(2021, 2, 2), date(2030, 11, 11)),  # 15 → 25th
    (date(1997, 6, 1), date(2021, 6, 1), date(2037, 6, 1)),      # within 2 years of 25 → 40th
    (date(1970, 3, 3), date(2022, 3, 15), date(2030, 3, 3)),     # 52 → 60th
    (date(2012, 2, 29), date(2024, 8, 1), date(2037, 2, 28)),    # 12, new law: 14 skipped (grace)
    (date(2015, 5, 5), date(2024, 8, 1), date(2029, 5, 5)),      # 9, new law → 14th
])
def test_expiry_by_renewal_age(birth, issued, expiry):
    assert expiry_date(birth, issued) == expiry


def test_no_expiry_after_the_last_renewal_age():
    with pytest.raises(NoExpiryError) as info:
        expiry_date(date(1955, 1, 1), date(2021, 5, 5))
    assert "type the expiry date" in info.value.message


@pytest.mark.parametrize("citizen", sorted(CITIZENS))
def test_shipped_card_fronts_read_back(citizen):
    fields = {k: v for k, v in CITIZENS[citizen].items() if k != "live_photo"}
    qr = scan_card(ReplayCamera(REPLAY / citizen / "card-front.png", fps=30), timeout_s=2)
    assert qr == parse_cccd_qr(PrintedCard(**fields).qr_text())
    if citizen == "giang":  # born 1955, card issued at 66: no expiry from the QR
        with pytest.raises(NoExpiryError):
            qr.access_key()
    else:
        assert qr.access_key().document_number == fields["id_number"][3:]
    assert qr.access_key(expiry=date(2040, 1, 1)).expiry_date == "400101"


def test_card_held_at_an_angle_and_small_is_read():
    card = draw_card_front(PrintedCard("079090001234", "", "Nguyễn Văn An", "05011990", "Nam",
                                       "HCM", "10102021"))
    h, w = card.shape[:2]
    matrix = cv2.getPerspectiveTransform(
        np.float32([(0, 0), (w, 0), (w, h), (0, h)]),
        np.float32([(120, 90), (520, 60), (540, 330), (100, 350)]))
    frame = cv2.warpPerspective(card, matrix, (640, 480), borderValue=(60, 60, 60))
    assert find_cccd_qr(frame).id_number == "079090001234"


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
