"""Delivery as the app opens it from config: the bundled HIS (terminal/services.py) when none is
configured, and a damaged queue file set aside at start without stopping the terminal."""

from __future__ import annotations

from terminal.config import config_from_dict
from terminal.delivery.service import DeliveryService
from terminal.services import open_his
from tests.support.sample_checkins import sample_checkin
from tests.support.polling import wait_for


def test_with_no_his_configured_check_ins_go_to_the_bundled_simulator(tmp_path):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path)}})
    with open_his(config) as his:
        assert his.simulated
        service = DeliveryService.open(config, his.base_url)
        try:
            assert service.startup_fault is None
            service.queue_checkin(sample_checkin(1))
            wait_for(lambda: len(his.simulator.received()) == 1)
            wait_for(lambda: service.sender.state().waiting == 0)
        finally:
            service.close()
    assert (tmp_path / "outbox.sqlite3").exists()
    # What the bundled HIS received holds identities in clear: it stays in memory, off the disk;
    # only its queue numbers (check-in ids) are kept, so a restart numbers on
    assert sorted(p.name for p in tmp_path.iterdir() if "his" in p.name) == [
        "his-sim-numbers.json"]
    kept = (tmp_path / "his-sim-numbers.json").read_text(encoding="utf-8")
    assert "Nguy" not in kept and sample_checkin(1).patient.id_number not in kept


def test_damaged_queue_at_start_is_reported_and_a_new_one_used(tmp_path, his):
    (tmp_path / "q.sqlite3").write_bytes(b"garbage" * 1000)
    config = config_from_dict({"queue": {"path": str(tmp_path / "q.sqlite3")},
                               "his": {"base_url": his.base_url}})
    assert open_his(config).base_url == his.base_url and not open_his(config).simulated
    service = DeliveryService.open(config, his.base_url)
    try:
        assert service.startup_fault is not None
        assert service.startup_fault.moved_to.read_bytes() == b"garbage" * 1000
        service.queue_checkin(sample_checkin(1))
        wait_for(lambda: len(his.received()) == 1)
    finally:
        service.close()
