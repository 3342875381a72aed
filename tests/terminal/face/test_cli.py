"""`checkin verify-face` and `checkin scan-card` end to end through the CLI entry point."""

from __future__ import annotations

import json

import cv2

from drivers.idcard.sim.profile import load_profile
from drivers.idcard.sim.card_front import PrintedCard, draw_card_front
from terminal.operations.cli import main
from terminal.privacy import mask_id
from tests.support.face_media import REPLAY, dg2_photo


def test_verify_face_json(finder, tmp_path, capsys):
    photo = tmp_path / "dg2.jp2"
    photo.write_bytes(dg2_photo(finder, "collins.jpg", "JPEG2000"))
    assert main(["verify-face", "--photo", str(photo), "--replay",
                 str(REPLAY / "chi" / "live.mp4"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["decision"] == "accept" and result["same_person"] is True
    assert result["liveness"] == "passed" and result["quality"] == "ok"
    assert result["distance"] < 0.45 and result["elapsed_ms"] > 0


def test_verify_face_text_for_a_different_person(finder, tmp_path, capsys):
    photo = tmp_path / "dg2.jpg"
    photo.write_bytes(dg2_photo(finder, "biden.jpg"))
    assert main(["verify-face", "--photo", str(photo), "--replay",
                 str(REPLAY / "an" / "live.mp4")]) == 0
    out = capsys.readouterr().out
    assert "decision:   reject" in out and "liveness:   passed" in out


def test_verify_face_with_a_corrupt_photo(tmp_path, capsys):
    photo = tmp_path / "dg2.jpg"
    photo.write_bytes(b"\xff\xd8\xff garbage")
    assert main(["verify-face", "--photo", str(photo), "--replay",
                 str(REPLAY / "an" / "still.jpg"), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["decision"] == "review" and "Receptionist" in result["error"]


def test_scan_card_masks_unless_show(capsys):
    an = load_profile("an")
    assert main(["scan-card", "--replay", str(REPLAY / "an" / "card-front.png")]) == 0
    masked = capsys.readouterr().out
    assert an.id_number not in masked and mask_id(an.id_number) in masked
    assert main(["scan-card", "--replay", str(REPLAY / "an" / "card-front.png"), "--show"]) == 0
    shown = capsys.readouterr().out
    assert an.id_number in shown and an.document_number in shown and an.full_name in shown
    assert f"expiry date:  {an.expiry_date.isoformat()}" in shown


def test_scan_card_without_expiry_gives_the_991231_key(tmp_path, capsys):
    front = tmp_path / "card-front.png"  # born 1955, issued at 66: the card does not expire
    cv2.imwrite(str(front), draw_card_front(PrintedCard("001155006789", "", "Vũ Thị Hoa", "01011955",
                                                        "Nữ", "Hà Nội", "05052021")))
    assert main(["scan-card", "--replay", str(front), "--show"]) == 0
    out = capsys.readouterr().out
    assert "expiry date:  none (991231 in the chip key)" in out and "expiry 991231" in out
