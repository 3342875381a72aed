"""`checkin queue ...` for IT staff (identifiers masked) and `checkin his-sim` for testers."""

from __future__ import annotations

import signal
import subprocess
import sys

import requests

from offline_cache.key_store import FileKeyStore, KeySet
from offline_cache.outbox import Outbox, OutboxItem
from terminal.operations.cli import main
from terminal.delivery.checkin_payload import KIND_CHECKIN
from terminal.delivery.his_client import HisClient
from tests.support.sample_checkins import sample_checkin
from tests.support.repo import ROOT



def _config(tmp_path) -> str:
    path = tmp_path / "checkin.toml"
    path.write_text(f'[queue]\npath = "{tmp_path / "q.sqlite3"}"\n', encoding="utf-8")
    return str(path)


def _fill(tmp_path) -> list[str]:
    keys = []
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        for n in range(3):
            record = sample_checkin(n)
            outbox.enqueue(KIND_CHECKIN, record.to_dict(), record.checkin_id)
            keys.append(record.checkin_id)
        [first, second, _] = outbox.claim(10, 60)
        outbox.fail(first.id, f"HIS refused patient {first.payload['patient']['id_number']}",
                    permanent=True)
        outbox.ack(second.id)
    return keys


def test_status_counts_what_waits_and_the_last_error_masked(tmp_path, capsys):
    _fill(tmp_path)
    assert main(["--config", _config(tmp_path), "queue", "status"]) == 0
    out = capsys.readouterr().out
    assert "waiting:         1" in out and "dead letters:    1" in out
    assert "079093000000" not in out and "0790******00" in out


def test_list_and_dead_letters_mask_keys(tmp_path, capsys):
    keys = _fill(tmp_path)
    assert main(["--config", _config(tmp_path), "queue", "list"]) == 0
    listing = capsys.readouterr().out
    assert all(key not in listing for key in keys)
    assert listing.count("checkin") == 3 and "dead" in listing and "delivered" in listing
    assert main(["--config", _config(tmp_path), "queue", "dead-letters"]) == 0
    dead = capsys.readouterr().out.splitlines()
    assert len(dead) == 2 and dead[1].split()[0] == "1"


def test_a_replaced_key_file_is_reported_and_the_old_key_put_back(tmp_path, capsys):
    _fill(tmp_path)
    key_file = tmp_path / "q.sqlite3.key"
    backup = tmp_path / "backup.key"
    backup.write_bytes(key_file.read_bytes())
    FileKeyStore(key_file).save(KeySet.generate())
    assert main(["--config", _config(tmp_path), "queue", "status"]) == 1
    out = capsys.readouterr().out
    assert "waiting:         1" in out and "dead letters:    1" in out
    assert "1 waiting item(s) are sealed under a key" in out and "import-key" in out
    assert main(["--config", _config(tmp_path), "queue", "import-key", str(backup)]) == 0
    assert "1 waiting item(s) will be sent now" in capsys.readouterr().out
    assert main(["--config", _config(tmp_path), "queue", "status"]) == 0


def test_retry_sends_a_dead_letter_again(tmp_path, capsys):
    _fill(tmp_path)
    assert main(["--config", _config(tmp_path), "queue", "retry", "1"]) == 0
    with Outbox(tmp_path / "q.sqlite3") as outbox:
        assert outbox.stats().dead == 0 and outbox.stats().waiting == 2


def test_retry_of_an_unknown_item_says_so(tmp_path, capsys):
    _fill(tmp_path)
    assert main(["--config", _config(tmp_path), "queue", "retry", "42"]) == 1
    assert "No queued item has that number" in capsys.readouterr().err


def test_his_sim_command_receives_check_ins_and_stops_on_ctrl_c(tmp_path):
    child = subprocess.Popen([sys.executable, "-m", "terminal", "his-sim", "--port", "0",
                              "--store", str(tmp_path / "his.json")], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        url = child.stdout.readline().split()[-1]
        record = sample_checkin(1)
        HisClient(url).deliver(OutboxItem(1, KIND_CHECKIN, record.checkin_id, record.to_dict(), 0,
                                          0.0, None))
        listing = requests.get(f"{url}/checkins", timeout=5).json()
        assert [c["idempotency_key"] for c in listing["checkins"]] == [record.checkin_id]
    finally:
        child.send_signal(signal.SIGINT)
        assert child.wait(10) == 0
        child.stdout.close()
    assert record.checkin_id in (tmp_path / "his.json").read_text(encoding="utf-8")
