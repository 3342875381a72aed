"""The records the terminal sends to the clinic HIS, as documented in docs/outbox.md.

Each record is a frozen dataclass with `to_dict()` (the JSON body sent) and `from_dict()` (strict:
anything else is a PayloadSchemaError naming the field), so the sender and the HIS simulator
agree on one definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from terminal.delivery.errors import PayloadSchemaError
from terminal.eligibility.codes import CardState
from terminal.eligibility.records import EligibilityStatus, GatewayExchange

CHECKIN_SCHEMA = "checkin/1"
QUEUE_NUMBER_SCHEMA = "queue-number/1"
ELIGIBILITY_UPDATE_SCHEMA = "checkin-eligibility/1"
T = TypeVar("T")

#: Outbox item kinds.
KIND_CHECKIN = "checkin"
KIND_ELIGIBILITY_LOOKUP = "eligibility_lookup"
KIND_ELIGIBILITY_UPDATE = "checkin_eligibility"

#: The eligibility classes (terminal.eligibility.EligibilityStatus), sent as they are; a check-in
#: that was not looked up is sent "pending" (it is looked up from the queue).
ELIGIBILITY_STATUSES = tuple(status.value for status in EligibilityStatus
                             if status is not EligibilityStatus.NOT_CHECKED)
_ISO_DATE = r"[0-9]{4}(-[0-9]{2}-[0-9]{2})?"
_ISO_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+([+-][0-9]{2}:[0-9]{2}|Z)"


def iso_birth_date(value: date | int) -> str:
    """A birth date's wire form: ISO `yyyy-mm-dd`, or `yyyy` when only the year is known."""
    return f"{value:04d}" if isinstance(value, int) else value.isoformat()


def _field(data: Any, key: str, kind: type, pattern: str | None = None,
           choices: tuple[str, ...] = ()) -> Any:
    """One field of an incoming record, checked; the error names the field, never its value."""
    if not isinstance(data, dict):
        raise PayloadSchemaError("The record is not in the expected format.",
                                 detail=f"expected an object around {key!r}")
    if key not in data:
        raise PayloadSchemaError("The record is missing a field.", detail=f"missing {key!r}")
    value = data[key]
    if not isinstance(value, kind) or (kind is str and isinstance(value, bool)):
        raise PayloadSchemaError("The record has a field of the wrong type.",
                                 detail=f"{key!r} must be {kind.__name__}")
    if pattern is not None and not re.fullmatch(pattern, value):
        raise PayloadSchemaError("The record has a malformed field.",
                                 detail=f"{key!r} does not match {pattern}")
    if choices and value not in choices:
        raise PayloadSchemaError("The record has a field with a value not allowed.",
                                 detail=f"{key!r} must be one of {', '.join(choices)}")
    return value


#: A ticket label as the kiosk shows it: counter letter + number (`A012`, `A1012` from a kiosk's
#: block), or a priority sequence + number (`UT-003`).
TICKET_LABEL = r"[A-Z][0-9]{3,4}|[A-Z]{1,3}-[0-9]{3,4}"
#: A kiosk id or site as config allows them (terminal/config.py KioskSection).
_KIOSK_NAME = r"([A-Za-z0-9][A-Za-z0-9._-]{0,62})?"


def _optional(data: Any, key: str, pattern: str) -> str:
    """A text field added to a schema after its first version: "" when absent, else checked."""
    if isinstance(data, dict) and key not in data:
        return ""
    return _field(data, key, str, pattern)


def _nested(data: Any, key: str, parse: Callable[[Any], T]) -> T:
    """A record inside a record; an error in it names the path to the field."""
    try:
        return parse(_field(data, key, dict))
    except PayloadSchemaError as exc:
        if exc.detail.startswith(f"{key!r} "):
            raise
        raise PayloadSchemaError(exc.message, detail=f"in {key!r}: {exc.detail}") from None


@dataclass(frozen=True)
class PatientPayload:
    # repr=False: who the patient is never shows in a log line or traceback.
    id_number: str = field(repr=False)       # 12-digit CCCD number read from the chip
    full_name: str = field(repr=False)       # as on the chip (DG13), Unicode NFC
    birth_date: str = field(repr=False)      # ISO yyyy-mm-dd, or yyyy when only the year is known
    sex: str                # "M", "F", or "" when the chip does not say
    hi_card_number: str = field(repr=False)  # 15-character HI card number, or "" (CCCD used)

    @classmethod
    def from_dict(cls, data: Any) -> PatientPayload:
        return cls(id_number=_field(data, "id_number", str, r"[0-9]{12}"),
                   full_name=_field(data, "full_name", str, r"\S.*"),
                   birth_date=_field(data, "birth_date", str, _ISO_DATE),
                   sex=_field(data, "sex", str, choices=("M", "F", "")),
                   hi_card_number=_field(data, "hi_card_number", str, r"([A-Z]{2}[0-9]{13})?"))


