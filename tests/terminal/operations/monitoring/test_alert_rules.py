"""packaging/monitoring: the alert rules load (`promtool check rules`), their unit tests pass
(`promtool test rules`), and the rules, their tests and the Grafana dashboard use only metrics
a kiosk really exports (names taken from a scrape of a KioskMetrics watching a real outbox,
device board and trust store)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from offline_cache.outbox import Outbox
from terminal.operations import build_info
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.records import Device
from terminal.operations.monitoring.metrics import KioskLabels, KioskMetrics
from tests.support.repo import ROOT

MONITORING = ROOT / "packaging" / "monitoring"
RULES = MONITORING / "checkin-alerts.yml"
RULE_TESTS = MONITORING / "checkin-alerts.test.yml"
DASHBOARD = MONITORING / "checkin-fleet-dashboard.json"
PROMTOOL = shutil.which("promtool") or "promtool"


def _promtool(*args: str) -> subprocess.CompletedProcess:
    if shutil.which(PROMTOOL) is None:  # CI must not pass these by skipping them
        pytest.fail("promtool is missing: run packaging/setup.sh (Debian package `prometheus`)")
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=120,
                          cwd=MONITORING)


def _exported_names(tmp_path: Path) -> set[str]:
    """Every sample name a kiosk exports, with each family's name (for `_bucket` & co.)."""
    metrics = KioskMetrics(KioskLabels("k1", "b2"), build_info.current())
    board = DeviceBoard(datetime.now)
    board.error(Device.CAMERA, "down", code="CameraError")
    with Outbox(tmp_path / "outbox.sqlite3") as outbox:
        metrics.watch(outbox, board.statuses, 2e9)
        text = generate_latest(metrics.registry).decode()
    names = set(re.findall(r"^(checkin_\w+)", text, re.M))
    names |= set(re.findall(r"^# TYPE (checkin_\w+)", text, re.M))
    # a labelled histogram has no samples until observed: its series names all the same
    for family in re.findall(r"^# TYPE (checkin_\w+) histogram", text, re.M):
        names |= {f"{family}_bucket", f"{family}_count", f"{family}_sum"}
    return names


def _used_names(text: str) -> set[str]:
    return set(re.findall(r"\b(checkin_[a-z_]+)\b", text)) - {"checkin_doctor"}


def test_promtool_checks_the_rules():
    done = _promtool("check", "rules", str(RULES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 12 rules found" in done.stdout


def test_promtool_unit_tests_each_alert_fires_and_stays_quiet():
    done = _promtool("test", "rules", str(RULE_TESTS))
    assert done.returncode == 0, done.stdout + done.stderr
    rules = set(re.findall(r"^\s+- alert: (\w+)", RULES.read_text(), re.M))
    tested = set(re.findall(r"alertname: (\w+)", RULE_TESTS.read_text()))
    assert rules == tested


def test_rules_tests_and_dashboard_use_only_metrics_a_kiosk_exports(tmp_path):
    exported = _exported_names(tmp_path)
    for path in (RULES, RULE_TESTS, DASHBOARD):
        used = _used_names(path.read_text(encoding="utf-8"))
        assert used, path
        assert used <= exported, (path.name, used - exported)


def test_dashboard_has_a_row_per_kiosk_and_totals_per_site():
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    table = next(p for p in dashboard["panels"] if p["type"] == "table")
    assert all("by (kiosk, site)" in t["expr"] for t in table["targets"])
    site_totals = [t["expr"] for p in dashboard["panels"] if p["type"] == "timeseries"
                   for t in p["targets"] if "sum by (site" in t["expr"]]
    assert site_totals
    assert [v["name"] for v in dashboard["templating"]["list"]] == ["datasource", "site"]
