"""`checkin doctor`: each part broken for real, and the line and exit code IT gets for it."""

from __future__ import annotations

import threading

from terminal.config import Config, config_from_dict
from terminal.operations.doctor import CHECKS, CheckResult, run_check
from terminal.operations.doctor.clock import MAX_SKEW_S, check_clock
from terminal.operations.doctor.disk import check_disk

from tests.support.checkin_cli import (check_of, closed_port, doctor_json, run_checkin,
                                       write_config)


def test_invalid_config_is_the_one_failure_reported(tmp_path):
    config = write_config(tmp_path / "bad.toml", '[reader]\nkind = "usb"\n')
    code, report = doctor_json(config)
    assert code == 1
    assert report["ok"] is False
    assert [check["part"] for check in report["checks"]] == ["config"]
    assert "reader.kind = 'usb'" in report["checks"][0]["summary"]
    assert "checkin config check" in report["checks"][0]["what_to_do"]


def test_human_output_has_a_line_per_part_and_a_closing_count(tmp_path):
    config = write_config(tmp_path / "ok.toml", "")
    done = run_checkin("--config", str(config), "doctor", "--part", "disk")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("OK    config")
    assert lines[1].startswith("OK    disk")
    assert lines[-1] == "All 2 checks passed."


def test_clock_ahead_of_the_gateway_fails_with_the_fix(skewed_server):
    url = skewed_server(-(MAX_SKEW_S + 600))  # the server is 11 minutes behind us
    result = check_clock(config_from_dict({"gateway": {"base_url": url}}))
    assert not result.ok
    assert result.summary.startswith("clock wrong: 6")
    assert "ahead of the gateway" in result.summary
    assert "timedatectl set-ntp true" in result.what_to_do


def test_clock_in_step_with_the_his_passes(skewed_server):
    url = skewed_server(0)
    result = check_clock(config_from_dict({"his": {"base_url": url}}))
    assert result.ok, result
    assert "the HIS's clock" in result.summary


def test_clock_against_a_closed_port_says_the_server_is_unreachable():
    url = f"http://127.0.0.1:{closed_port()}"
    result = check_clock(config_from_dict({"gateway": {"base_url": url}}))
    assert not result.ok
    assert result.summary == "could not read the gateway's time"
    assert "ConnectionError" in result.detail


def test_disk_names_where_data_and_logs_go(tmp_path):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "not-yet" / "data")},
                               "logging": {"dir": str(tmp_path / "logs")}})
    result = check_disk(config)
    assert result.ok
    assert f"free for data ({tmp_path / 'not-yet' / 'data'})" in result.summary
    assert f"free for logs ({tmp_path / 'logs'})" in result.summary


def test_a_hung_check_costs_its_timeout_only():
    released, finished = threading.Event(), threading.Event()

    def hangs(_config: Config) -> CheckResult:
        released.wait(60)
        finished.set()
        return CheckResult.passed("camera", "never seen")

    try:
        result = run_check("camera", hangs, Config(), timeout_s=0.3)
        # the answer came while the check was still hung: the doctor did not wait for it
        assert not finished.is_set()
    finally:
        released.set()
    assert not result.ok
    assert result.summary == "no answer within 0.3 s"
    assert "unplug and replug" in result.what_to_do


def test_a_crashing_check_is_reported_not_raised():
    def crashes(_config: Config) -> CheckResult:
        raise RuntimeError("driver exploded")

    result = run_check("reader", crashes, Config())
    assert not result.ok
    assert result.summary == "the check itself failed (RuntimeError)"
    assert result.detail == "RuntimeError: driver exploded"
    assert "support-bundle" in result.what_to_do


def test_embedded_default_passes_every_check(tmp_path):
    code, report = doctor_json(write_config(tmp_path / "empty.toml", ""))
    assert [check["part"] for check in report["checks"]] == ["config", *(p for p, _ in CHECKS)]
    assert code == 0 and report["ok"], [c for c in report["checks"] if not c["ok"]]
    assert check_of(report, "reader")["summary"] == "simulated chip of 'an' answers (no real reader)"
    assert "gives frames (" in check_of(report, "camera")["summary"]


def test_camera_absent_at_a_device_path(tmp_path):
    config = write_config(tmp_path / "cam.toml",
                          '[camera]\nkind = "opencv"\ndevice = "/dev/video-missing-7"\n')
    code, report = doctor_json(config, "camera")
    camera = check_of(report, "camera")
    assert code == 1 and not camera["ok"]
    assert camera["summary"] == "no camera at /dev/video-missing-7"
    assert "camera.device" in camera["what_to_do"]


def test_replay_of_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "nothing.mp4"
    config = write_config(tmp_path / "cam.toml", f'[camera]\nreplay = "{missing}"\n')
    code, report = doctor_json(config, "camera")
    camera = check_of(report, "camera")
    assert code == 1
    assert camera["summary"] == f"replay {missing}: The replay path {missing} does not exist."


def test_the_printer_check_says_what_is_wrong_and_what_to_do(tmp_path):
    from terminal.operations.doctor.printer import check_printer

    data = {"paths": {"data_dir": str(tmp_path / "data")}}
    ok = check_printer(config_from_dict({**data, "printer": {"kind": "simulated"}}))
    assert ok.ok and "simulated" in ok.summary
    for fault, words in (("paper_out", "paper roll"), ("cover_open", "cover"),
                         ("offline", "cable")):
        result = check_printer(config_from_dict({**data, "printer": {"sim_fault": fault}}))
        assert not result.ok and words in result.what_to_do
    assert check_printer(config_from_dict({"printer": {"kind": "none"}})).ok
    # a network printer nobody listens on: offline, never a hang
    unreachable = check_printer(config_from_dict(
        {"printer": {"kind": "network", "host": "127.0.0.1", "port": 9, "timeout_s": 1.0}}))
    assert not unreachable.ok and "network address" in unreachable.what_to_do