@dataclass(frozen=True)
class EligibilityPayload:
    status: str             # an EligibilityStatus value; "pending": not asked yet
    code: str               # the gateway's maKetQua ("000", "010", ...), "" while pending
    message: str            # what it means, in plain Vietnamese for the clinic's staff
    checked_at: str         # ISO 8601 time of the gateway's answer, "" while pending

    @classmethod
    def of(cls, status: EligibilityStatus, code: str, message: str,
           checked_at: datetime | None) -> EligibilityPayload:
        """The one way an answer goes to the HIS, at check-in or later: a lookup that did not run
        or got no answer is "pending" with no code and no time, and looked up from the queue."""
        pending = status in (EligibilityStatus.PENDING, EligibilityStatus.NOT_CHECKED)
        checked = ("" if pending or checked_at is None
                   else checked_at.astimezone().isoformat("T", "seconds"))
        return cls("pending" if pending else status.value, "" if pending else code, message,
                   checked)

    @classmethod
    def from_dict(cls, data: Any) -> EligibilityPayload:
        return cls(status=_field(data, "status", str, choices=ELIGIBILITY_STATUSES),
                   code=_field(data, "code", str, r"[0-9A-Za-z_-]{0,16}"),
                   message=_field(data, "message", str),
                   checked_at=_field(data, "checked_at", str, f"({_ISO_TIME})?"))


PRIORITY_REASONS = ("emergency", "child_under_6", "pregnant", "severe_disability", "aged_75_plus",
                    "revolutionary_merit")


@dataclass(frozen=True)
class PriorityPayload:
    """Why the patient is seen first (Law 15/2023 Art 3(2)), so the HIS can show and report it."""

    reason: str   # one of PRIORITY_REASONS (terminal.checkin.priority.PriorityReason)
    basis: str    # "age" (from the chip's birth date) | "declared" (by the patient)
    status: str   # "granted" | "unconfirmed" | "refused" (a declared one, by staff)
    confirmed_by: str = ""  # the receptionist who decided a declared priority

    @classmethod
    def from_dict(cls, data: Any) -> PriorityPayload:
        return cls(reason=_field(data, "reason", str, choices=PRIORITY_REASONS),
                   basis=_field(data, "basis", str, choices=("age", "declared")),
                   status=_field(data, "status", str,
                                 choices=("granted", "unconfirmed", "refused")),
                   confirmed_by=_field(data, "confirmed_by", str))


@dataclass(frozen=True)
class DepartmentPayload:
    """Where the patient chose to be seen (the clinic's departments file)."""

    code: str
    room: str = ""
    floor: str = ""

    @classmethod
    def from_dict(cls, data: Any) -> DepartmentPayload:
        return cls(code=_field(data, "code", str, r"[A-Z0-9]{1,8}"),
                   room=_field(data, "room", str, r".{0,20}"),
                   floor=_field(data, "floor", str, r".{0,20}"))


def _optional_int(data: Any, key: str) -> int | None:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        return None
    if isinstance(value, bool):
        raise PayloadSchemaError("The record has a field of the wrong type.",
                                 detail=f"{key!r} must be int")
    return _field(data, key, int)


@dataclass(frozen=True)
class EvidencePayload:
    """One gateway call behind the visit's insurance answer, as it happened: the raw reply, or
    the failure and its time (Decree 188/2025 Art 38: the file keeps evidence of the lookup)."""

    call: str                  # "lookup", "history", "copay", ...
    at: str                    # ISO 8601 time of the call
    http_status: int | None    # None when no HTTP answer came
    body: str = field(repr=False)  # the reply as received ("" when none): personal data
    failure: str               # why no usable answer came, "" when one did

    @classmethod
    def of(cls, exchange: GatewayExchange) -> EvidencePayload:
        return cls(exchange.call, exchange.at.astimezone().isoformat("T", "seconds"),
                   exchange.http_status, exchange.body, exchange.failure)

    @classmethod
    def from_dict(cls, data: Any) -> EvidencePayload:
        return cls(call=_field(data, "call", str, r"[a-z0-9_]{1,32}"),
                   at=_field(data, "at", str, _ISO_TIME),
                   http_status=_optional_int(data, "http_status"),
                   body=_field(data, "body", str), failure=_field(data, "failure", str))


