"""`checkin eligibility` and `checkin gateway-sim`, run as the desk and IT run them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from tests.support.repo import ROOT

REQUIRED = {"code", "status", "message_vi", "message_en", "card_number", "valid_from", "valid_to",
            "registered_facility", "route_ok", "five_years_from"}


def _checkin(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "terminal", *args], cwd=ROOT, env=os.environ,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def _write_config(tmp_path, base_url: str, password: str) -> str:
    path = tmp_path / "checkin.toml"
    path.write_text(f'[gateway]\nbase_url = "{base_url}"\npassword = "{password}"\n'
                    'staff_name = "Trần Thị Lan"\nstaff_id = "079185000123"\n'
                    'timeout_s = 1.0\nconnect_timeout_s = 0.5\nretries = 0\n', encoding="utf-8")
    return str(path)


def test_json_lookup_against_the_bundled_simulator():
    run = _checkin("eligibility", "--id", "001090004521", "--name", "NGUYỄN VĂN AN",
                   "--dob", "15/03/1990", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert REQUIRED <= set(data)
    assert (data["code"], data["status"], data["route_ok"]) == ("000", "eligible", True)
    assert data["card_number"] == "DN4797901234567" and data["valid_to"] == "2030-12-31"
    assert data["registered_facility"] == "79001" and data["five_years_from"] == "2016-01-01"


def test_text_lookup_of_a_card_registered_elsewhere():
    run = _checkin("eligibility", "--card", "HT3010123456789", "--name", "Lê Văn Bình",
                   "--dob", "1975")
    assert run.returncode == 0, run.stderr
    assert "eligible (code 000)" in run.stdout and "01253 (another facility)" in run.stdout


def test_a_not_eligible_card_exits_3():
    run = _checkin("eligibility", "--id", "048301002468", "--name", "Đỗ Thị Dung",
                   "--dob", "10/12/2001", "--json")
    assert run.returncode == 3 and json.loads(run.stdout)["status"] == "not_eligible"


def test_an_unreachable_gateway_is_pending_and_exits_4(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = _write_config(tmp_path, f"http://127.0.0.1:{port}", "x")
    run = _checkin("--config", config, "eligibility", "--id", "001090004521", "--name", "An",
                   "--dob", "1990", "--json")
    assert run.returncode == 4
    data = json.loads(run.stdout)
    assert data["status"] == "pending" and data["code"] == "" and data["retry_later"] is True


def test_bad_input_is_refused_before_anything_is_sent():
    run = _checkin("eligibility", "--id", "12345", "--name", "An", "--dob", "1990")
    assert run.returncode == 1 and "12 digits" in run.stderr


@pytest.fixture
def sim_process():
    process = subprocess.Popen([sys.executable, "-m", "terminal", "gateway-sim", "--port", "0"],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        first = process.stdout.readline()
        yield first.rsplit(" ", 1)[-1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_served_simulator_answers_the_cli(sim_process, tmp_path):
    assert sim_process.startswith("http://127.0.0.1:")
    good = _write_config(tmp_path, sim_process, "sim-password")
    run = _checkin("--config", good, "eligibility", "--id", "031301006789", "--name",
                   "Phạm Thị Chi", "--dob", "20/08/2001", "--json")
    data = json.loads(run.stdout)
    assert run.returncode == 0 and data["status"] == "eligible_with_note" and data["code"] == "004"
    assert data["new_card"]["card_number"] == "GD4797923456790"


def test_a_refused_account_is_no_verdict_on_the_card_and_exits_4(sim_process, tmp_path):
    # The queue looks such a card up again once IT fixes the account: the desk is told the same
    # ("ask again later"), not that the card cannot be used.
    bad = _write_config(tmp_path, sim_process, "wrong")
    run = _checkin("--config", bad, "eligibility", "--id", "031301006789", "--name",
                   "Phạm Thị Chi", "--dob", "20/08/2001", "--json")
    data = json.loads(run.stdout)
    assert data["status"] == "auth_error" and data["retry_later"] is True
    assert run.returncode == 4
