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


def test_json_has_the_history_the_copay_so_far_and_its_as_of_date():
    run = _checkin("eligibility", "--number", "7901234567", "--name", "Nguyễn Văn An",
                   "--dob", "15/03/1990", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["history"]["source"] == "lskcb2025"
    assert [v["facility"] for v in data["history"]["visits"]] == ["79001", "79024"]
    assert data["history"]["visits"][0]["admitted"] == "2024-11-04T08:15:00"
    assert data["copay"] == {"paid_vnd": 16_500_000, "threshold_vnd": 14_040_000,
                             "as_of": "2026-08-05", "exempt": True, "exempt_from": "2026-04-05",
                             "code": "200"}
    assert [c["call"] for c in data["gateway_calls"]] == ["lookup", "lskcb2025", "copay"]
    assert data["from_cache"] is False
    assert "body" not in json.dumps(data["gateway_calls"])  # raw replies stay out of print


def test_text_shows_the_copay_and_where_the_history_came_from():
    run = _checkin("eligibility", "--card", "DN4797901234567K1", "--name", "Nguyễn Văn An",
                   "--dob", "15/03/1990")
    assert run.returncode == 0, run.stderr
    assert "co-pay this year 16,500,000 VND of 14,040,000 VND, as of 2026-08-05" in run.stdout
    assert "exempt from 2026-04-05" in run.stdout and "(history from lskcb2025)" in run.stdout


def test_a_second_lookup_minutes_later_is_answered_from_the_cache_unless_fresh(sim_process,
                                                                              tmp_path):
    config = _write_config(tmp_path, sim_process, "sim-password")
    args = ("--config", config, "eligibility", "--id", "001090004521", "--name",
            "Nguyễn Văn An", "--dob", "15/03/1990", "--json")
    first, second = (json.loads(_checkin(*args).stdout) for _ in range(2))
    assert (first["from_cache"], second["from_cache"]) == (False, True)
    assert second["looked_up_at"] == first["looked_up_at"] and second["copay"] == first["copay"]
    assert json.loads(_checkin(*args, "--fresh").stdout)["from_cache"] is False
