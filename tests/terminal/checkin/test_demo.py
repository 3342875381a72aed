"""`checkin demo` as a user runs it: a subprocess on the embedded default (or a config naming the
clinic's own gateway and HIS, which the demo must not use), whole check-ins ending with a ticket,
each step with its time, `--json` one object per check-in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from terminal import paths
from terminal.devices import VPCD_READER, pcscd_serves_vpcd
from tests.support.repo import ROOT



def _demo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "terminal", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_demo_with_no_arguments_checks_a_citizen_in_with_a_ticket_and_timed_steps():
    done = _demo("demo")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "simulated citizen 'an'" in out
    for step in ("wait_card", "read_identity", "read_photo", "eligibility", "face", "ticket"):
        assert f"  {step} done in " in out
    assert "ticket: A001" in out and "decision: accept, insured" in out
    assert "= done, ticket A001" in out and "at the HIS" in out
    # demo check-ins stay out of the terminal's own day book and queue
    assert (paths.data_dir() / "demo" / "checkin.sqlite3").exists()
    assert not (paths.data_dir() / "checkin.sqlite3").exists()
    assert not (paths.data_dir() / "outbox.sqlite3").exists()


def test_json_per_checkin_on_the_bundled_simulators_whatever_the_config_names(tmp_path):
    config = tmp_path / "checkin.toml"
    config.write_text('[gateway]\nbase_url = "http://127.0.0.1:9"\n'
                      '[his]\nbase_url = "http://127.0.0.1:9"\n', encoding="utf-8")
    done = _demo("--config", str(config), "demo", "--count", "2", "--profile", "an,dung",
                 "--json", "--reader", "in-process")
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert (first["profile"], first["reader"], first["state"]) == ("an", "in-process", "done")
    assert (first["decision"], first["eligibility"], first["payer"], first["ticket"]) == (
        "accept", "eligible", "insured", "A001")
    assert (second["profile"], second["eligibility"], second["payer"], second["ticket"]) == (
        "dung", "not_eligible", "paying", "A002")
    assert second["reasons"] == ["not_eligible_paying"]
    for one in (first, second):
        assert one["failure"] is None and one["sent_to_his_ms"] is not None
        assert set(one["step_ms"]) >= {"read_identity", "read_photo", "eligibility", "face",
                                       "total"}
        assert 0 < one["step_ms"]["total"] < 30_000


def test_the_demo_says_where_to_go_and_where_the_slip_is(tmp_path):
    rooms = tmp_path / "rooms.toml"
    rooms.write_text('[[department]]\ncode = "NOI"\nname_vi = "Khám Nội"\n'
                     'name_en = "Internal medicine"\ncounter = "A"\n'
                     '[[department]]\ncode = "NHI"\nname_vi = "Khám Nhi"\n'
                     'name_en = "Paediatrics"\ncounter = "B"\nroom = "P.105"\nfloor = "1"\n',
                     encoding="utf-8")
    config = tmp_path / "checkin.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\n'
                      f'[clinic]\ndepartments_file = "{rooms}"\n', encoding="utf-8")
    done = _demo("--config", str(config), "demo", "--profile", "mai", "--department", "NHI",
                 "--reader", "in-process")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "= done, ticket UT-001 at NHI (Paediatrics, room P.105, floor 1), 0 waiting" in out
    [slip] = [line.split("slip: ", 1)[1] for line in out.splitlines() if "  slip: " in line]
    assert slip.endswith(".png") and Path(slip).is_file()
    assert Path(slip).is_relative_to(tmp_path / "data" / "demo")


def test_a_failed_checkin_sets_the_exit_status():
    done = _demo("demo", "--profile", "giang", "--json", "--reader", "in-process")
    assert done.returncode == 1
    assert json.loads(done.stdout)["failure"] == "access_denied"
    assert _demo("demo", "--profile", "giang", "--reader", "in-process",
                 "--allow-failures").returncode == 0


def test_demo_reads_the_chip_through_pcscd_and_the_virtual_reader(pcscd):
    assert pcscd_serves_vpcd(), f"pcscd does not show the vpcd reader {VPCD_READER!r}"
    done = _demo("demo", "--count", "2", "--json", "--reader", "pcscd")
    assert done.returncode == 0, done.stderr
    runs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["reader"], r["state"], r["ticket"]) for r in runs] == [
        ("pcscd", "done", "A001"), ("pcscd", "done", "A002")]


@pytest.mark.parametrize("answer, slips, route", [
    (None, {"referral": False, "appointment": False}, "self_referred"),  # the default: "no"
    ("yes", {"referral": True, "appointment": False}, "referral"),
])
def test_the_demos_patient_answers_the_slip_questions_at_once(answer, slips, route):
    # Bình's card is registered elsewhere: the kiosk asks about slips; nobody waits 45 s
    done = _demo("demo", "--profile", "binh", "--json", "--reader", "in-process",
                 *(("--slips", answer) if answer else ()))
    assert done.returncode == 0, done.stderr
    one = json.loads(done.stdout)
    assert (one["state"], one["payer"], one["slips"], one["route"]) == ("done", "insured", slips,
                                                                      route)
    assert one["fund_pct"] == 95  # benefit level 3, full share at a basic-level clinic
    assert one["step_ms"]["total"] < 30_000


def test_the_demos_patient_can_leave_the_slip_questions_unanswered(tmp_path):
    config = tmp_path / "checkin.toml"
    config.write_text('[clinic]\ncare_level = "specialised"\n[checkin]\nslip_answer_s = 1\n',
                      encoding="utf-8")
    done = _demo("--config", str(config), "demo", "--profile", "binh", "--reader", "in-process",
                 "--slips", "none")
    assert done.returncode == 0, done.stderr
    assert "slips asked: the fund pays 95% with a referral or appointment slip, 0% without" \
        in done.stdout
    assert "slips answered" not in done.stdout
    assert "= review" in done.stdout  # the counter asks
