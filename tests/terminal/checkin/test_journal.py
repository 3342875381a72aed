"""The day book's check-in list and audit trail: masked identities, states as they change, purging."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from terminal.checkin.daybook import DayBook
from terminal.checkin.journal import Journal
from terminal.checkin.records import (
    AuditEntry,
    CheckinRecord,
    CheckinState,
    Decision,
    EligibilityOutcome,
    EligibilityStatus,
    PatientIdentity,
    Payer,
    Reason,
    Ticket,
    Verdict,
)

START = datetime(2026, 5, 9, 8, 30, tzinfo=timezone(timedelta(hours=7)))
IDENTITY = PatientIdentity("001093047064", "Nguyễn Văn An", date(1993, 1, 5))


def _record(checkin_id: str, started: datetime, **changes) -> CheckinRecord:
    fields = {"state": CheckinState.READING_CARD, "identity": IDENTITY, **changes}
    return CheckinRecord(checkin_id=checkin_id, counter="A", started_at=started, **fields)


def test_the_file_never_holds_a_clear_identity(tmp_path):
    path = tmp_path / "book.sqlite3"
    book = DayBook(path)
    Journal(book).save(_record("c1", START))
    book.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"001093047064" not in raw and "Nguyễn".encode() not in raw
    assert b"0010******64" in raw


def test_a_checkin_is_listed_with_its_latest_state(tmp_path):
    journal = Journal(DayBook(tmp_path / "book.sqlite3"))
    journal.save(_record("c2", START + timedelta(minutes=5)))
    journal.save(_record("c1", START))
    decision = Decision(Verdict.ACCEPT, Payer.PAYING, (Reason("not_eligible_paying", "x"),))
    journal.save(_record("c1", START, state=CheckinState.DONE, decision=decision,
                         eligibility=EligibilityOutcome(EligibilityStatus.NOT_ELIGIBLE),
                         ticket=Ticket("A", START.date(), 4)))
    rows = journal.day(START.date())
    assert [r.checkin_id for r in rows] == ["c1", "c2"]
    done = rows[0]
    assert (done.state, done.verdict, done.payer, done.ticket, done.reasons) == (
        CheckinState.DONE, Verdict.ACCEPT, Payer.PAYING, "A004", ("not_eligible_paying",))
    assert done.eligibility is EligibilityStatus.NOT_ELIGIBLE and done.masked_name == "N. V. A."
    assert rows[1].state is CheckinState.READING_CARD and rows[1].verdict is None
    assert journal.day(date(2026, 5, 10)) == []
    assert journal.get("c2") == rows[1] and journal.get("nope") is None


def test_audit_trail_and_purge_of_old_days(tmp_path):
    book = DayBook(tmp_path / "book.sqlite3")
    journal = Journal(book)
    old = START - timedelta(days=40)
    journal.save(_record("old", old))
    journal.add_audit(AuditEntry("old", "override", "lan", "checked papers", old, "accept"))
    journal.save(_record("new", START))
    journal.add_audit(AuditEntry("new", "override", "lan", "photo is old", START, "accept"))
    assert [e.reason for e in journal.audit_trail("new")] == ["photo is old"]
    book.purge(START.date(), keep_days=31)
    assert journal.get("old") is None and journal.audit_trail("old") == []
    assert journal.get("new") is not None and len(journal.audit_trail("new")) == 1


def test_the_number_on_the_slip_stays_when_the_his_replaces_it(tmp_path):
    journal = Journal(DayBook(tmp_path / "book.sqlite3"))
    record = _record("c1", START, state=CheckinState.DONE, ticket=Ticket("A", START.date(), 1))
    journal.save(record)
    journal.relabel("c1", "A002", "A001")
    journal.relabel("c1", "A003", "A002")  # changed again: the slip still shows the first
    journal.save(record)  # a later save (a reprint, an answer) keeps it
    row = journal.get("c1")
    assert (row.renumbered_from, row.masked_name) == ("A001", "N. V. A.")
