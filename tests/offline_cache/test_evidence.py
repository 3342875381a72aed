"""Evidence kept with a check-in (the gateway's raw reply, or the failure and its time): sealed
at rest like the queue's items, readable back, one row per label, kept through a key rotation,
and purged after the retention time."""

from __future__ import annotations

import json

import pytest

from offline_cache.errors import PayloadError

NAME = "Nguyễn Văn An"
ID_NUMBER = "001090004521"
REPLY = json.dumps({"maKetQua": "000", "hoTen": NAME, "maSoBHXH": ID_NUMBER})  # \u escapes
EVIDENCE = {"evidence": [{"call": "lookup", "at": "2026-12-07T08:00:00+07:00",
                          "http_status": 200, "body": json.dumps({"hoTen": NAME},
                                                                 ensure_ascii=False) + REPLY,
                          "failure": ""}]}


def _on_disk(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())


def test_evidence_is_sealed_at_rest_and_read_back(make_outbox, tmp_path):
    outbox = make_outbox()
    outbox.keep_evidence("c" * 32, "checkin", EVIDENCE)
    assert outbox.evidence("c" * 32) == {"checkin": EVIDENCE}
    outbox.close()
    disk = _on_disk(tmp_path)  # the queue file, its WAL and index, the key file
    for secret in (NAME, ID_NUMBER, json.dumps(NAME)[1:-1], "hoTen"):
        assert secret.encode("utf-8") not in disk, secret
    assert make_outbox().evidence("c" * 32) == {"checkin": EVIDENCE}


def test_the_same_label_replaces_and_other_labels_add(make_outbox):
    outbox = make_outbox()
    outbox.keep_evidence("c1", "last_failure", {"n": 1})
    outbox.keep_evidence("c1", "last_failure", {"n": 2})
    outbox.keep_evidence("c1", "checkin", {"n": 0})
    outbox.keep_evidence("c2", "checkin", {"n": 9})
    assert outbox.evidence("c1") == {"last_failure": {"n": 2}, "checkin": {"n": 0}}
    with pytest.raises(PayloadError):
        outbox.keep_evidence("", "checkin", {})


def test_evidence_is_purged_after_the_retention_time(make_outbox, clock):
    outbox = make_outbox(retention_s=7 * 86400)
    outbox.keep_evidence("old", "checkin", EVIDENCE)
    clock.advance(6 * 86400)
    outbox.keep_evidence("new", "checkin", EVIDENCE)
    clock.advance(1 * 86400 + 1)
    assert outbox.purge() == 1
    assert outbox.evidence("old") == {} and outbox.evidence("new") == {"checkin": EVIDENCE}
    clock.advance(6 * 86400)
    # the queue's own purge (run by claim, hourly) takes it too
    outbox.claim(10, 30)
    assert outbox.evidence("new") == {}


def test_evidence_survives_a_key_rotation(make_outbox):
    outbox = make_outbox()
    outbox.keep_evidence("c1", "checkin", EVIDENCE)
    outbox.rotate_key()
    assert outbox.evidence("c1") == {"checkin": EVIDENCE}
    outbox.close()
    assert make_outbox().evidence("c1") == {"checkin": EVIDENCE}
