"""The photos of a review: held in memory only while it waits, decoded for the dialog, let go
when decided; a check-in that ends otherwise keeps none."""

from __future__ import annotations

from drivers.idcard.sim.profile import load_profile
from terminal.kiosk.review_photos import PHOTO_HEIGHT, ReviewPhotoDesk
from terminal.kiosk.screens import PreviewFrame

LIVE = PreviewFrame(2, 2, bytes(12))


def _chip_photo() -> bytes:
    profile = load_profile("an")
    return profile.photo.read_bytes()


def test_a_review_keeps_its_chip_and_live_photos_until_decided():
    desk = ReviewPhotoDesk()
    desk.chip_photo("c1", _chip_photo())
    desk.live_frame("c1", LIVE)
    assert desk.photos("c1") is None  # still running
    desk.finished("c1", review=True)
    photos = desk.photos("c1")
    assert photos.live is LIVE and photos.chip.height == PHOTO_HEIGHT
    assert len(photos.chip.rgb) == photos.chip.width * PHOTO_HEIGHT * 3
    desk.forget("c1")
    assert desk.photos("c1") is None and desk.held() == ()


def test_a_check_in_not_left_for_review_keeps_nothing_and_old_reviews_go_first():
    desk = ReviewPhotoDesk(keep=2)
    desk.live_frame("done", LIVE)
    desk.finished("done", review=False)
    for checkin_id in ("r1", "r2", "r3"):
        desk.live_frame(checkin_id, LIVE)
        desk.finished(checkin_id, review=True)
    assert desk.held() == ("r2", "r3")


def test_an_unreadable_chip_photo_is_shown_as_missing():
    desk = ReviewPhotoDesk()
    desk.chip_photo("c1", b"\xff\xd8\xff not a jpeg")
    desk.finished("c1", review=True)
    assert desk.photos("c1").chip is None
