"""`checkin print-test`: print a sample slip on the configured printer (a PNG for the simulated
one) and say where it went, or what is wrong with the printer."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date, datetime

from terminal.checkin.records import (CheckinRecord, CheckinState, Decision, Payer, Ticket,
                                      Verdict)
from terminal.config import Config
from terminal.checkin.slip_desk import slip_of
from terminal.slip.layout import payment_qr, render_slip
from terminal.slip.printer import open_printer


def sample_record(payer: Payer = Payer.INSURED) -> CheckinRecord:
    now = datetime.now().astimezone()
    return CheckinRecord("0" * 32, "A", now, CheckinState.DONE,
                         decision=Decision(Verdict.ACCEPT, payer),
                         ticket=Ticket("A", date.today(), 12), finished_at=now)


def _print_test(args: argparse.Namespace, config: Config) -> int:
    printer = open_printer(config)
    if printer is None:
        print("No slip printer is configured (printer.kind = none).")
        return 1
    record = sample_record(Payer.PAYING if args.self_pay else Payer.INSURED)
    if args.priority:
        record = replace(record, ticket=replace(record.ticket, sequence="UT", number=3))
    slip = slip_of(record, config.clinic.name, department="Khám Nội · TEST", room="101",
                   floor="1", payment=payment_qr(config.printer, 150000, "TEST"))
    where = printer.print_image(render_slip(slip), "print-test")
    print(f"Test slip printed: {where}")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("print-test", help="print a sample slip (simulated: a PNG)")
    parser.add_argument("--self-pay", action="store_true",
                        help="a self-paying patient's slip (VietQR code when configured)")
    parser.add_argument("--priority", action="store_true", help="a priority number (UT-003)")
    parser.set_defaults(handler=_print_test)