def _evidence(data: Any) -> tuple[EvidencePayload, ...]:
    """The evidence list of a record (absent in items queued before it existed)."""
    if not isinstance(data, dict) or data.get("evidence") is None:
        return ()
    items = _field(data, "evidence", list)
    out = []
    for n, item in enumerate(items):
        try:
            out.append(EvidencePayload.from_dict(item))
        except PayloadSchemaError as exc:
            raise PayloadSchemaError(exc.message, detail=f"in 'evidence'[{n}]: {exc.detail}") \
                from None
    return tuple(out)


CARD_STATES = tuple(state.value for state in CardState)
DESK_ACTIONS = ("insured", "self_pay", "counter", "not_verified")
ROUTES = ("registered_here", "initial_care", "referral", "appointment", "self_referred",
          "unknown")
CARE_LEVELS = ("initial", "basic", "specialised")


@dataclass(frozen=True)
class CoveragePayload:
    """The desk's insurance decision (terminal/checkin/coverage.py) and the patient's answers
    about their slips, for the HIS to bill and report the visit by."""

    card_state: str            # CARD_STATES
    action: str                # DESK_ACTIONS
    route: str                 # ROUTES (Law 51/2024's question at the desk)
    care_level: str            # this clinic's level
    referral_slip: bool | None      # the patient's answer; None: not asked
    appointment_slip: bool | None
    child_under_6: bool
    benefit_pct: int | None    # the card's benefit level as a share of covered costs
    fund_pct: int | None       # what the fund pays of covered costs; None: not known yet
    copay_exempt: bool
    new_card_number: str = field(default="", repr=False)  # the code used when replaced

    @classmethod
    def from_dict(cls, data: Any) -> CoveragePayload:
        def answer(key: str) -> bool | None:
            return None if data.get(key) is None else _field(data, key, bool)
        _field(data, "card_state", str, choices=CARD_STATES)
        return cls(card_state=data["card_state"],
                   action=_field(data, "action", str, choices=DESK_ACTIONS),
                   route=_field(data, "route", str, choices=ROUTES),
                   care_level=_field(data, "care_level", str, choices=CARE_LEVELS),
                   referral_slip=answer("referral_slip"),
                   appointment_slip=answer("appointment_slip"),
                   child_under_6=_field(data, "child_under_6", bool),
                   benefit_pct=_optional_int(data, "benefit_pct"),
                   fund_pct=_optional_int(data, "fund_pct"),
                   copay_exempt=_field(data, "copay_exempt", bool),
                   new_card_number=_optional(data, "new_card_number", r"([A-Z]{2}[0-9]{13})?"))


@dataclass(frozen=True)
class CheckinPayload:
    checkin_id: str                 # 32 hex digits, made once per check-in; the Idempotency-Key
    facility_code: str              # the clinic's 5-digit facility code
    counter: str                    # service counter letter
    ticket: str                     # ticket number shown to the patient, "A012" or "UT-003"
    checked_in_at: str              # ISO 8601 with UTC offset
    patient: PatientPayload
    chip_authenticated: bool        # passive authentication of the chip data succeeded
    face_decision: str              # accept | review (rejected faces are not checked in)
    eligibility: EligibilityPayload  # status "pending" when the gateway could not be asked yet
    # Which kiosk of the fleet took it ([kiosk] id and site). Added within checkin/1: items
    # queued by an earlier version have neither, and are read as "".
    kiosk_id: str = ""
    site: str = ""
    priority: PriorityPayload | None = None  # None: no priority claimed (absent in older items)
    department: DepartmentPayload | None = None  # None: no departments configured (or older)
    coverage: CoveragePayload | None = None  # the desk's decision (absent in older items)
    evidence: tuple[EvidencePayload, ...] = ()  # the lookup's raw replies or failures

    def to_dict(self) -> dict:
        body = asdict(self)
        return {"schema": CHECKIN_SCHEMA, **body, "evidence": list(body["evidence"])}

    @classmethod
    def from_dict(cls, data: Any) -> CheckinPayload:
        _field(data, "schema", str, choices=(CHECKIN_SCHEMA,))
        return cls(checkin_id=_field(data, "checkin_id", str, r"[0-9a-f]{32}"),
                   facility_code=_field(data, "facility_code", str, r"[0-9]{5}"),
                   counter=_field(data, "counter", str, r"[A-Z]"),
                   ticket=_field(data, "ticket", str, TICKET_LABEL),
                   checked_in_at=_field(data, "checked_in_at", str, _ISO_TIME),
                   patient=_nested(data, "patient", PatientPayload.from_dict),
                   chip_authenticated=_field(data, "chip_authenticated", bool),
                   face_decision=_field(data, "face_decision", str, choices=("accept", "review")),
                   eligibility=_nested(data, "eligibility", EligibilityPayload.from_dict),
                   kiosk_id=_optional(data, "kiosk_id", _KIOSK_NAME),
                   site=_optional(data, "site", _KIOSK_NAME),
                   priority=(None if data.get("priority") is None
                             else _nested(data, "priority", PriorityPayload.from_dict)),
                   department=(None if data.get("department") is None
                               else _nested(data, "department", DepartmentPayload.from_dict)),
                   coverage=(None if data.get("coverage") is None
                             else _nested(data, "coverage", CoveragePayload.from_dict)),
                   evidence=_evidence(data))


