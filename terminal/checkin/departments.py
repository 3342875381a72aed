"""Where a patient is seen: the clinic's departments (clinic rooms) from a TOML file the config
names (`clinic.departments_file`), in the order the file lists them, with their opening hours,
daily or per-session (morning / afternoon) capacity, who they take (insured / self-pay / both)
and age limits (paediatrics).

No file: one department from the terminal's counter, always open, and the choice is skipped (a
single-room clinic). A file with `default = "<code>"` also skips the choice.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any

from terminal.checkin.errors import NotAllowedError
from terminal.config import Config, ConfigError
from terminal.simulators.his.hospital import Capacities, RoomCapacity


class Payers(StrEnum):
    """Whom a department sees."""

    INSURED = "insured"    # patients whose HI card pays
    SELF_PAY = "self_pay"  # patients who pay themselves
    BOTH = "both"


class DepartmentState(StrEnum):
    OPEN = "open"
    FULL = "full"        # the day's (or this session's) capacity is reached
    CLOSED = "closed"    # outside its opening hours


class Session(StrEnum):
    """Half of a clinic day; capacities can be set per session."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


#: When the afternoon session starts unless the file says (`afternoon_from`).
AFTERNOON_FROM = time(12, 0)


@dataclass(frozen=True)
class Department:
    code: str                  # e.g. "NOI"; what the HIS gets
    name_vi: str
    name_en: str
    counter: str               # the ticket letter of its numbers (one per department)
    room: str = ""
    floor: str = ""
    hours: tuple[tuple[time, time], ...] = ()  # opening spans; () = always open
    capacity: int = 0          # numbers a day; 0 = no limit
    payers: Payers = Payers.BOTH
    min_age: int | None = None  # years, inclusive
    max_age: int | None = None  # years, inclusive (a paediatrics room: 15)
    capacity_morning: int = 0    # numbers in the morning session; 0 = no session limit
    capacity_afternoon: int = 0  # numbers in the afternoon session; 0 = no session limit

    def session_capacity(self, session: Session) -> int:
        return (self.capacity_morning if session is Session.MORNING
                else self.capacity_afternoon)

    def is_open_at(self, moment: time) -> bool:
        return not self.hours or any(start <= moment < end for start, end in self.hours)

    def takes_age(self, age: int) -> bool:
        return ((self.min_age is None or age >= self.min_age)
                and (self.max_age is None or age <= self.max_age))


@dataclass(frozen=True)
class DepartmentList:
    departments: tuple[Department, ...]
    default: str = ""  # a code: the choice is skipped and this one taken
    afternoon_from: time = AFTERNOON_FROM

    def session_at(self, moment: datetime) -> tuple[Session, datetime]:
        """The session `moment` falls in, and when it started."""
        afternoon = datetime.combine(moment.date(), self.afternoon_from, moment.tzinfo)
        if moment >= afternoon:
            return Session.AFTERNOON, afternoon
        return Session.MORNING, datetime.combine(moment.date(), time(0), moment.tzinfo)

    @property
    def skips_choice(self) -> bool:
        return bool(self.default) or len(self.departments) == 1

    def get(self, code: str) -> Department | None:
        return next((d for d in self.departments if d.code == code), None)


@dataclass(frozen=True)
class DepartmentStatus:
    department: Department
    state: DepartmentState
    issued: int               # numbers issued today
    next_open: str = ""       # the code of the next open department in the list, when not open
    #: FULL for this session only (its session capacity), not for the day.
    session_full: bool = False


def department_of(departments: DepartmentList | None, counter: str,
                  code: str = "") -> Department:
    """The department of `code` ("": the default, or the first); with no departments, one from
    the terminal's `counter`. NotAllowedError when the clinic has no such department."""
    if departments is None:
        return Department(counter, "", "", counter)
    found = departments.get(code or departments.default or departments.departments[0].code)
    if found is None:
        raise NotAllowedError("There is no such department here.", detail=code)
    return found


def single_department(config: Config) -> DepartmentList:
    """The department of a clinic with no departments file: the terminal's counter."""
    counter = config.terminal.counter
    return DepartmentList((Department(counter, config.clinic.name, config.clinic.name,
                                      counter),), counter)


def his_capacities(departments: DepartmentList) -> Capacities:
    """The rooms' capacities as the HIS simulator holds them across all kiosks."""
    return Capacities(tuple(RoomCapacity(d.code, d.counter, d.capacity, d.capacity_morning,
                                         d.capacity_afternoon)
                            for d in departments.departments), departments.afternoon_from)


def load_departments(config: Config) -> DepartmentList:
    """The departments the config names; ConfigError (naming the file, the entry and the key)
    for anything not allowed."""
    name = config.clinic.departments_file
    if not name:
        return single_department(config)
    path = Path(name).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"The departments file {path} cannot be read: {exc.strerror}.",
                          detail=repr(exc), key="clinic.departments_file") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ConfigError(f"The departments file {path} is not valid UTF-8 TOML.",
                          detail=str(exc)[:200], key="clinic.departments_file") from None
    return departments_from_dict(data, str(path))


