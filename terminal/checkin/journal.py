"""Today's check-ins and the audit trail, kept in the day book for the receptionist console.

Rows hold masked identities only (`N. V. A.`, `0010******64`): enough for staff to tell patients
apart on a list, useless to anyone who copies the file.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from terminal.checkin.daybook import DayBook
from terminal.checkin.records import (
    AuditEntry,
    CheckinRecord,
    CheckinState,
    CheckinSummary,
    EligibilityStatus,
    Payer,
    Verdict,
)

_SUMMARY_COLUMNS = ("checkin_id", "day", "started_at", "state", "masked_name", "masked_id",
                    "verdict", "payer", "eligibility", "ticket", "reasons", "failure", "overridden",
                    "repeated")


def _row(record: CheckinRecord) -> tuple:
    decision, identity = record.decision, record.identity
    return (record.checkin_id, record.started_at.date().isoformat(), record.started_at.isoformat(),
            record.state.value,
            identity.masked_name if identity else "", identity.masked_id if identity else "",
            decision.verdict.value if decision else "", decision.payer.value if decision else "",
            record.eligibility.status.value if record.eligibility else "",
            record.ticket.label if record.ticket else "",
            json.dumps(list(decision.reason_codes) if decision else []),
            record.failure.code if record.failure else "", int(record.override is not None),
            int(record.ticket is not None and record.ticket.repeat_of != ""))


def _summary(row: dict) -> CheckinSummary:
    return CheckinSummary(
        checkin_id=row["checkin_id"], started_at=datetime.fromisoformat(row["started_at"]),
        state=CheckinState(row["state"]), masked_name=row["masked_name"],
        masked_id=row["masked_id"], verdict=Verdict(row["verdict"]) if row["verdict"] else None,
        payer=Payer(row["payer"]) if row["payer"] else None,
        eligibility=EligibilityStatus(row["eligibility"]) if row["eligibility"] else None,
        ticket=row["ticket"], reasons=tuple(json.loads(row["reasons"])), failure=row["failure"],
        overridden=bool(row["overridden"]), repeated=bool(row.get("repeated")),
        renumbered_from=row.get("renumbered_from") or "")


class Journal:
    def __init__(self, daybook: DayBook) -> None:
        self._daybook = daybook

    def save(self, record: CheckinRecord) -> None:
        """Write the check-in's current state (called at every state change); the number its
        slip showed before the HIS replaced it (`relabel`) stays."""
        marks = ", ".join("?" * len(_SUMMARY_COLUMNS))
        updates = ", ".join(f"{c} = excluded.{c}" for c in _SUMMARY_COLUMNS[1:])
        with self._daybook.write() as db:
            db.execute(f"INSERT INTO checkins ({', '.join(_SUMMARY_COLUMNS)}) VALUES ({marks}) "
                       f"ON CONFLICT(checkin_id) DO UPDATE SET {updates}", list(_row(record)))

    def relabel(self, checkin_id: str, ticket: str, before: str = "") -> None:
        """The check-in's number changed after its run (the HIS kept it under its own); `before`
        the number its slip showed (the first one is kept when the HIS changes it again)."""
        with self._daybook.write() as db:
            db.execute("UPDATE checkins SET ticket = ?, renumbered_from = CASE WHEN "
                       "COALESCE(renumbered_from, '') = '' THEN ? ELSE renumbered_from END "
                       "WHERE checkin_id = ?", [ticket, before, checkin_id])

    def day(self, day: date) -> list[CheckinSummary]:
        """The day's check-ins, oldest first."""
        with self._daybook.read() as db:
            rows = list(db["checkins"].rows_where("day = ?", [day.isoformat()],
                                                  order_by="started_at"))
        return [_summary(row) for row in rows]

    def get(self, checkin_id: str) -> CheckinSummary | None:
        with self._daybook.read() as db:
            rows = list(db["checkins"].rows_where("checkin_id = ?", [checkin_id]))
        return _summary(rows[0]) if rows else None

    def flag(self, checkin_id: str, code: str) -> bool:
        """Add a reason `code` to a check-in's row for the desk (e.g. still unverified at the
        end of its day); False when the day book has no such check-in or it has the code."""
        with self._daybook.write() as db:
            row = db.execute("SELECT reasons FROM checkins WHERE checkin_id = ?",
                             [checkin_id]).fetchone()
            if row is None:
                return False
            reasons = json.loads(row[0] or "[]")
            if code in reasons:
                return False
            db.execute("UPDATE checkins SET reasons = ? WHERE checkin_id = ?",
                       [json.dumps([*reasons, code]), checkin_id])
            return True

    def add_audit(self, entry: AuditEntry) -> None:
        with self._daybook.write() as db:
            db.execute("INSERT INTO audit (day, checkin_id, action, staff, reason, at, outcome) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [entry.at.date().isoformat(), entry.checkin_id, entry.action, entry.staff,
                        entry.reason, entry.at.isoformat(), entry.outcome])

    def audit_trail(self, checkin_id: str) -> list[AuditEntry]:
        with self._daybook.read() as db:
            rows = list(db["audit"].rows_where("checkin_id = ?", [checkin_id], order_by="id"))
        return [AuditEntry(r["checkin_id"], r["action"], r["staff"], r["reason"],
                           datetime.fromisoformat(r["at"]), r["outcome"]) for r in rows]
