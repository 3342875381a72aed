"""The printed slip: VietQR payload and its CRC, the slip's picture (number, room, a QR that
decodes to what was meant, no ID number or name), the simulated printer and its faults,
`checkin print-test`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from terminal.checkin.records import (CheckinRecord, CheckinState, Decision, Device, Health,
                                      PatientIdentity, Payer, Ticket, Verdict)
from terminal.slip.errors import PrinterError, PrinterFault, SlipError
from terminal.checkin.slip_desk import slip_of
from terminal.slip.layout import render_slip
from terminal.slip.printer import SimulatedPrinter
from terminal.slip.vietqr import crc16_ccitt_false, crc_valid, parse_tlv, vietqr_payload
from tests.support.repo import ROOT

IDENTITY = PatientIdentity("001090004521", "Nguyễn Văn An", date(1990, 3, 15))


def _crc_reference(data: bytes) -> int:
    """CRC-16/CCITT-FALSE as the EMVCo QRCPS spec defines it, table-free and written another
    way (a polynomial division over the message's bits) to check the shipped one."""
    register = 0xFFFF
    for bit in (b >> (7 - i) & 1 for b in data for i in range(8)):
        top = register >> 15 & 1
        register = (register << 1) & 0xFFFF
        if top ^ bit:
            register ^= 0x1021
    return register


def test_crc_is_ccitt_false():
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue's check value
    for text in (b"", b"0002010102", "Khám bệnh".encode()):
        assert crc16_ccitt_false(text) == _crc_reference(text)


def test_vietqr_payload_fields_and_crc():
    payload = vietqr_payload("970436", "0011001234567", 150000, "Phí khám A012")
    fields = parse_tlv(payload)
    assert fields["00"] == "01" and fields["01"] == "12" and fields["53"] == "704"
    assert fields["54"] == "150000" and fields["58"] == "VN"
    merchant = parse_tlv(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011001234567"}
    assert parse_tlv(fields["62"]) == {"08": "Phi kham A012"}
    assert crc_valid(payload) and int(payload[-4:], 16) == _crc_reference(payload[:-4].encode())
    assert not crc_valid(payload[:-1] + ("0" if payload[-1] != "0" else "1"))
    assert parse_tlv(vietqr_payload("970436", "123"))["01"] == "11"  # reusable, no amount
    for bad in (("97043", "1"), ("970436", "12-34"), ("970436", "1" * 20)):
        with pytest.raises(SlipError):
            vietqr_payload(*bad)


def _record(payer: Payer = Payer.INSURED, **ticket) -> CheckinRecord:
    now = datetime(2026, 12, 7, 9, 5)
    return CheckinRecord("3f1c" + "0" * 28, "A", now, CheckinState.DONE, identity=IDENTITY,
                         decision=Decision(Verdict.ACCEPT, payer),
                         ticket=Ticket("A", now.date(), 12, **ticket), finished_at=now)


def _decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(np.array(image.convert("L")))]


def test_the_slip_shows_the_number_and_a_qr_of_the_visit_and_no_identity():
    slip = slip_of(_record(), "Phòng khám Đa khoa Hòa Bình", department="Khám Nội", room="101",
                   floor="1")
    assert slip.ticket == "A012" and slip.qr_text == "3f1c" + "0" * 28
    assert IDENTITY.full_name not in repr(slip) and IDENTITY.id_number not in repr(slip)
    image = render_slip(slip)
    assert image.mode == "1" and image.width == 576
    assert _decode(image) == [slip.qr_text]


def test_a_self_paying_patient_gets_the_payment_code():
    payload = vietqr_payload("970436", "0011001234567", 150000, "A012")
    slip = slip_of(_record(Payer.PAYING), "PK", payment=payload)
    assert slip.qr_text == payload and "VietQR" in slip.qr_caption
    decoded = _decode(render_slip(slip))
    assert decoded == [payload] and crc_valid(decoded[0])
    # an insured patient's slip keeps the visit code
    assert slip_of(_record(), "PK", payment=payload).qr_text.startswith("3f1c")


def test_priority_and_reprint_are_marked():
    slip = slip_of(_record(sequence="UT", repeat_of="c0"), "PK")
    assert slip.ticket == "UT-012" and slip.priority and slip.repeated


def test_the_simulated_printer_writes_pngs_and_fails_like_a_real_one(tmp_path):
    printer = SimulatedPrinter(tmp_path / "slips")
    path = Path(printer.print_image(render_slip(slip_of(_record(), "PK")), "A012"))
    assert path.suffix == ".png" and path.parent == tmp_path / "slips"
    assert _decode(Image.open(path)) == ["3f1c" + "0" * 28]
    for fault in PrinterFault:
        printer.fault = fault
        with pytest.raises(PrinterError) as info:
            printer.print_image(render_slip(slip_of(_record(), "PK")), "A013")
        assert info.value.fault is fault and info.value.message
    assert len(list((tmp_path / "slips").iterdir())) == 1


def _checkin(tmp_path: Path, *args: str, **printer) -> subprocess.CompletedProcess:
    lines = ["[paths]", f'data_dir = "{tmp_path / "data"}"', "[printer]"]
    lines += [f'{k} = "{v}"' for k, v in printer.items()]
    (tmp_path / "c.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "terminal", "--config", str(tmp_path / "c.toml"),
                           "print-test", *args], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)