def departments_from_dict(data: dict, source: str = "departments") -> DepartmentList:
    unknown = set(data) - {"default", "afternoon_from", "department"}
    if unknown:
        raise _error(source, f"unknown key {sorted(unknown)[0]!r}: allowed are default, "
                             "afternoon_from, [[department]]")
    afternoon = data.get("afternoon_from", "12:00")
    match = re.fullmatch(r"([01][0-9]|2[0-3]):([0-5][0-9])", afternoon) \
        if isinstance(afternoon, str) else None
    if match is None:
        raise _error(source, f"afternoon_from = {afternoon!r} is not a time \"HH:MM\"")
    entries = data.get("department")
    if not isinstance(entries, list) or not entries:
        raise _error(source, "no [[department]] entries")
    departments = tuple(_department(entry, i, source) for i, entry in enumerate(entries, 1))
    for attr in ("code", "counter"):
        seen = [getattr(d, attr) for d in departments]
        dupes = {v for v in seen if seen.count(v) > 1}
        if dupes:
            raise _error(source, f"two departments have {attr} {sorted(dupes)[0]!r}: each needs "
                                 "its own")
    default = data.get("default", "")
    if not isinstance(default, str) or (default and default not in {d.code for d in departments}):
        raise _error(source, f"default = {default!r} is not the code of a department")
    return DepartmentList(departments, default, time(int(match[1]), int(match[2])))


_FIELDS: dict[str, tuple[type, str | None]] = {
    "code": (str, r"[A-Z0-9]{1,8}"), "name_vi": (str, r"\S.{0,79}"), "name_en": (str, r"\S.{0,79}"),
    "counter": (str, r"[A-Z]"), "room": (str, r".{0,20}"), "floor": (str, r".{0,20}"),
    "hours": (list, None), "capacity": (int, None), "payers": (str, r"insured|self_pay|both"),
    "min_age": (int, None), "max_age": (int, None), "capacity_morning": (int, None),
    "capacity_afternoon": (int, None)}
_REQUIRED = ("code", "name_vi", "name_en", "counter")
_SPAN = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])")


def _department(entry: Any, index: int, source: str) -> Department:
    where = f"department {index}"
    if not isinstance(entry, dict):
        raise _error(source, f"{where} is not a table")
    for key, value in entry.items():
        if key not in _FIELDS:
            raise _error(source, f"{where}: unknown key {key!r}: allowed are "
                                 f"{', '.join(_FIELDS)}")
        kind, pattern = _FIELDS[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _error(source, f"{where}: {key} must be {kind.__name__}")
        if pattern and not re.fullmatch(pattern, value):
            raise _error(source, f"{where}: {key} = {value!r} is not allowed ({pattern})")
        if kind is int and not 0 <= value <= 100_000:
            raise _error(source, f"{where}: {key} = {value} is out of range (0-100000)")
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise _error(source, f"{where}: {missing[0]} is required")
    hours = tuple(_span(span, where, source) for span in entry.get("hours", []))
    return Department(entry["code"], entry["name_vi"], entry["name_en"], entry["counter"],
                      entry.get("room", ""), entry.get("floor", ""), hours,
                      entry.get("capacity", 0), Payers(entry.get("payers", "both")),
                      entry.get("min_age"), entry.get("max_age"),
                      entry.get("capacity_morning", 0), entry.get("capacity_afternoon", 0))


def _span(text: Any, where: str, source: str) -> tuple[time, time]:
    match = _SPAN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise _error(source, f"{where}: hours entries are \"HH:MM-HH:MM\", not {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start = time(h1, m1)
    end = time.max if (h2, m2) >= (24, 0) else time(h2, m2)
    if end <= start:
        raise _error(source, f"{where}: the span {text!r} ends before it starts")
    return start, end


def _error(source: str, what: str) -> ConfigError:
    return ConfigError(f"The departments file {source}: {what}.", key="clinic.departments_file")


def statuses(departments: DepartmentList, now: datetime,
             issued: Callable[[Department], int],
             issued_since: Callable[[Department, datetime], int] | None = None
             ) -> list[DepartmentStatus]:
    """Each department as the choice screen shows it, in the file's order; a full or closed one
    names the next open one after it (wrapping round), "" when none is open. `issued` counts a
    department's numbers today, `issued_since` those since a session began (needed when a
    department has session capacities)."""
    session, began = departments.session_at(now)
    rows = []
    for dept in departments.departments:
        count = issued(dept)
        limit = dept.session_capacity(session)
        day_full = bool(dept.capacity and count >= dept.capacity)
        session_full = bool(not day_full and limit and issued_since is not None
                            and issued_since(dept, began) >= limit)
        state = (DepartmentState.CLOSED if not dept.is_open_at(now.time())
                 else DepartmentState.FULL if day_full or session_full
                 else DepartmentState.OPEN)
        rows.append(DepartmentStatus(dept, state, count,
                                     session_full=state is DepartmentState.FULL and session_full))
    for i, row in enumerate(rows):
        if row.state is not DepartmentState.OPEN:
            after = rows[i + 1:] + rows[:i]
            nxt = next((r.department.code for r in after if r.state is DepartmentState.OPEN), "")
            rows[i] = replace(row, next_open=nxt)
    return rows


class PayerFit(StrEnum):
    """What a department's `payers` make of the patient's payer (departments.payer_fit)."""

    FITS = "fits"
    SELF_PAY = "self_pay"   # a self-pay room: the visit is paid by the patient, whatever the card
    REVIEW = "review"       # an insured-only room and a patient who pays: a receptionist decides


def payer_fit(department: Department, paying: bool) -> PayerFit:
    """Whether the department sees a patient who pays (`paying`: the card cannot be used) or
    whose card pays (or may: still pending)."""
    if department.payers is Payers.SELF_PAY:
        return PayerFit.SELF_PAY
    if department.payers is Payers.INSURED and paying:
        return PayerFit.REVIEW
    return PayerFit.FITS
