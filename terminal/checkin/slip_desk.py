"""The slip of a check-in, printed: what goes on it (no ID number, no full name), drawn by
terminal/slip/layout.py, sent to the printer the config names (terminal/slip/printer.py)."""

from __future__ import annotations

from terminal.checkin.departments import DepartmentList
from terminal.checkin.records import CheckinRecord, Payer
from terminal.config import Config
from terminal.slip.layout import (INSURANCE_LINES, PAYMENT_CAPTION, PRIORITY_LINE, VISIT_CAPTION,
                                  Slip, payment_qr, render_slip)
from terminal.slip.printer import SlipPrinter


def slip_of(record: CheckinRecord, clinic_name: str, *, department: str = "", room: str = "",
            floor: str = "", payment: str = "") -> Slip:
    """The slip of a check-in with a ticket: its number, where to go, the insurance in one
    line, and a QR of the visit's reference (or, for a self-paying patient, the `payment`
    VietQR payload when the clinic configured one)."""
    assert record.ticket is not None
    payer = record.decision.payer if record.decision else Payer.UNKNOWN
    pay = payer is Payer.PAYING and bool(payment)
    return Slip(clinic_name, record.ticket.label,
                record.finished_at or record.started_at, INSURANCE_LINES[payer.value],
                payment if pay else record.checkin_id, PAYMENT_CAPTION if pay else VISIT_CAPTION,
                department, room, floor, PRIORITY_LINE if record.ticket.sequence else "",
                bool(record.ticket.repeat_of))


class SlipDesk:
    """Prints the slip of each check-in that got a ticket (and again on a repeat)."""

    def __init__(self, printer: SlipPrinter, config: Config,
                 departments: DepartmentList | None = None) -> None:
        self.printer = printer
        self._config = config
        self._departments = departments

    def print_record(self, record: CheckinRecord) -> str:
        """Print the check-in's slip; where it went. PrinterError (terminal/slip/errors.py)
        when the printer cannot."""
        department = (self._departments.get(record.department)
                      if self._departments is not None and record.department else None)
        assert record.ticket is not None
        slip = slip_of(record, self._config.clinic.name,
                       department=department.name_vi if department else "",
                       room=department.room if department else "",
                       floor=department.floor if department else "",
                       payment=payment_qr(self._config.printer, note=record.ticket.label))
        return self.printer.print_image(render_slip(slip), record.ticket.label)