#: Flags an update may raise for the desk (EligibilityUpdatePayload.flag).
FLAG_UNVERIFIED_AT_DAY_END = "unverified_at_day_end"


@dataclass(frozen=True)
class EligibilityUpdatePayload:
    """Sent when a lookup deferred at check-in time got its answer later."""

    checkin_id: str
    eligibility: EligibilityPayload
    evidence: tuple[EvidencePayload, ...] = ()  # the calls that gave this answer (or failed)
    #: "" for an answer; FLAG_UNVERIFIED_AT_DAY_END when the day ended with the card still not
    #: verified (the eligibility is then still "pending", the evidence the last failure).
    flag: str = ""
    #: The desk's decision on the answer, as the check-in's (None: a flag, or an older item).
    coverage: CoveragePayload | None = None

    @property
    def idempotency_key(self) -> str:
        return f"{self.checkin_id}:{self.flag or 'eligibility'}"

    def to_dict(self) -> dict:
        body = asdict(self)
        return {"schema": ELIGIBILITY_UPDATE_SCHEMA, **body, "evidence": list(body["evidence"])}

    @classmethod
    def from_dict(cls, data: Any) -> EligibilityUpdatePayload:
        _field(data, "schema", str, choices=(ELIGIBILITY_UPDATE_SCHEMA,))
        return cls(checkin_id=_field(data, "checkin_id", str, r"[0-9a-f]{32}"),
                   eligibility=_nested(data, "eligibility", EligibilityPayload.from_dict),
                   evidence=_evidence(data),
                   flag=_optional(data, "flag", f"({FLAG_UNVERIFIED_AT_DAY_END})?"),
                   coverage=(None if data.get("coverage") is None
                             else _nested(data, "coverage", CoveragePayload.from_dict)))


@dataclass(frozen=True)
class EligibilityLookupPayload:
    """What a deferred lookup needs: who, which check-in the answer belongs to, and what the
    desk decides the answer with (the check-in's day, the patient's slip answers)."""

    checkin_id: str
    id_number: str = field(repr=False)  # never in a log line or traceback
    full_name: str = field(repr=False)
    birth_date: str = field(repr=False)
    checked_in_on: str = ""  # ISO date of the check-in ("" in older items: the day answered)
    referral_slip: bool | None = None  # the patient's answers; None: not asked (or unanswered)
    appointment_slip: bool | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> EligibilityLookupPayload:
        def answer(key: str) -> bool | None:
            return None if data.get(key) is None else _field(data, key, bool)
        return cls(checkin_id=_field(data, "checkin_id", str, r"[0-9a-f]{32}"),
                   id_number=_field(data, "id_number", str, r"[0-9]{12}"),
                   full_name=_field(data, "full_name", str, r"\S.*"),
                   birth_date=_field(data, "birth_date", str, _ISO_DATE),
                   checked_in_on=_optional(data, "checked_in_on", r"([0-9]{4}-[0-9]{2}-[0-9]{2})?"),
                   referral_slip=answer("referral_slip"),
                   appointment_slip=answer("appointment_slip"))



