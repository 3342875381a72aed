"""KioskMetrics on its own: a device's last error is exported as its class, never its message;
a lookup that raises counts as `error`; the endpoint stays on loopback by default and says
plainly when its port is taken."""

from __future__ import annotations

import socket
import urllib.request
from datetime import datetime

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from terminal.operations import build_info
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.records import Device, Health
from terminal.config import config_from_dict
from terminal.operations.monitoring.exporter import MetricsExportError, open_metrics
from terminal.operations.monitoring.metrics import KioskLabels, KioskMetrics


def _metrics() -> KioskMetrics:
    return KioskMetrics(KioskLabels("kiosk-1", "a"), build_info.current())


def _samples(metrics: KioskMetrics) -> list:
    text = generate_latest(metrics.registry).decode()
    return [s for f in text_string_to_metric_families(text) for s in f.samples]


def test_a_device_error_is_exported_as_its_class_not_its_message():
    metrics = _metrics()
    board = DeviceBoard(datetime.now)
    board.error(Device.CAMERA, "No face for Nguyễn Văn An 001090004521", code="CameraError")
    board.error(Device.GATEWAY, "slow", Health.DEGRADED, code="timeout")
    metrics.watch(statuses=board.statuses)
    samples = _samples(metrics)
    errors = {s.labels["device"]: s.labels["error_class"] for s in samples
              if s.name == "checkin_device_last_error_info"}
    assert errors == {"camera": "CameraError", "gateway": "timeout"}
    up = {s.labels["device"]: s.value for s in samples if s.name == "checkin_device_up"}
    assert up["camera"] == 0 and up["gateway"] == 1 and up["reader"] == 1
    text = generate_latest(metrics.registry).decode()
    assert "001090004521" not in text and "Nguyễn" not in text


def test_a_lookup_that_raises_counts_as_error_and_is_timed():
    metrics = _metrics()

    def broken(_query):
        raise ConnectionError("gateway gone")

    with pytest.raises(ConnectionError):
        metrics.timed_lookup(broken)(object())
    samples = _samples(metrics)
    [errors] = [s.value for s in samples if s.name == "checkin_gateway_lookups_total"
                and s.labels["result"] == "error"]
    [timed] = [s.value for s in samples if s.name == "checkin_gateway_lookup_duration_seconds_count"]
    assert errors == 1 and timed == 1


def test_metrics_are_off_by_default_and_on_loopback_when_enabled():
    assert open_metrics(config_from_dict({})) is None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    exporter = open_metrics(config_from_dict({"metrics": {"enabled": True, "port": port}}))
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
        assert b"checkin_build_info" in body
        assert exporter._server.server_address[0] == "127.0.0.1"
        with pytest.raises(MetricsExportError) as caught:  # the port is taken now
            open_metrics(config_from_dict({"metrics": {"enabled": True, "port": port}}))
        assert f"127.0.0.1:{port}" in caught.value.message
    finally:
        exporter.close()


def test_cache_hits_are_counted_apart_and_the_last_hour_is_read_at_scrape_time():
    from types import SimpleNamespace

    from terminal.eligibility.lookup_cache import LookupCounts
    from terminal.eligibility.records import EligibilityStatus

    metrics = _metrics()
    asked: list[dict] = []

    def lookup(_query, **options):
        asked.append(options)
        return SimpleNamespace(status=EligibilityStatus.ELIGIBLE, from_cache=bool(asked[1:]))

    counted = metrics.timed_lookup(lookup)
    counted(object())
    counted(object())
    counted(object(), force_fresh=True)
    assert asked[2] == {"force_fresh": True}
    metrics.watch(lookup_counts=lambda: LookupCounts(7, 2, 100))
    samples = _samples(metrics)
    [hits] = [s.value for s in samples if s.name == "checkin_gateway_cache_hits_total"]
    [eligible] = [s.value for s in samples if s.name == "checkin_gateway_lookups_total"
                  and s.labels["result"] == "eligible"]
    hour = {s.labels["source"]: s.value for s in samples
            if s.name == "checkin_gateway_lookups_last_hour"}
    [quota] = [s.value for s in samples if s.name == "checkin_gateway_quota_per_hour"]
    assert (hits, eligible, hour, quota) == (2, 1, {"gateway": 7, "cache": 2}, 100)
