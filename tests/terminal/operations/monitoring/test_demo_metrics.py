"""The kiosk's metrics as the hospital's Prometheus sees them: `checkin demo` with `[metrics]`
on, scraped over HTTP on loopback; the values match what the demo did, every sample names the
kiosk and site, and no label carries a simulated citizen's ID number or name."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from drivers.idcard.sim.profile import list_profiles, load_profile
from tests.support.repo import ROOT

PROFILES = ("an", "em", "giang")  # accepted, sent to review (tampered DG13), failed (wrong key)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _samples(text: str) -> list:
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


def _value(samples: list, name: str, **labels: str) -> float:
    found = [s.value for s in samples
             if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]
    assert len(found) == 1, (name, labels, found)
    return found[0]


@pytest.fixture(scope="module")
def scraped(tmp_path_factory) -> tuple[list[dict], str, str]:
    """(the demo's --json objects, the /metrics text, the textfile's text) of one demo run."""
    tmp = tmp_path_factory.mktemp("metrics")
    port = _free_port()
    textfile = tmp / "textfile" / "checkin.prom"
    config = tmp / "kiosk.toml"
    config.write_text(f'[kiosk]\nid = "kiosk-b2-07"\nsite = "building-b"\n'
                      f'[metrics]\nenabled = true\nport = {port}\ntextfile = "{textfile}"\n'
                      f'textfile_interval_s = 1\n'
                      f'[paths]\ndata_dir = "{tmp / "data"}"\n[logging]\ndir = "{tmp / "logs"}"\n',
                      encoding="utf-8")
    demo = subprocess.Popen(
        [sys.executable, "-m", "terminal", "--config", str(config), "demo", "--count",
         str(len(PROFILES)), "--profile", ",".join(PROFILES), "--reader", "in-process",
         "--json", "--allow-failures", "--metrics-linger-s", "60"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        results = [json.loads(demo.stdout.readline()) for _ in PROFILES]
        deadline = time.monotonic() + 10
        while True:  # the last check-in's HIS delivery may still be on its way
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics",
                                          timeout=5).read().decode()
            sent = sum(s.value for s in _samples(text) if s.name == "checkin_his_deliveries_total")
            if sent >= sum(r["ticket"] is not None for r in results) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        while "checkin_outbox_depth" not in _read(textfile) and time.monotonic() < deadline:
            time.sleep(0.2)  # rewritten every second: once with the last terminal's queue
    finally:
        demo.kill()  # lingering for the scrape; nothing more to wait for
        demo.wait(timeout=30)
    return results, text, _read(textfile)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def test_checkins_steps_and_lookups_match_what_the_demo_did(scraped):
    results, text, _ = scraped
    samples = _samples(text)
    states = Counter(r["state"] for r in results)
    assert set(states) == {"done", "review", "failed"}
    for outcome in ("done", "review", "rejected", "cancelled", "failed"):
        assert _value(samples, "checkin_checkins_total", outcome=outcome) == states[outcome]
    timed = Counter(step for r in results for step in r["step_ms"])
    assert _value(samples, "checkin_step_duration_seconds_count", step="card_to_result") \
        == timed["total"] == 2
    assert _value(samples, "checkin_step_duration_seconds_count", step="face") == timed["face"]
    total_s = sum(r["step_ms"].get("total", 0) for r in results) / 1000
    assert _value(samples, "checkin_step_duration_seconds_sum", step="card_to_result") \
        == pytest.approx(total_s, rel=1e-6)
    assert _value(samples, "checkin_step_duration_seconds_count", step="card_read") == 2
    looked_up = Counter(r["eligibility"] for r in results if r["eligibility"] not in
                        (None, "not_checked"))
    for result, count in looked_up.items():
        assert _value(samples, "checkin_gateway_lookups_total", result=result) == count
    assert _value(samples, "checkin_gateway_lookup_duration_seconds_count") \
        == sum(looked_up.values())
    tickets = sum(r["ticket"] is not None for r in results)
    assert _value(samples, "checkin_his_deliveries_total", kind="checkin") == tickets
    assert _value(samples, "checkin_his_delivery_lag_seconds_count", kind="checkin") == tickets


def test_queue_devices_trust_and_build_are_read_at_scrape_time(scraped):
    _, text, _ = scraped
    samples = _samples(text)
    assert _value(samples, "checkin_outbox_up") == 1
    assert _value(samples, "checkin_outbox_dead_letters") == 0
    assert _value(samples, "checkin_outbox_depth") == 0
    assert _value(samples, "checkin_device_up", device="reader") == 1
    assert _value(samples, "checkin_device_health", device="his", health="ok") == 1
    # a wrong key is the patient's card, not a broken reader
    assert not [s for s in samples if s.name == "checkin_device_last_error_info"]
    assert _value(samples, "checkin_trust_store_nearest_expiry_timestamp_seconds") > time.time()
    assert [s.labels["version"] for s in samples if s.name == "checkin_build_info"]
    assert abs(_value(samples, "checkin_clock_seconds") - time.time()) < 120


def test_every_sample_names_the_kiosk_and_no_label_names_a_citizen(scraped):
    _, text, textfile = scraped
    citizens = [load_profile(name) for name in list_profiles()]
    secrets = {c.id_number for c in citizens} | {c.full_name for c in citizens} | \
        {word for c in citizens for word in c.full_name.split() if len(word) > 3}
    for exported in (text, textfile):
        samples = _samples(exported)
        assert samples
        for sample in samples:
            assert sample.labels["kiosk"] == "kiosk-b2-07", sample
            assert sample.labels["site"] == "building-b", sample
            for value in sample.labels.values():
                assert not any(secret in value for secret in secrets), sample
        assert not any(c.id_number in exported or c.full_name in exported for c in citizens)


def test_the_textfile_is_written_for_node_exporter(scraped):
    _, _, textfile = scraped
    samples = _samples(textfile)
    assert _value(samples, "checkin_checkins_total", outcome="done") >= 0
    assert any(s.name == "checkin_outbox_depth" for s in samples)
