"""Ticket numbers: 1, 2, 3… per day and per service counter, allocated in the local day book so
they work offline, survive a restart, and never repeat when two processes issue at once."""

from __future__ import annotations

from datetime import date

from terminal.checkin.daybook import DayBook
from terminal.checkin.records import Ticket


class TicketBook:
    def __init__(self, daybook: DayBook) -> None:
        self._daybook = daybook

    def issue(self, checkin_id: str, counter: str, day: date) -> Ticket:
        """The ticket of this check-in: a new number the first time, the same one when asked again
        (a retried step never takes two numbers)."""
        with self._daybook.write() as db:
            row = db.execute("SELECT day, counter, number FROM tickets WHERE checkin_id = ?",
                             [checkin_id]).fetchone()
            if row is not None:
                return Ticket(row[1], date.fromisoformat(row[0]), row[2])
            number = db.execute(
                "INSERT INTO ticket_counters (day, counter, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (day, counter) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number", [day.isoformat(), counter]).fetchone()[0]
            db.execute("INSERT INTO tickets (checkin_id, day, counter, number) VALUES (?, ?, ?, ?)",
                       [checkin_id, day.isoformat(), counter, number])
        return Ticket(counter, day, number)

    def issued(self, counter: str, day: date) -> int:
        """How many tickets the counter has issued that day."""
        with self._daybook.read() as db:
            row = db.execute("SELECT last_number FROM ticket_counters WHERE day = ? AND counter = ?",
                             [day.isoformat(), counter]).fetchone()
        return row[0] if row else 0