@dataclass(frozen=True)
class QueueNumberRequest:
    """The kiosk asks the HIS for the patient's number in the room's queue (POST /queue-numbers);
    the HIS numbers per room (`department`) and day, priority patients from `sequence`."""

    checkin_id: str
    department: str         # the department's code, or the counter letter without departments
    counter: str            # the ticket letter of the department
    sequence: str = ""      # the priority sequence ("UT") when a priority is granted, else ""
    priority: str = ""      # the priority's reason (PRIORITY_REASONS), "" when none

    def to_dict(self) -> dict:
        return {"schema": QUEUE_NUMBER_SCHEMA, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Any) -> QueueNumberRequest:
        _field(data, "schema", str, choices=(QUEUE_NUMBER_SCHEMA,))
        priority = _field(data, "priority", str)
        if priority and priority not in PRIORITY_REASONS:
            raise PayloadSchemaError("The record has a field with a value not allowed.",
                                     detail=f"'priority' must be one of {', '.join(PRIORITY_REASONS)}")
        return cls(checkin_id=_field(data, "checkin_id", str, r"[0-9a-f]{32}"),
                   department=_field(data, "department", str, r"[A-Z0-9]{1,8}"),
                   counter=_field(data, "counter", str, r"[A-Z]"),
                   sequence=_field(data, "sequence", str, r"([A-Z]{1,3})?"),
                   priority=priority)


@dataclass(frozen=True)
class QueueNumberAnswer:
    """The HIS's number for a check-in (on /queue-numbers, and on POST /checkins when it kept or
    replaced the number a kiosk gave offline), and how many wait before it when it says so."""

    number: int
    ticket: str             # the label the HIS shows on its call screens ("A012", "UT-003")
    ahead: int | None = None
    #: On POST /checkins: the HIS flags a number given offline past the room's capacity that
    #: day or session (several kiosks offline each counted only their own).
    over_capacity: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> QueueNumberAnswer:
        number = _field(data, "number", int)
        if isinstance(number, bool) or not 1 <= number <= 9999:
            raise PayloadSchemaError("The record has a field out of range.",
                                     detail="'number' must be 1-9999")
        ahead = data.get("ahead")
        if ahead is not None and (isinstance(ahead, bool) or not isinstance(ahead, int)
                                  or not 0 <= ahead <= 100_000):
            raise PayloadSchemaError("The record has a field out of range.",
                                     detail="'ahead' must be a whole number 0-100000 or null")
        over = data.get("over_capacity", False)
        if not isinstance(over, bool):
            raise PayloadSchemaError("The record has a field of the wrong type.",
                                     detail="'over_capacity' must be true or false")
        return cls(number, _field(data, "ticket", str, TICKET_LABEL), ahead, over)


#: Sessions a room can be full for (409 "full" on /queue-numbers): the day's capacity, or the
#: session's (departments.Session values).
FULL_FOR = ("day", "morning", "afternoon")


@dataclass(frozen=True)
class RoomFullAnswer:
    """The HIS refuses a number (409): the room's capacity for the day or session is reached."""

    department: str
    session: str            # FULL_FOR

    @classmethod
    def from_dict(cls, data: Any) -> RoomFullAnswer:
        _field(data, "error", str, choices=("full",))
        return cls(_field(data, "department", str, r"[A-Z0-9]{1,8}"),
                   _field(data, "session", str, choices=FULL_FOR))


@dataclass(frozen=True)
class RoomCount:
    """A room's numbers at the HIS today and this session (priority numbers not counted)."""

    issued: int
    issued_session: int


def room_counts_from(data: Any) -> dict[str, RoomCount]:
    """GET /rooms's answer: each room's counts by department code."""
    rooms = _field(data, "rooms", dict)
    if len(rooms) > 1000:
        raise PayloadSchemaError("The record has a field out of range.",
                                 detail="'rooms' lists more than 1000 rooms")
    counts = {}
    for code, room in rooms.items():
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z0-9]{1,8}", code):
            raise PayloadSchemaError("The record has a malformed field.",
                                     detail="a key of 'rooms' is not a department code")
        issued, in_session = (_field(room, key, int) for key in ("issued", "issued_session"))
        if any(isinstance(n, bool) or not 0 <= n <= 100_000 for n in (issued, in_session)):
            raise PayloadSchemaError("The record has a field out of range.",
                                     detail="room counts must be whole numbers 0-100000")
        counts[code] = RoomCount(issued, in_session)
    return counts


def parse_ticket(label: str) -> tuple[str, int]:
    """(prefix, number) of a ticket label: the counter letter or the priority sequence with its
    dash (`UT-`), and the number; PayloadSchemaError for anything else."""
    if not re.fullmatch(TICKET_LABEL, label):
        raise PayloadSchemaError("The record has a malformed field.",
                                 detail=f"'ticket' does not match {TICKET_LABEL}")
    if "-" in label:
        series, number = label.split("-")
        return f"{series}-", int(number)
    return label[0], int(label[1:])
