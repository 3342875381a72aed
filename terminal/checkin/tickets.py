"""Ticket numbers: 1, 2, 3… per day and per service counter, allocated in the local day book so
they work offline, survive a restart, and never repeat when two processes issue at once.

Priority patients (terminal/checkin/priority.py) are numbered from a sequence of their own per
counter and day (`UT-001`, `UT-002`…). One number per person, counter and day: a person who
checks in again gets the number they already hold (queue touts cannot collect numbers with one
card). People are known by a keyed tag (privacy.keyed_tag), never by their ID number. Staff can
issue a second number on purpose.

While the HIS is reachable it gives the number (`ask`, the room's queue at the hospital); when it
is not, the kiosk numbers from its own counter (and block). The HIS may later keep a number
given offline under another one (another kiosk held it): `renumber` records the HIS's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from terminal.checkin.daybook import DayBook, DayBookError
from terminal.checkin.records import Ticket
from terminal.privacy import keyed_tag


#: Numbers a kiosk block holds (config terminal.number_block): block 2 is 2001-2999.
BLOCK_SIZE = 1000

#: Asks the HIS for the check-in's number: (number, how many wait before it or None), or None
#: when the HIS cannot give one now (the kiosk then numbers by itself).
AskNumber = Callable[[], "tuple[int, int | None] | None"]


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
              second: bool = False, sequence: str = "", ask: AskNumber | None = None,
              at: datetime | None = None) -> Ticket:
        """The ticket of this check-in: a new number the first time, the same one when asked again
        (a retried step never takes two numbers). `sequence` numbers from a priority sequence of
        the counter. With a `person` tag, a person who already holds a number at this counter
        today gets that number again (`repeat_of` names the check-in that got it first);
        `second` issues a fresh number anyway (staff, with a reason). A new number is the HIS's
        when `ask` gets one (outside the transaction: other kiosk processes are not held up),
        else the kiosk's own. `at` is when it was issued (per-session capacity)."""
        found = self._known(checkin_id, counter, day, person, second)
        if found is not None:
            return found
        given = ask() if ask is not None else None
        iso = day.isoformat()
        series = _series(counter, sequence)
        with self._daybook.write() as db:
            known = self._known_in(db, checkin_id, counter, day, person, second)
            if known is not None:  # issued meanwhile (another thread): the HIS's number unused
                return known
            db.execute("DELETE FROM tickets WHERE checkin_id = ?", [checkin_id])
            if given is not None:
                number = given[0]
                if not self._block:  # numbers given offline later go on after the HIS's
                    db.execute("INSERT INTO ticket_counters (day, counter, last_number) "
                               "VALUES (?, ?, ?) ON CONFLICT (day, counter) DO UPDATE SET "
                               "last_number = max(last_number, excluded.last_number)",
                               [iso, series, number])
            else:
                number = self._next_own(db, iso, series)
            db.execute("INSERT INTO tickets (checkin_id, day, counter, number, repeat_of, "
                       "sequence, source, issued_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)",
                       [checkin_id, iso, counter, number, sequence,
                        "his" if given is not None else "kiosk",
                        (at or datetime.now().astimezone()).isoformat()])
            if person:
                db.execute("INSERT OR IGNORE INTO holders (day, counter, person, checkin_id) "
                           "VALUES (?, ?, ?, ?)", [iso, counter, person, checkin_id])
        return Ticket(counter, day, number, sequence=sequence,
                      ahead=given[1] if given is not None else None)

    def _known(self, checkin_id: str, counter: str, day: date, person: str,
               second: bool) -> Ticket | None:
        with self._daybook.write() as db:
            return self._known_in(db, checkin_id, counter, day, person, second)

    @staticmethod
    def _known_in(db, checkin_id: str, counter: str, day: date, person: str,
                  second: bool) -> Ticket | None:
        """The check-in's ticket when it has one, or the number its person already holds (a
        repeat row is written); None when a new number is due."""
        row = db.execute("SELECT day, counter, number, repeat_of, sequence FROM tickets "
                         "WHERE checkin_id = ?", [checkin_id]).fetchone()
        if row is not None and not (second and row[3]):
            return Ticket(row[1], date.fromisoformat(row[0]), row[2], row[3] or "", row[4] or "")
        if not person or second:
            return None
        held = db.execute(
            "SELECT t.checkin_id, t.number, t.sequence FROM holders h JOIN tickets t "
            "ON t.checkin_id = h.checkin_id WHERE h.day = ? AND h.counter = ? "
            "AND h.person = ?", [day.isoformat(), counter, person]).fetchone()
        if held is None:
            return None
        db.execute("DELETE FROM tickets WHERE checkin_id = ?", [checkin_id])
        db.execute("INSERT INTO tickets (checkin_id, day, counter, number, repeat_of, sequence, "
                   "source) VALUES (?, ?, ?, ?, ?, ?, 'repeat')",
                   [checkin_id, day.isoformat(), counter, held[1], held[0], held[2] or ""])
        return Ticket(counter, day, held[1], held[0], held[2] or "")

    def _next_own(self, db, iso: str, series: str) -> int:
        """The kiosk's own next number (offline, or no HIS numbering), in its block."""
        number = db.execute(
            "INSERT INTO ticket_counters (day, counter, last_number) VALUES (?, ?, 1) "
            "ON CONFLICT (day, counter) DO UPDATE SET last_number = last_number + 1 "
            "RETURNING last_number", [iso, series]).fetchone()[0]
        if self._block:
            if number >= BLOCK_SIZE:
                raise DayBookError(
                    "This kiosk has issued all 999 numbers of its block today. Check the "
                    "patient in at the desk; IT can give the kiosk another block.",
                    detail=f"block {self._block} full for {series}")
            number += self._block * BLOCK_SIZE
        return number

    def ticket_of(self, checkin_id: str) -> Ticket | None:
        """The check-in's ticket as the day book holds it now."""
        with self._daybook.read() as db:
            row = db.execute("SELECT day, counter, number, repeat_of, sequence FROM tickets "
                             "WHERE checkin_id = ?", [checkin_id]).fetchone()
        return None if row is None else Ticket(row[1], date.fromisoformat(row[0]), row[2],
                                               row[3] or "", row[4] or "")

    def renumber(self, checkin_id: str, number: int) -> tuple[Ticket, str] | None:
        """The HIS keeps this check-in under `number` (its kiosk number, given offline, was
        another's): the ticket as it is now and the label it had; None when the kiosk has no
        such ticket. Asking again changes nothing."""
        with self._daybook.write() as db:
            row = db.execute("SELECT day, counter, number, sequence FROM tickets "
                             "WHERE checkin_id = ?", [checkin_id]).fetchone()
            if row is None:
                return None
            before = Ticket(row[1], date.fromisoformat(row[0]), row[2], sequence=row[3] or "")
            db.execute("UPDATE tickets SET number = ?, source = 'his' WHERE checkin_id = ?",
                       [number, checkin_id])
        return Ticket(before.counter, before.day, number, sequence=before.sequence), before.label

    def issued(self, counter: str, day: date, sequence: str = "",
               since: datetime | None = None) -> int:
        """How many numbers this kiosk gave at the counter (or its priority `sequence`) that day
        (`since`: from that time on, a session), the HIS's and its own; a number shown again
        is not counted."""
        query = ("SELECT COUNT(*) FROM tickets WHERE day = ? AND counter = ? "
                 "AND COALESCE(sequence, '') = ? "
                 "AND COALESCE(repeat_of, '') = ''")
        args: list = [day.isoformat(), counter, sequence]
        if since is not None:
            query += " AND issued_at >= ?"
            args.append(since.isoformat())
        with self._daybook.read() as db:
            return db.execute(query, args).fetchone()[0]


def _series(counter: str, sequence: str) -> str:
    """The counter row a number is taken from: the counter's own, or its priority sequence's."""
    return f"{counter}/{sequence}" if sequence else counter
