"""The typed records of a check-in that cross to the UI, the CLI, the queue and the console.

All are frozen dataclasses of plain values. Records that hold a citizen's identity mask it in
their `repr`, so a record that reaches a log line by accident carries no ID number or name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from terminal.checkin.priority import Priority, PriorityReason
from terminal.checkin.coverage import Coverage, SlipAnswers
from terminal.eligibility.records import CopayStanding, EligibilityStatus, GatewayExchange
from terminal.privacy import mask_id, mask_name


class CheckinState(StrEnum):
    """Where one check-in stands. The first four are the way through; the rest are where it ends
    (or waits for the receptionist)."""

    WAITING = "waiting"            # idle screen, nothing known yet
    ACCESS_KEY = "access_key"      # getting the key that opens the chip (QR scan or typed)
    READING_CARD = "reading_card"  # card on the reader, files being read
    CHECKING = "checking"          # eligibility lookup and face check running side by side
    REVIEW = "review"              # decided "review": waits for the receptionist
    DONE = "done"                  # accepted (or overridden) and a ticket issued
    REJECTED = "rejected"          # decided "reject" (or the receptionist rejected it)
    CANCELLED = "cancelled"        # card pulled, patient walked away, staff cancelled
    FAILED = "failed"              # a step failed (wrong key, reader gone, timeout)

    @property
    def is_final(self) -> bool:
        return self in (CheckinState.DONE, CheckinState.REJECTED, CheckinState.CANCELLED,
                        CheckinState.FAILED)


class Step(StrEnum):
    """The timed steps of one check-in (names of `CheckinRecord.step_ms` and of step events)."""

    ACCESS_KEY = "access_key"        # QR scan or typed key
    WAIT_CARD = "wait_card"          # until a card is on the reader
    READ_IDENTITY = "read_identity"  # open the chip, read DG1 + DG13
    READ_PHOTO = "read_photo"        # DG2 + EF.SOD + passive authentication
    ELIGIBILITY = "eligibility"      # HI gateway lookup (starts right after READ_IDENTITY)
    FACE = "face"                    # capture, liveness, match (capture starts with READ_PHOTO)
    DECISION = "decision"            # the rules from config
    TICKET = "ticket"                # number allocated for the day and counter
    QUEUE = "queue"                  # record made durable in the outbox
    TOTAL = "total"                  # card on reader to decision (what the benchmark measures)


class AccessKeySource(StrEnum):
    QR = "qr"        # QR code on the card's front, read by the camera
    TYPED = "typed"  # typed by the receptionist (ID number or document number and dates)
    MRZ = "mrz"      # MRZ lines
    CAN = "can"      # the 6-digit card number typed by the patient on the kiosk's keypad


class Sex(StrEnum):
    """The holder's sex as the chip gives it (DG13 "Nam" / "Nữ", the MRZ's M / F)."""

    MALE = "M"
    FEMALE = "F"
    UNKNOWN = ""  # the chip does not say

    @classmethod
    def from_card_text(cls, text: str) -> Sex:
        """DG13's words (Vietnamese, any case) → Sex; anything else is UNKNOWN."""
        return {"nam": cls.MALE, "nữ": cls.FEMALE}.get(text.strip().lower(), cls.UNKNOWN)


@dataclass(frozen=True)
class PatientIdentity:
    """Who the chip says the patient is (DG13, with DG1 as fallback), in typed values: the text
    forms (gateway body, HIS JSON, screen) are made at those edges only."""

    id_number: str            # the 12-digit CCCD number
    full_name: str            # with diacritics
    birth_date: date | int    # the date, or the year alone when the card gives only the year
    sex: Sex = Sex.UNKNOWN
    document_number: str = ""  # the chip's document number (last 9 digits of the ID number)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.full_name)

    def __repr__(self) -> str:
        return f"PatientIdentity(id={self.masked_id}, name={self.masked_name})"


