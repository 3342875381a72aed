"""`checkin doctor`'s reader line against a real pcscd and the vsmartcard virtual reader."""

from __future__ import annotations

from tests.support.pcscd_fixtures import VPCD_READER
from tests.support.checkin_cli import check_of, doctor_json, write_config


def _reader_config(tmp_path, name: str):
    return write_config(tmp_path / "reader.toml", f'[reader]\nkind = "pcsc"\nname = "{name}"\n')


def test_reader_service_stopped(tmp_path):
    # libpcsclite finds pcscd through this socket; nothing listens at a path that does not exist.
    env = {"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    code, report = doctor_json(_reader_config(tmp_path, ""), "reader", env=env)
    reader = check_of(report, "reader")
    assert code == 1 and not reader["ok"]
    assert reader["summary"] == "the smart-card service (PC/SC, pcscd) is not running or cannot be reached"
    assert "systemctl enable --now pcscd.socket" in reader["what_to_do"]
    assert "Smart Card service" in reader["what_to_do"]


def test_reader_name_that_is_not_attached(tmp_path, pcscd):
    code, report = doctor_json(_reader_config(tmp_path, "Lector 9000"), "reader")
    reader = check_of(report, "reader")
    assert code == 1 and not reader["ok"]
    assert reader["summary"].startswith("no reader matching reader.name = 'Lector 9000'; attached: ")
    assert VPCD_READER in reader["summary"]
    assert reader["what_to_do"].startswith("Set reader.name to part of one of the attached names")


def test_reader_without_a_card_passes_and_says_so(tmp_path, pcscd):
    code, report = doctor_json(_reader_config(tmp_path, "Virtual PCD 00 01"), "reader")
    reader = check_of(report, "reader")
    assert code == 0, reader
    assert reader["summary"].endswith("is attached; no card on it (place an ID card and run the "
                                      "doctor again to test reading)")


def test_reader_with_a_card_that_answers(tmp_path, serve_card, card_image):
    serve_card(card_image("an"))
    code, report = doctor_json(_reader_config(tmp_path, VPCD_READER), "reader")
    reader = check_of(report, "reader")
    assert code == 0, reader
    assert reader["summary"] == f"{VPCD_READER}: a card is on it and answers"
