"""Ticket numbers: 1, 2, 3… per day and per service counter, allocated in the local day book so
they work offline, survive a restart, and never repeat when two processes issue at once.

Priority patients (terminal/checkin/priority.py) are numbered from a sequence of their own per
counter and day (`UT-001`, `UT-002`…). One number per person, counter and day: a person who
checks in again gets the number they already hold (queue touts cannot collect numbers with one
card). People are known by a keyed tag (privacy.keyed_tag), never by their ID number. Staff can
issue a second number on purpose.
"""

from __future__ import annotations

from datetime import date

from terminal.checkin.daybook import DayBook, DayBookError
from terminal.checkin.records import Ticket
from terminal.privacy import keyed_tag


#: Numbers a kiosk block holds (config terminal.number_block): block 2 is 2001-2999.
BLOCK_SIZE = 1000


class TicketBook:
    def __init__(self, daybook: DayBook, person_key: bytes = b"", block: int = 0) -> None:
        """`person_key` (person_key.load_person_key) turns the repeat guard on; empty: off.
        `block` 1-9 (config terminal.number_block): this kiosk's numbers are block × 1000 + 1,
        + 2… so kiosks with their own day books never issue the same number."""
        self._daybook = daybook
        self._key = person_key
        self._block = block

    def person_tag(self, id_number: str, day: date) -> str:
        """The tag the day book knows a person by on `day` ("" when the guard is off). The day
        is in the tag, so two days' tags of one person cannot be matched."""
        if not self._key or not id_number:
            return ""
        return keyed_tag(self._key, "ticket-holder", day.isoformat(), id_number)

    def issue(self, checkin_id: str, counter: str, day: date, person: str = "", *,
              second: bool = False, sequence: str = "") -> Ticket:
        """The ticket of this check-in: a new number the first time, the same one when asked again
        (a retried step never takes two numbers). `sequence` numbers from a priority sequence of
        the counter. With a `person` tag, a person who already holds a number at this counter
        today gets that number again (`repeat_of` names the check-in that got it first);
        `second` issues a fresh number anyway (staff, with a reason)."""
        iso = day.isoformat()
        with self._daybook.write() as db:
            row = db.execute("SELECT day, counter, number, repeat_of, sequence FROM tickets "
                             "WHERE checkin_id = ?", [checkin_id]).fetchone()
            if row is not None and not (second and row[3]):
                return Ticket(row[1], date.fromisoformat(row[0]), row[2], row[3] or "",
                              row[4] or "")
            db.execute("DELETE FROM tickets WHERE checkin_id = ?", [checkin_id])
            if person and not second:
                held = db.execute(
                    "SELECT t.checkin_id, t.number, t.sequence FROM holders h JOIN tickets t "
                    "ON t.checkin_id = h.checkin_id WHERE h.day = ? AND h.counter = ? "
                    "AND h.person = ?", [iso, counter, person]).fetchone()
                if held is not None:
                    db.execute("INSERT INTO tickets (checkin_id, day, counter, number, repeat_of, "
                               "sequence) VALUES (?, ?, ?, ?, ?, ?)",
                               [checkin_id, iso, counter, held[1], held[0], held[2] or ""])
                    return Ticket(counter, day, held[1], held[0], held[2] or "")
            number = db.execute(
                "INSERT INTO ticket_counters (day, counter, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (day, counter) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number", [iso, _series(counter, sequence)]).fetchone()[0]
            if self._block:
                if number >= BLOCK_SIZE:
                    raise DayBookError(
                        "This kiosk has issued all 999 numbers of its block today. Check the "
                        "patient in at the desk; IT can give the kiosk another block.",
                        detail=f"block {self._block} full for {_series(counter, sequence)}")
                number += self._block * BLOCK_SIZE
            db.execute("INSERT INTO tickets (checkin_id, day, counter, number, repeat_of, sequence) "
                       "VALUES (?, ?, ?, ?, '', ?)", [checkin_id, iso, counter, number, sequence])
            if person:
                db.execute("INSERT OR IGNORE INTO holders (day, counter, person, checkin_id) "
                           "VALUES (?, ?, ?, ?)", [iso, counter, person, checkin_id])
        return Ticket(counter, day, number, sequence=sequence)

    def issued(self, counter: str, day: date, sequence: str = "") -> int:
        """How many tickets the counter (or its priority `sequence`) has issued that day."""
        with self._daybook.read() as db:
            row = db.execute("SELECT last_number FROM ticket_counters WHERE day = ? AND counter = ?",
                             [day.isoformat(), _series(counter, sequence)]).fetchone()
        return row[0] if row else 0


def _series(counter: str, sequence: str) -> str:
    """The counter row a number is taken from: the counter's own, or its priority sequence's."""
    return f"{counter}/{sequence}" if sequence else counter
