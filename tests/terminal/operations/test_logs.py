"""Logs: rotating file in the configured folder, identifiers masked even when code forgets."""

from __future__ import annotations

import io
import logging

from PIL import Image

from terminal.operations.logs import configure_logging
from terminal.privacy import mask_id, mask_name, mask_text


def test_mask_helpers():
    assert mask_id("001093047064") == "0010******64"
    assert mask_id("123") == "***"
    assert mask_name("Nguyễn Văn An") == "N. V. A."
    assert mask_text("id 001093047064 card DN4010120345678") == "id 0010******64 card DN40*********78"
    assert mask_text("dated 2024-06-20") == "dated 2024-06-20"


def test_log_file_masks_ids_in_messages_and_tracebacks(tmp_path):
    path = configure_logging(tmp_path / "logs", "DEBUG")
    log = logging.getLogger("test.masking")
    log.info("card read for %s", "001093047064")
    try:
        raise ValueError("lookup failed for 079203001234")
    except ValueError:
        log.exception("boom")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "001093047064" not in text and "079203001234" not in text
    assert "0010******64" in text and "0792******34" in text


def test_log_rotates_at_size_cap(tmp_path):
    path = configure_logging(tmp_path / "logs", "INFO", max_bytes=10_000, backups=2)
    log = logging.getLogger("test.rotation")
    for i in range(2000):
        log.info("line %d %s", i, "x" * 40)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["checkin.log", "checkin.log.1", "checkin.log.2"]
    assert all(p.stat().st_size <= 10_200 for p in path.parent.iterdir())


def test_debug_log_redacts_credentials_anywhere_and_leaves_out_photo_metadata(tmp_path):
    path = configure_logging(tmp_path / "logs", "DEBUG")
    try:  # an exception text that carries a gateway URL, from a logger with no filter of its own
        raise ConnectionError("Max retries exceeded with url: /api/egw/x?token=SeCrEt1&password=a1b2")
    except ConnectionError:
        logging.getLogger("test.anywhere").exception("lookup failed, body %s",
                                                     '{"password": "c3d4", "username": "u"}')
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van An"  # Artist: the EXIF of a photo may name the person in it
    photo = io.BytesIO()
    Image.new("RGB", (8, 8)).save(photo, "JPEG", exif=exif)
    with Image.open(io.BytesIO(photo.getvalue())) as opened:
        assert opened.getexif()[0x013B] == "Nguyen Van An"
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "token=***" in text and '"password": "***"' in text
    for secret in ("SeCrEt1", "a1b2", "c3d4", "Nguyen Van An"):
        assert secret not in text
