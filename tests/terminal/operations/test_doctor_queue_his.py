"""`checkin doctor`'s queue and HIS lines against real SQLite files and a closed port."""

from __future__ import annotations

import time

import pytest

from offline_cache.outbox import Outbox
from terminal.config import config_from_dict
from terminal.delivery.service import open_outbox

from tests.support.checkin_cli import check_of, closed_port, doctor_json, write_config


@pytest.fixture
def queue_config(tmp_path, monkeypatch):
    """A config whose queue is tmp_path/outbox.sqlite3; the outbox key goes to a file beside it."""
    # No keyring daemon here: this process and the doctor find the key in the same file.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    path = tmp_path / "outbox.sqlite3"
    return write_config(tmp_path / "q.toml", f'[queue]\npath = "{path}"\n'), path


def test_queue_file_that_is_garbage(queue_config):
    config, path = queue_config
    garbage = b"this is not a database\n" * 200
    path.write_bytes(garbage)
    code, report = doctor_json(config, "queue")
    queue = check_of(report, "queue")
    assert code == 1 and not queue["ok"]
    assert queue["summary"] == f"the queue file {path} is damaged (file is not a database)"
    assert "sets the damaged file aside" in queue["what_to_do"]
    assert path.read_bytes() == garbage  # the doctor only looks; it never moves the file


def test_no_queue_yet(queue_config):
    config, path = queue_config
    code, report = doctor_json(config, "queue")
    assert code == 0
    assert check_of(report, "queue")["summary"] == f"no queue yet at {path} (made at the first check-in)"
    assert not path.exists()


def test_waiting_items_and_dead_letters(queue_config):
    config, path = queue_config
    settings = config_from_dict({"queue": {"path": str(path)}})
    with open_outbox(settings) as outbox:
        outbox.enqueue("checkin", {"n": 1}, "key-1")
        outbox.enqueue("checkin", {"n": 2}, "key-2")
        (item,) = outbox.claim(limit=1)
        outbox.fail(item.id, "HIS answered 422 on /checkins", permanent=True)
    code, report = doctor_json(config, "queue")
    queue = check_of(report, "queue")
    assert code == 1
    assert queue["summary"] == "1 waiting (oldest 0 min), 1 dead letters, 0 delivered kept"
    assert "checkin queue dead-letters" in queue["what_to_do"]
    assert queue["detail"] == "last error: HIS answered 422 on /checkins"


def test_items_waiting_for_hours(queue_config):
    config, path = queue_config
    with Outbox(path, clock=lambda: time.time() - 3 * 3600) as outbox:  # three hours ago
        outbox.enqueue("checkin", {"n": 1}, "key-old")
    code, report = doctor_json(config, "queue")
    queue = check_of(report, "queue")
    assert code == 1
    assert queue["summary"] == ("1 waiting (oldest 3.0 h), 0 dead letters, 0 delivered kept: "
                                "check-ins are not reaching the HIS")


def test_his_down(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    code, report = doctor_json(write_config(tmp_path / "his.toml", f'[his]\nbase_url = "{url}"\n'),
                               "his")
    his = check_of(report, "his")
    assert code == 1
    assert his["summary"] == f"{url}: cannot be reached"
    assert "his.base_url" in his["what_to_do"]


def test_bundled_his_simulator_answers(tmp_path):
    code, report = doctor_json(write_config(tmp_path / "his.toml", ""), "his")
    assert code == 0
    assert check_of(report, "his")["summary"].startswith("the bundled HIS simulator: answers (HTTP ")