def test_print_test_command(tmp_path):
    done = _checkin(tmp_path, "--self-pay", vietqr_bank_bin="970436", vietqr_account="123456")
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip().rsplit(" ", 1)[-1])
    decoded = _decode(Image.open(path))
    assert crc_valid(decoded[0]) and parse_tlv(decoded[0])["54"] == "150000"
    failed = _checkin(tmp_path, sim_fault="paper_out")
    assert failed.returncode == 1 and "out of paper" in failed.stderr


def _terminal(tmp_path: Path, **printer):
    from terminal.checkin.assembly import SimOptions, build_terminal
    from terminal.config import config_from_dict

    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               "printer": {"kind": "simulated", **printer}})
    return build_terminal(config, sim=SimOptions(profile="an"))


def test_a_check_in_prints_its_slip_and_a_repeat_prints_a_reprint(tmp_path):
    from drivers.idcard.sim.profile import load_profile

    with _terminal(tmp_path) as terminal:
        key = load_profile("an").printed_access_key
        record = terminal.workflow.run(key)
        assert record.print_fault == "" and Path(record.slip).is_file()
        assert _decode(Image.open(record.slip)) == [record.checkin_id]
        again = terminal.workflow.run(key)
        assert again.slip != record.slip and Path(again.slip).is_file()
        status = {s.device: s for s in terminal.staff.device_statuses()}
        assert status[Device.PRINTER].health is Health.OK


def test_a_printer_fault_keeps_the_number_up_and_tells_the_console(tmp_path):
    from drivers.idcard.sim.profile import load_profile
    from terminal.checkin.events import CheckinFinished
    from terminal.kiosk.controller import RESULT_HOLD_S, KioskController
    from terminal.kiosk.screens import Language

    with _terminal(tmp_path, sim_fault="paper_out") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.state is CheckinState.DONE and record.ticket.label == "A001"
        assert (record.slip, record.print_fault) == ("", "paper_out")
        status = {s.device: s for s in terminal.staff.device_statuses()}[Device.PRINTER]
        assert status.health is Health.DOWN and "paper" in status.last_error
        assert status.last_error_code == "paper_out"  # the class the fleet's alert rules match
        kiosk = KioskController("PK", Language.VIETNAMESE)
        screen = kiosk.handle(CheckinFinished(record.checkin_id, 1, record))
        assert screen.slip_missing and kiosk.hold_seconds() > RESULT_HOLD_S
        terminal.closing.slips.printer.fault = None  # paper loaded
        again = terminal.staff.reprint(record.checkin_id, "Lan")
        assert Path(again.slip).is_file() and again.print_fault == ""
        assert ("reprint", "printed") in [(a.action, a.outcome)
                                          for a in terminal.staff.audit_trail(record.checkin_id)]
