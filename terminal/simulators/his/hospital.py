"""What the simulated HIS does with what it receives, without HTTP: numbers patients per room and
day (`allocate`) within each room's capacity across all kiosks (`rooms` reports the counts),
stores check-ins by their Idempotency-Key (a repeat is a duplicate, not stored twice) keeping the
number a kiosk gave offline when it is free and replacing it when not, flagging those given
offline past a room's capacity, applies eligibility updates, and keeps its day in a JSON file
when given one."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from datetime import time as time_of_day  # `time` is the module (received_at)
from http import HTTPStatus
from pathlib import Path
from typing import Any

from terminal.delivery.checkin_payload import (CheckinPayload, EligibilityUpdatePayload,
                                               QueueNumberAnswer, QueueNumberRequest,
                                               parse_ticket)
from terminal.delivery.errors import PayloadSchemaError
from terminal.errors import TerminalError
from terminal.input_file import InputFileError, read_input_text
from terminal.privacy import mask_id

log = logging.getLogger(__name__)

#: The store of a simulated day; a file larger than this is not one (or is a device).
MAX_STORE_BYTES = 256 * 2**20


class HisSimError(TerminalError):
    """The simulator could not start, or its store file is unreadable."""


@dataclass(frozen=True)
class ReceivedCheckin:
    idempotency_key: str
    checkin: dict           # the body as received; `eligibility` replaced by a later update
    received_at: float
    updated: bool           # an eligibility update arrived for it
    #: The number the HIS holds the patient under: the kiosk's own, or the HIS's when the kiosk's
    #: (given offline) was taken already. "" in a store from before numbering.
    ticket: str = ""
    #: Numbered offline by a kiosk when the room's capacity (day or session) was reached: the
    #: HIS's staff decide (several kiosks offline each counted only their own).
    over_capacity: bool = False


class _Store:
    """What arrived, keyed by Idempotency-Key; written through to a JSON file when given one.
    With `numbers_path` alone, only the queue numbers are kept on disk (check-in ids, no
    identities), so a restarted simulator does not number a room from 1 again the same day."""

    def __init__(self, path: Path | None, numbers_path: Path | None = None) -> None:
        self.path = path
        self.numbers_path = numbers_path
        self.lock = threading.Lock()
        self.checkins: dict[str, ReceivedCheckin] = {}
        self.updates: set[str] = set()
        self.duplicates = 0
        #: The queues: "day|department|series" -> {number: check-in id}.
        self.numbers: dict[str, dict[int, str]] = {}
        #: When each numbered check-in was numbered (ISO time): per-session capacity.
        self.numbered_at: dict[str, str] = {}
        if path is not None and path.exists():
            self._load(path)
        elif path is None and numbers_path is not None and numbers_path.exists():
            self._load_numbers(numbers_path)

    def _load_numbers(self, path: Path) -> None:
        try:
            data = json.loads(read_input_text(path, "The HIS simulator's numbers",
                                              MAX_STORE_BYTES))
            self.numbers = {str(key): {int(n): str(c) for n, c in queue.items()}
                            for key, queue in data["numbers"].items()}
            self.numbered_at = {str(c): str(at) for c, at in data.get("numbered_at", {}).items()}
        except InputFileError as exc:
            raise HisSimError(exc.message, detail=exc.detail) from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError,
                RecursionError) as exc:
            raise HisSimError(f"The HIS simulator's numbers {path} cannot be read.",
                              detail=f"{type(exc).__name__}: {exc}") from None

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(read_input_text(path, "The HIS simulator's store", MAX_STORE_BYTES))
            self.checkins = {c["idempotency_key"]: ReceivedCheckin(**c) for c in data["checkins"]}
            self.updates = set(data["updates"])
            self.duplicates = int(data["duplicates"])
            self.numbers = {key: {int(n): c for n, c in queue.items()}
                            for key, queue in data.get("numbers", {}).items()}
            self.numbered_at = {str(c): str(at) for c, at in data.get("numbered_at", {}).items()}
        except InputFileError as exc:
            raise HisSimError(exc.message, detail=exc.detail) from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError,
                RecursionError) as exc:
            raise HisSimError(f"The HIS simulator's store {path} cannot be read.",
                              detail=f"{type(exc).__name__}: {exc}") from None

    def save(self) -> None:
        numbers = {key: {str(n): c for n, c in queue.items()} for key, queue in self.numbers.items()}
        if self.path is None:
            if self.numbers_path is not None:
                self._write(self.numbers_path, {"numbers": numbers,
                                                "numbered_at": self.numbered_at})
            return
        self._write(self.path, {"checkins": [asdict(c) for c in self.checkins.values()],
                                "updates": sorted(self.updates), "duplicates": self.duplicates,
                                "numbers": numbers, "numbered_at": self.numbered_at})

    @staticmethod
    def _write(path: Path, data: dict) -> None:
        # The records hold patients' names and ID numbers in clear: owner-only, never half-written.
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # a tmp file left by an older version must not keep a wider mode
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, path)


@dataclass(frozen=True)
class RoomCapacity:
    """What the HIS knows of a room's capacity: numbers a day and per session (0: no limit),
    from the clinic's departments file as its kiosks have it (departments.his_capacities)."""

    code: str       # the department code the kiosks ask with
    counter: str    # its ticket letter: the queue whose numbers count
    day: int = 0
    morning: int = 0
    afternoon: int = 0