@dataclass(frozen=True)
class EligibilityOutcome:
    """The eligibility lookup as the check-in sees it."""

    status: EligibilityStatus
    message: str = ""          # plain-language meaning (the receptionist reads it), English
    result_code: str = ""      # the gateway's maKetQua, "" when there was no answer
    message_vi: str = ""       # the same in Vietnamese
    next_step: str = ""        # what the receptionist does next, English
    next_step_vi: str = ""
    route_ok: bool | None = None  # registered at this clinic (None: not known)
    card_number: str = ""      # the HI card number the gateway returned (masked in repr)
    valid_to: date | None = None  # gtTheDen
    facility_code: str = ""    # maDKBD, the registered primary-care facility
    checked_at: datetime | None = None
    five_years_from: date | None = None  # ngayDu5Nam: 5 years' continuous participation
    copay: CopayStanding | None = None   # the co-pay paid this year (co-pay service)
    #: The card the gateway first answered about when it was replaced (003/004) and the new
    #: code was looked up again: this outcome is the new card's ("" when not replaced).
    replaced_card: str = ""
    #: The gateway calls behind this answer, raw (or their failure and time): the visit's
    #: evidence, kept encrypted and sent to the HIS, never shown or logged.
    evidence: tuple[GatewayExchange, ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        return (f"EligibilityOutcome(status={self.status.value}, code={self.result_code!r}, "
                f"card={mask_id(self.card_number)!r})")


class FaceVerdict(StrEnum):
    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"
    UNAVAILABLE = "unavailable"  # no usable face within the time (camera down, nobody in front)


@dataclass(frozen=True)
class FaceArea:
    """Where the face is in the camera frame, as fractions (0..1) of the frame's width and height
    from its top-left corner: the same numbers fit the frame at any size (the kiosk's preview)."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class FaceOutcome:
    """The face check against the chip photo."""

    verdict: FaceVerdict
    distance: float | None = None  # encoding distance to the chip photo (lower is closer)
    liveness: bool | None = None   # the liveness challenge passed; None when not run
    reasons: tuple[str, ...] = ()  # plain words, e.g. "face too far from the chip photo"


class AuthenticityStatus(StrEnum):
    """Passive authentication of the chip's files (hashes against EF.SOD, SOD signature)."""

    VALID = "valid"            # every file read matches EF.SOD
    MISMATCH = "mismatch"      # a file's hash differs from EF.SOD: the data may be altered
    UNVERIFIED = "unverified"  # could not be checked (no SOD, no trust anchor)


class SignerStatus(StrEnum):
    """The verdict on the Document Signer's certificate against the trust store (the same codes
    as drivers/idcard/trust/document_signer.SignerTrust)."""

    TRUSTED = "trusted"
    ISSUER_UNKNOWN = "issuer_unknown"          # its CSCA is not in the store (Vietnam's is not public)
    NO_TRUST_STORE = "no_trust_store"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REVOCATION_UNKNOWN = "revocation_unknown"
    INVALID_CHAIN = "invalid_chain"
    BROKEN_MASTER_LIST = "broken_master_list"


class ChipProofStatus(StrEnum):
    """Chip or Active Authentication: does the chip hold the private key of DG14/DG15?"""

    PASSED = "passed"
    FAILED = "failed"                # a clone: the files copied onto another chip
    NOT_OFFERED = "not_offered"
    NOT_SUPPORTED = "not_supported"


@dataclass(frozen=True)
class Authenticity:
    """What the chip checks found. `status`: passive authentication as a whole (VALID only with
    a trusted signer). `signer` and `chip` (None when not reported) give the distinct results:
    the Document Signer's standing, and the proof that the chip is the issued one (`chip_method`
    "chip_authentication" or "active_authentication"). Details are plain, without personal data."""

    status: AuthenticityStatus
    failed_groups: tuple[str, ...] = ()  # e.g. ("DG13",)
    detail: str = ""
    signer: SignerStatus | None = None
    signer_detail: str = ""
    chip: ChipProofStatus | None = None
    chip_method: str = ""
    chip_detail: str = ""

    @property
    def genuine(self) -> bool:
        """The data is as the issuer signed it, the signer is trusted, and the chip did not fail
        its proof (a card that offers none is not held against)."""
        return self.status is AuthenticityStatus.VALID and self.chip is not ChipProofStatus.FAILED

    @property
    def codes(self) -> str:
        """One line of codes for the audit trail: `pa=valid signer=trusted chip=passed`."""
        chip = f"{self.chip.value}({self.chip_method})" if self.chip and self.chip_method else (
            self.chip.value if self.chip else "-")
        return (f"pa={self.status.value} signer={self.signer.value if self.signer else '-'} "
                f"chip={chip}")


class Verdict(StrEnum):
    ACCEPT = "accept"  # a ticket is issued
    REVIEW = "review"  # sent to the receptionist
    REJECT = "reject"  # not checked in here


class Payer(StrEnum):
    INSURED = "insured"  # the HI card pays
    PAYING = "paying"    # the patient pays (card not eligible, clinic allows it)
    PENDING = "pending"  # eligibility not known yet; the queue looks it up when the gateway is back
    UNKNOWN = "unknown"  # no eligibility could be had (review or reject)


@dataclass(frozen=True)
class Reason:
    """Why a decision went the way it did: a stable `code` (for translations and tests) and plain
    English words."""

    code: str
    message: str


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    payer: Payer
    reasons: tuple[Reason, ...] = ()

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


@dataclass(frozen=True)
class Ticket:
    """A queue number: per day and per service counter, allocated locally (works offline)."""

    counter: str
    day: date
    number: int
    #: The check-in that first got this number today, when the same person checked in again
    #: (the number is shown again, not a new one); "" for a number issued to this check-in.
    repeat_of: str = ""
    #: The priority sequence the number comes from (e.g. "UT"), "" for the counter's own.
    sequence: str = ""
    #: How many patients wait before this number, when the HIS gave it and said so.
    ahead: int | None = None

    @property
    def label(self) -> str:
        """What the patient sees: `A012`, or `UT-003` from the priority sequence."""
        if self.sequence:
            return f"{self.sequence}-{self.number:03d}"
        return f"{self.counter}{self.number:03d}"


@dataclass(frozen=True)
class Failure:
    """Why a check-in failed or was cancelled: the step, a stable code, plain words, a detail."""

    step: Step
    code: str      # e.g. "card_removed", "access_denied", "timeout", "reader"
    message: str   # for the patient or receptionist
    detail: str = ""


@dataclass(frozen=True)
class Override:
    """A receptionist's decision on a check-in sent to review (kept for audit)."""

    staff: str
    reason: str
    verdict: Verdict          # what the receptionist decided (accept or reject)
    previous: Verdict         # what the rules had decided
    at: datetime


@dataclass(frozen=True)
class StepTiming:
    step: Step
    ms: float


@dataclass(frozen=True)
class CheckinRecord:
    """One check-in, as it stands: what the UI renders at the end, what goes to the queue."""

    checkin_id: str
    counter: str
    started_at: datetime
    state: CheckinState
    access_key_source: AccessKeySource | None = None
    identity: PatientIdentity | None = None
    authenticity: Authenticity | None = None
    eligibility: EligibilityOutcome | None = None
    face: FaceOutcome | None = None
    decision: Decision | None = None
    ticket: Ticket | None = None
    failure: Failure | None = None
    override: Override | None = None
    finished_at: datetime | None = None
    timings: tuple[StepTiming, ...] = ()
    declared_priority: PriorityReason | None = None  # what the patient declared at the kiosk
    priority: Priority | None = None  # what the check-in gets (priority.priority_of)
    department: str = ""  # the code of the department chosen (departments.py), "" = the counter's
    slip: str = ""         # where its slip was printed (a PNG path for the simulated printer)
    print_fault: str = ""  # why the slip was not printed (terminal.slip.errors.PrinterFault value)
    #: The patient's answers to the referral and appointment questions (None: not asked).
    slips: SlipAnswers | None = None
    #: The desk's insurance decision (coverage.py): what the fund pays, what the desk does.
    coverage: Coverage | None = None

    @property
    def step_ms(self) -> dict[str, float]:
        """Milliseconds per step, by step name."""
        return {t.step.value: t.ms for t in self.timings}


@dataclass(frozen=True)
class CheckinSummary:
    """One row of today's check-ins for the receptionist console (identity masked)."""

    checkin_id: str
    started_at: datetime
    state: CheckinState
    masked_name: str = ""
    masked_id: str = ""
    verdict: Verdict | None = None
    payer: Payer | None = None
    eligibility: EligibilityStatus | None = None
    ticket: str = ""                     # the ticket label, "" when none
    reasons: tuple[str, ...] = ()        # reason codes
    failure: str = ""                    # failure code, "" when none
    overridden: bool = False
    #: The number shown is the one the patient already held today (staff may issue a second).
    repeated: bool = False
    #: The number on the patient's printed slip when the HIS replaced it on delivery (`ticket`
    #: is the HIS's); "" when it kept it.
    renumbered_from: str = ""


@dataclass(frozen=True)
class AuditEntry:
    """Something a member of staff did that must be traceable (an override, a retry)."""

    checkin_id: str
    action: str        # "override", "retry_eligibility", "typed_key"
    staff: str
    reason: str
    at: datetime
    outcome: str = ""  # e.g. the new verdict


class Device(StrEnum):
    READER = "reader"
    CAMERA = "camera"
    GATEWAY = "gateway"
    HIS = "his"
    QUEUE = "queue"
    PRINTER = "printer"


class Health(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"  # works, with a problem (queue backing up, slow gateway)
    DOWN = "down"
    UNKNOWN = "unknown"    # not used yet since start


@dataclass(frozen=True)
class DeviceStatus:
    """One device or service for the console's status panel, with its last error."""

    device: Device
    health: Health
    summary: str                       # plain words: "3 check-ins waiting to be sent"
    last_error: str = ""
    last_error_at: datetime | None = None
    checked_at: datetime | None = None
    counts: tuple[tuple[str, int], ...] = field(default=())  # e.g. (("pending", 3),)
    #: The class of the last error, a code from a closed set ("ReaderError", "timeout",
    #: "unreachable"), never a message: what the fleet's metrics show.
    last_error_code: str = ""
