"""A kiosk's id and site (`[kiosk]`): validated like every key, and carried by every log line,
the HIS record, `checkin doctor --json` and the support bundle, so a fleet's IT can tell fifty
kiosks apart."""

from __future__ import annotations

import json
import logging
import socket
import zipfile
from dataclasses import replace

import pytest

from terminal.config import ConfigError, config_from_dict, host_kiosk_id
from terminal.delivery.checkin_payload import CheckinPayload
from terminal.operations.logs import configure_logging

from tests.support.sample_checkins import sample_checkin
from tests.support.checkin_cli import doctor_json, run_checkin, write_config


def test_kiosk_id_and_site_are_validated_and_default_to_the_host_name():
    config = config_from_dict({"kiosk": {"id": "kiosk-b2-07", "site": "building-b"}})
    assert (config.kiosk_id, config.kiosk.site) == ("kiosk-b2-07", "building-b")
    assert config_from_dict({}).kiosk_id == host_kiosk_id() != ""
    for bad in ("kiosk 7", "-x", "a" * 64, 'x"}'):
        with pytest.raises(ConfigError) as caught:
            config_from_dict({"kiosk": {"id": bad}})
        assert caught.value.key == "kiosk.id"
    with pytest.raises(ConfigError):
        config_from_dict({"kiosk": {"site": ""}})


def _reset_logging():
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_checkin", False):
            root.removeHandler(handler)
            handler.close()


def test_every_log_line_names_the_kiosk_and_site(tmp_path):
    path = configure_logging(tmp_path / "logs", "INFO", kiosk="kiosk-7", site="b2")
    try:
        logging.getLogger("test.identity").info("card read for %s", "001093047064")
    finally:
        _reset_logging()
    line = path.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert "kiosk=kiosk-7 site=b2 test.identity: card read for 0010******64" in line


def test_syslog_gets_the_same_masked_lines_over_a_unix_datagram_socket(tmp_path):
    address = str(tmp_path / "log.sock")
    collector = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    collector.bind(address)
    collector.settimeout(5)
    try:
        configure_logging(tmp_path / "logs", "INFO", kiosk="kiosk-7", site="b2", syslog=address,
                          syslog_facility="local3")
        try:
            logging.getLogger("test.syslog").warning("lookup failed for Nguyễn 079203001234")
        finally:
            _reset_logging()
        datagram = collector.recv(65536).decode("utf-8")
    finally:
        collector.close()
    # <PRI> = facility local3 (19) * 8 + warning (4)
    assert datagram.startswith("<156>checkin[")
    assert "WARNING kiosk=kiosk-7 site=b2 test.syslog: lookup failed for Nguyễn 0792******34" \
        in datagram
    assert "079203001234" not in datagram


def test_syslog_socket_nobody_listens_on_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        configure_logging(tmp_path / "logs", syslog=str(tmp_path / "nobody.sock"))
    _reset_logging()


def test_his_record_carries_the_kiosk_and_an_older_record_without_it_still_reads():
    sent = replace(sample_checkin(1), kiosk_id="kiosk-7", site="b2").to_dict()
    assert (sent["kiosk_id"], sent["site"]) == ("kiosk-7", "b2")
    assert CheckinPayload.from_dict(sent).kiosk_id == "kiosk-7"
    older = {k: v for k, v in sent.items() if k not in ("kiosk_id", "site")}
    assert CheckinPayload.from_dict(older).site == ""


def test_doctor_json_and_support_bundle_name_the_kiosk(tmp_path):
    config = write_config(tmp_path / "kiosk.toml", f'[kiosk]\nid = "kiosk-7"\nsite = "b2"\n'
                                                   f'[logging]\ndir = "{tmp_path / "logs"}"\n')
    _, report = doctor_json(config, "clock")
    assert report["kiosk"] == {"id": "kiosk-7", "site": "b2"}
    output = tmp_path / "ticket.zip"
    done = run_checkin("--config", str(config), "support-bundle", "-o", str(output),
                       "--skip-doctor")
    assert done.returncode == 0, done.stderr
    bundle = zipfile.ZipFile(output)
    assert json.loads(bundle.read("kiosk.json")) == {"id": "kiosk-7", "site": "b2"}
    assert json.loads(bundle.read("doctor.json"))["kiosk"]["id"] == "kiosk-7"
