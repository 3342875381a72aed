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
