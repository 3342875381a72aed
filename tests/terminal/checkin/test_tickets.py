"""Ticket numbers per day and counter: gap-free, never repeated across threads, processes and restarts."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from terminal.checkin.daybook import DayBook, DayBookError
from terminal.checkin.tickets import TicketBook

DAY = date(2026, 5, 9)


def _issue_many(path: str, prefix: str, count: int) -> list[int]:
    book = DayBook(Path(path))
    try:
        return [TicketBook(book).issue(f"{prefix}-{i}", "A", DAY).number for i in range(count)]
    finally:
        book.close()


def test_numbers_start_at_one_per_day_and_counter(tmp_path):
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"))
    assert [tickets.issue(f"c{i}", "A", DAY).label for i in range(3)] == ["A001", "A002", "A003"]
    assert tickets.issue("b1", "B", DAY).label == "B001"
    assert tickets.issue("next-day", "A", date(2026, 5, 10)).number == 1
    assert tickets.issued("A", DAY) == 3 and tickets.issued("C", DAY) == 0


def test_asking_again_for_a_checkin_gives_the_same_ticket(tmp_path):
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"))
    first = tickets.issue("c1", "A", DAY)
    tickets.issue("c2", "A", DAY)
    assert tickets.issue("c1", "A", DAY) == first
    assert tickets.issued("A", DAY) == 2


def test_numbering_continues_after_a_restart(tmp_path):
    path = tmp_path / "book.sqlite3"
    first = DayBook(path)
    TicketBook(first).issue("c1", "A", DAY)
    first.close()
    assert TicketBook(DayBook(path)).issue("c2", "A", DAY).number == 2


def test_threads_never_share_a_number(tmp_path):
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"))
    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda i: tickets.issue(f"t{i}", "A", DAY).number, range(80)))
    assert sorted(numbers) == list(range(1, 81))


def test_processes_never_share_a_number(tmp_path):
    path = str(tmp_path / "book.sqlite3")
    DayBook(Path(path)).close()
    with ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = [pool.submit(_issue_many, path, f"p{p}", 25) for p in range(3)]
        numbers = [n for run in runs for n in run.result(timeout=60)]
    assert sorted(numbers) == list(range(1, 76))


def test_a_locked_book_fails_with_a_plain_message(tmp_path):
    path = tmp_path / "book.sqlite3"
    book = DayBook(path)
    blocker = sqlite3.connect(path, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        book.db.conn.execute("PRAGMA busy_timeout = 100")  # don't wait the full 10 s here
        with pytest.raises(DayBookError) as info:
            TicketBook(book).issue("c1", "A", DAY)
        assert "Call IT" in info.value.message and "locked" in info.value.detail
    finally:
        blocker.rollback()
    assert TicketBook(book).issue("c1", "A", DAY).number == 1


# one number per person, counter and day -------------------------------------------------------

KEY = bytes(range(32))
ID_NUMBER = "001093047064"


def test_a_person_who_checks_in_again_gets_the_number_they_hold(tmp_path):
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"), KEY)
    person = tickets.person_tag(ID_NUMBER, DAY)
    first = tickets.issue("c1", "A", DAY, person)
    tickets.issue("other", "A", DAY, tickets.person_tag("079088001234", DAY))
    again = [tickets.issue(f"tap{i}", "A", DAY, person) for i in range(5)]
    assert first.label == "A001" and first.repeat_of == ""
    assert {(t.label, t.repeat_of) for t in again} == {("A001", "c1")}
    assert tickets.issued("A", DAY) == 2  # five taps took no numbers
    assert tickets.issue("tap0", "A", DAY, person) == again[0]  # a retried step: the same
    # another counter, or the next day, is a new errand
    assert tickets.issue("b1", "B", DAY, person).label == "B001"
    next_day = date(2026, 5, 10)
    assert tickets.issue("c9", "A", next_day, tickets.person_tag(ID_NUMBER, next_day)).repeat_of == ""


def test_a_second_number_on_purpose_is_new_and_stays_put(tmp_path):
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"), KEY)
    person = tickets.person_tag(ID_NUMBER, DAY)
    tickets.issue("c1", "A", DAY, person)
    assert tickets.issue("c2", "A", DAY, person).repeat_of == "c1"
    second = tickets.issue("c2", "A", DAY, person, second=True)
    assert (second.label, second.repeat_of) == ("A002", "")
    assert tickets.issue("c2", "A", DAY, person, second=True) == second  # not a third
    assert tickets.issue("c3", "A", DAY, person).repeat_of == "c1"  # the first still counts


def test_the_guard_is_off_without_a_key_and_tags_hide_the_id_number(tmp_path):
    path = tmp_path / "book.sqlite3"
    off = TicketBook(DayBook(path))
    assert off.person_tag(ID_NUMBER, DAY) == ""
    tickets = TicketBook(DayBook(path), KEY)
    tag = tickets.person_tag(ID_NUMBER, DAY)
    assert tag != tickets.person_tag(ID_NUMBER, date(2026, 5, 10))  # days cannot be matched
    assert tag != TicketBook(DayBook(path), bytes(32)).person_tag(ID_NUMBER, DAY)
    tickets.issue("c1", "A", DAY, tag)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert ID_NUMBER.encode() not in raw and ID_NUMBER[-9:].encode() not in raw
    assert tag.encode() in raw


def test_a_day_book_from_before_the_guard_is_upgraded(tmp_path):
    path = tmp_path / "book.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE tickets (checkin_id TEXT PRIMARY KEY, day TEXT, counter TEXT, "
                "number INTEGER)")
    old.execute("CREATE TABLE ticket_counters (day TEXT, counter TEXT, last_number INTEGER, "
                "PRIMARY KEY (day, counter))")
    old.execute("INSERT INTO tickets VALUES ('c1', ?, 'A', 1)", [DAY.isoformat()])
    old.execute("INSERT INTO ticket_counters VALUES (?, 'A', 1)", [DAY.isoformat()])
    old.commit()
    old.close()
    tickets = TicketBook(DayBook(path), KEY)
    assert tickets.issue("c1", "A", DAY).label == "A001"
    assert tickets.issue("c2", "A", DAY, tickets.person_tag(ID_NUMBER, DAY)).label == "A002"


def test_the_person_key_is_made_once_private_and_checked(tmp_path):
    from terminal.checkin.person_key import load_person_key, person_key_path

    path = person_key_path(tmp_path / "data" / "checkin.sqlite3")
    key = load_person_key(path)
    assert len(key) == 32 and load_person_key(path) == key
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left
    path.write_bytes(b"short")
    with pytest.raises(DayBookError) as info:
        load_person_key(path)
    assert "damaged" in info.value.message


# several kiosks -----------------------------------------------------------------------------

def test_kiosks_with_their_own_blocks_never_issue_the_same_number(tmp_path):
    kiosks = [TicketBook(DayBook(tmp_path / f"kiosk{n}.sqlite3"), KEY, block=n) for n in (1, 2)]
    with ThreadPoolExecutor(4) as pool:
        labels = list(pool.map(lambda i: kiosks[i % 2].issue(f"c{i}", "A", DAY).label, range(40)))
    assert len(set(labels)) == 40
    assert sorted(labels)[:2] == ["A1001", "A1002"] and "A2020" in labels
    priority = kiosks[1].issue("p1", "A", DAY, sequence="UT")
    assert priority.label == "UT-2001"
    assert kiosks[0].issued("A", DAY) == 20  # the count is the kiosk's own


def test_a_full_block_says_so(tmp_path):
    book = DayBook(tmp_path / "k.sqlite3")
    with book.write() as db:
        db.execute("INSERT INTO ticket_counters VALUES (?, 'A', 999)", [DAY.isoformat()])
    with pytest.raises(DayBookError) as info:
        TicketBook(book, block=3).issue("c1", "A", DAY)
    assert "block" in info.value.message

# two kiosk processes against one HIS, online and offline: test_tickets_kiosks.py


# numbers from the HIS -------------------------------------------------------------------------

def test_the_his_number_is_taken_and_the_kiosk_numbers_on_after_it(tmp_path):
    from datetime import datetime
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"))
    asked = []
    morning, noon = (datetime(2026, 5, 9, h, 0).astimezone() for h in (9, 12))
    his = tickets.issue("c1", "A", DAY, ask=lambda: asked.append(1) or (7, 3), at=morning)
    assert (his.label, his.ahead) == ("A007", 3)
    assert tickets.issue("c1", "A", DAY, ask=lambda: asked.append(1) or (9, 0)).label == "A007"
    assert asked == [1]  # asked once: the same check-in keeps its number
    assert tickets.issue("c2", "A", DAY, ask=lambda: None, at=morning).label == "A008"  # offline
    assert tickets.renumber("c2", 12)[0].label == "A012" and tickets.ticket_of("c2").number == 12
    assert tickets.renumber("nobody", 3) is None
    tickets.issue("c3", "A", DAY, at=noon)
    assert tickets.issued("A", DAY) == 3 and tickets.issued("A", DAY, since=noon) == 1


def test_a_repeat_never_asks_the_his(tmp_path):
    tickets = TicketBook(DayBook(tmp_path / "book.sqlite3"), KEY)
    person = tickets.person_tag("079093001234", DAY)
    tickets.issue("c1", "A", DAY, person, ask=lambda: (4, 0))

    def must_not_ask():
        raise AssertionError("asked the HIS for a repeat")
    again = tickets.issue("c2", "A", DAY, person, ask=must_not_ask)
    assert (again.label, again.repeat_of) == ("A004", "c1")
    assert tickets.issued("A", DAY) == 1  # a number shown again is not counted