@dataclass(frozen=True)
class Capacities:
    """The rooms whose capacity the HIS holds across all kiosks, and when the afternoon
    session starts (the same split as the kiosks': departments.DepartmentList.session_at)."""

    rooms: tuple[RoomCapacity, ...]
    afternoon_from: time_of_day = time_of_day(12, 0)

    def get(self, code: str) -> RoomCapacity | None:
        return next((r for r in self.rooms if r.code == code), None)

    def session_at(self, moment: datetime) -> tuple[str, datetime, datetime | None]:
        """The session `moment` falls in ("morning", "afternoon"), when it began and when it ends
        (None: with the day)."""
        afternoon = datetime.combine(moment.date(), self.afternoon_from, moment.tzinfo)
        if moment >= afternoon:
            return "afternoon", afternoon, None
        return ("morning", datetime.combine(moment.date(), time_of_day(0), moment.tzinfo),
                afternoon)


def _now() -> datetime:
    return datetime.now().astimezone()


def _label(prefix: str, number: int) -> str:
    """A number's label: `A012` on a counter letter, `UT-003` on a priority sequence (`UT-`)."""
    return f"{prefix}{number:03d}"


class SimulatedHospital:
    """The HIS's side of a check-in's delivery and of its queue numbers; thread-safe. The
    simulator calls nobody: `ahead` counts every patient numbered before, priority ones first.
    With `capacities` it holds each room's capacity across all kiosks; priority numbers are not
    counted, as at the kiosk."""

    def __init__(self, store_path: Path | None = None,
                 now: Callable[[], datetime] = _now, numbers_path: Path | None = None,
                 capacities: Capacities | None = None) -> None:
        self._store = _Store(store_path, numbers_path)
        self._now = now
        self._capacities = capacities

    def _today(self) -> date:
        return self._now().date()

    def allocate(self, body: Any) -> tuple[int, dict]:
        """POST /queue-numbers: the next free number of the room's queue today (the same one
        when a check-in asks again); 409 {"error": "full", "department", "session"} when the
        room's capacity for the day ("day") or this session ("morning", "afternoon") is reached."""
        request = QueueNumberRequest.from_dict(body)
        series = f"{request.sequence}-" if request.sequence else request.counter
        store = self._store
        now = self._now()
        with store.lock:
            queue = store.numbers.setdefault(
                f"{now.date().isoformat()}|{request.department}|{series}", {})
            number = next((n for n, c in queue.items() if c == request.checkin_id), None)
            if number is None:
                full = "" if request.sequence else self._full(request.department, now)
                if full:
                    return HTTPStatus.CONFLICT, {"error": "full",
                                                 "department": request.department,
                                                 "session": full}
                number = self._free(queue)
                queue[number] = request.checkin_id
                store.numbered_at[request.checkin_id] = now.isoformat()
                store.save()
            ahead = self._ahead(now.date().isoformat(), request.department, series, number)
        return HTTPStatus.OK, QueueNumberAnswer(number, _label(series, number), ahead).to_dict()

    def _counts(self, room: RoomCapacity, now: datetime) -> tuple[int, int]:
        """The room's numbers (priority ones not counted) on `now`'s day, and in its session
        (the store's lock held)."""
        assert self._capacities is not None
        queue = self._store.numbers.get(f"{now.date().isoformat()}|{room.code}|{room.counter}", {})
        _session, began, ends = self._capacities.session_at(now)
        numbered_at = self._store.numbered_at
        in_session = 0
        for checkin_id in queue.values():
            at = numbered_at.get(checkin_id, "")
            try:
                # a morning check-in delivered late is counted against the morning
                if at and began <= datetime.fromisoformat(at) and (
                        ends is None or datetime.fromisoformat(at) < ends):
                    in_session += 1
            except (ValueError, TypeError):  # a time without zone against one with: not counted
                continue
        return len(queue), in_session

    def _full(self, code: str, now: datetime) -> str:
        """"day", "morning" or "afternoon" when the room can take no more numbers at `now`; ""
        when it can (or has no capacity, or is not known here). The store's lock held."""
        room = self._capacities.get(code) if self._capacities is not None else None
        if room is None:
            return ""
        assert self._capacities is not None
        day, in_session = self._counts(room, now)
        if room.day and day >= room.day:
            return "day"
        session, _began, _ends = self._capacities.session_at(now)
        limit = room.morning if session == "morning" else room.afternoon
        if limit and in_session >= limit:
            return session
        return ""

    def rooms(self) -> tuple[int, dict]:
        """GET /rooms: each room's numbers today and this session, priority ones not counted
        (what the kiosks' department choice counts), and whether it is full."""
        now = self._now()
        rooms = {}
        with self._store.lock:
            for room in self._capacities.rooms if self._capacities else ():
                day, in_session = self._counts(room, now)
                rooms[room.code] = {"issued": day, "issued_session": in_session,
                                    "full": self._full(room.code, now)}
        return HTTPStatus.OK, {"day": now.date().isoformat(), "rooms": rooms}

    @staticmethod
    def _free(queue: dict[int, str]) -> int:
        """The HIS's next number: after the highest it gave below the kiosks' blocks (1000+), and
        never one a kiosk's offline number holds."""
        number = max((n for n in queue if n < 1000), default=0) + 1
        while number in queue:
            number += 1
        return number

    def _ahead(self, day: str, department: str, series: str, number: int) -> int:
        ahead = 0
        for key, queue in self._store.numbers.items():
            q_day, q_department, q_series = key.split("|")
            if q_day != day or q_department != department:
                continue
            if q_series == series:
                ahead += sum(1 for n in queue if n < number)
            elif q_series.endswith("-") and not series.endswith("-"):  # priority is called first
                ahead += len(queue)
        return ahead

    def _reconcile(self, record: CheckinPayload) -> tuple[str, bool]:
        """The number the HIS keeps the check-in under (the store's lock held): the kiosk's when
        it is the one the HIS gave it, or free in the room's queue that day; else the next free.
        And whether it is over the room's capacity: numbered offline when the room was full."""
        series, number = parse_ticket(record.ticket)
        department = record.department.code if record.department else record.counter
        try:
            at = datetime.fromisoformat(record.checked_in_at)
        except ValueError:  # matched the pattern, yet no date (month 13): the HIS's own day
            at = self._now()
        if at.tzinfo is None:
            at = at.astimezone()
        queue = self._store.numbers.setdefault(f"{at.date().isoformat()}|{department}|{series}",
                                               {})
        held = next((n for n, c in queue.items() if c == record.checkin_id), None)
        over = False
        if held is None:
            over = not series.endswith("-") and bool(self._full(department, at))
            held = number if number not in queue else self._free(queue)
            queue[held] = record.checkin_id
            self._store.numbered_at[record.checkin_id] = at.isoformat()
            if held != number:
                log.info("HIS sim: %s was taken; check-in %s renumbered %s", record.ticket,
                         mask_id(record.checkin_id), _label(series, held))
            if over:
                log.warning("HIS sim: check-in %s numbered %s offline past %s's capacity",
                            mask_id(record.checkin_id), record.ticket, department)
        return _label(series, held), over

    def received(self) -> list[ReceivedCheckin]:
        with self._store.lock:
            return list(self._store.checkins.values())

    @property
    def duplicates(self) -> int:
        return self._store.duplicates

    def receive_checkin(self, key: str, body: Any) -> tuple[int, dict]:
        record = CheckinPayload.from_dict(body)
        store = self._store
        with store.lock:
            if key in store.checkins:
                store.duplicates += 1
                store.save()
                known = store.checkins[key]
                return HTTPStatus.OK, {"status": "duplicate", "checkin_id": record.checkin_id,
                                       **self._number_of(known.ticket, known.over_capacity)}
            ticket, over = self._reconcile(record)
            store.checkins[key] = ReceivedCheckin(key, body, time.time(), False, ticket, over)
            store.save()
        log.info("HIS sim: check-in %s received", mask_id(key))
        return HTTPStatus.CREATED, {"status": "stored", "checkin_id": record.checkin_id,
                                    **self._number_of(ticket, over)}

    @staticmethod
    def _number_of(ticket: str, over_capacity: bool = False) -> dict:
        """The number part of an answer (QueueNumberAnswer's fields): what the HIS holds, and
        `over_capacity` when it was given offline past the room's capacity."""
        if not ticket:
            return {}
        return {"number": parse_ticket(ticket)[1], "ticket": ticket, "ahead": None,
                **({"over_capacity": True} if over_capacity else {})}

    def receive_update(self, checkin_id: str, key: str, body: Any) -> tuple[int, dict]:
        update = EligibilityUpdatePayload.from_dict(body)
        if update.checkin_id != checkin_id:
            raise PayloadSchemaError("The update is for another check-in.",
                                     detail="checkin_id in body and path differ")
        store = self._store
        with store.lock:
            target = next((c for c in store.checkins.values()
                           if c.checkin.get("checkin_id") == checkin_id), None)
            if target is None:
                return HTTPStatus.CONFLICT, {"error": "check-in not received yet"}
            if key in store.updates:
                store.duplicates += 1
                store.save()
                return HTTPStatus.OK, {"status": "duplicate"}
            store.updates.add(key)
            evidence = [*target.checkin.get("evidence", []), *body.get("evidence", [])]
            if update.flag:  # a flag for the desk: the answer it carries is still "pending"
                checkin = {**target.checkin, "evidence": evidence,
                           "flags": [*target.checkin.get("flags", []), update.flag]}
            else:
                checkin = {**target.checkin, "eligibility": body["eligibility"],
                           "evidence": evidence}
                if body.get("coverage") is not None:  # the desk's decision on the answer
                    checkin["coverage"] = body["coverage"]
            store.checkins[target.idempotency_key] = ReceivedCheckin(
                target.idempotency_key, checkin, target.received_at,
                target.updated or not update.flag, target.ticket, target.over_capacity)
            store.save()
        return HTTPStatus.OK, {"status": "updated"}

    def listing(self) -> dict:
        with self._store.lock:
            return {"checkins": [asdict(c) for c in self._store.checkins.values()],
                    "duplicates": self._store.duplicates}
