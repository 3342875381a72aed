"""Patient screens as typed records: the kiosk shows exactly one of them at a time.

Texts are not here: each record carries codes (enums) that ui/ turns into translated words, and
only data the patient must see (their own name, their ticket). A patient's name is never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from terminal.checkin.departments import DepartmentState
from terminal.checkin.priority import DECLARABLE, PriorityReason
from terminal.checkin.records import FaceArea


class Language(Enum):
    VIETNAMESE = "vi"
    ENGLISH = "en"


class Awaiting(Enum):
    """What the idle screen asks the patient for: the step the check-in waiting for them is at."""

    QR_CODE = "qr"   # the QR code on the card's front, shown to the camera (the key's source)
    CARD = "card"    # the card on the reader: the key is known (QR read, digits typed, console)
    CAN = "can"      # the card's six digits on the keypad ([terminal] access_key = "keypad")


class ReadStep(Enum):
    """Where reading the chip is, in the order it happens."""

    OPENING = "opening"            # access control (BAC/PACE) with the printed data
    READING_IDENTITY = "identity"  # DG13 + DG1: small, first
    READING_PHOTO = "photo"        # DG2: the slow part
    CHECKING_CHIP = "checking"     # passive authentication


class Guidance(Enum):
    """What the patient should do so the camera gets a usable face."""

    NO_FACE = "no_face"
    MOVE_CLOSER = "closer"
    MOVE_BACK = "back"
    CENTRE_FACE = "centre"
    MORE_LIGHT = "light"
    ONE_PERSON = "one_person"
    LOOK_STRAIGHT = "straight"
    HOLD_STILL = "still"


class LivenessPrompt(Enum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    BLINK_OR_TURN = "blink_or_turn"


class HiStatus(Enum):
    """The health-insurance outcome in the words a patient needs (gateway codes map onto these)."""

    COVERED = "covered"
    COVERED_CHECK_PAPERS = "covered_check_papers"  # codes 001/002: staff check the papers
    COVERED_NEW_CARD = "covered_new_card"          # codes 003/004: a new card was issued
    NOT_COVERED = "not_covered"                    # checked in as a paying patient
    CHECK_LATER = "check_later"                    # gateway unreachable: staff check it later
    SEE_RECEPTION = "see_reception"                # details did not match: staff sort it out


class NextStep(Enum):
    WAIT_FOR_CALL = "wait"           # sit down, the ticket number will be called
    PAY_AT_CASHIER = "cashier"       # paying patient: the cashier first
    GO_TO_RECEPTION = "reception"    # a receptionist needs to see the patient


class ReviewReason(Enum):
    """Why a receptionist must look at a check-in before it goes on."""

    FACE = "face"            # the face check was not sure
    INSURANCE = "insurance"  # the insurance answer needs a person
    CARD = "card"            # the card's data or signature needs a look
    PRIORITY = "priority"    # a declared priority waits for a receptionist to confirm it
    DEPARTMENT = "department"  # the department chosen does not see the patient's age group


class KioskError(Enum):
    """Each way a check-in can fail at the kiosk; ui/ gives each a title and what to do next."""

    CARD_REMOVED = "card_removed"
    WRONG_ACCESS_KEY = "wrong_key"
    WRONG_CAN = "wrong_can"        # the 6 digits typed did not open the chip: type them again
    CARD_LOCKED = "card_locked"    # the chip paused or blocked its number after wrong tries
    CARD_UNREADABLE = "card_unreadable"
    CARD_NOT_GENUINE = "card_not_genuine"
    READER_FAILED = "reader_failed"
    CAMERA_FAILED = "camera_failed"
    NO_FACE = "no_face"
    LIVENESS_FAILED = "liveness_failed"
    FACE_MISMATCH = "face_mismatch"
    FACE_UNSURE = "face_unsure"      # the face was close, not close enough, and the rules reject
    STAFF_REJECTED = "staff_rejected"  # a receptionist looked at the check-in and refused it
    DEPARTMENT_FULL = "department_full"  # the room filled up (all kiosks) and no other is open
    NOT_COVERED = "not_covered"
    TIMED_OUT = "timed_out"
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class PreviewFrame:
    """One camera frame for the live preview: packed RGB, 3 bytes a pixel, row after row."""

    width: int
    height: int
    rgb: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.rgb) != self.width * self.height * 3:
            raise ValueError(f"preview frame of {self.width}x{self.height} needs "
                             f"{self.width * self.height * 3} bytes, got {len(self.rgb)}")


@dataclass(frozen=True)
class IdleScreen:
    """Waiting for the patient: the one thing to do now (`awaiting`), in the current language;
    `seconds_left` counts down while the patient must act (the card after its QR code was read);
    `larger_text` is the patient's text size toggle."""

    clinic_name: str
    language: Language
    awaiting: Awaiting = Awaiting.QR_CODE
    seconds_left: int | None = None
    larger_text: bool = False


@dataclass(frozen=True)
class ReadingScreen:
    step: ReadStep
    progress: float  # 0..1

    def __post_init__(self) -> None:
        object.__setattr__(self, "progress", min(1.0, max(0.0, self.progress)))


@dataclass(frozen=True)
class CameraScreen:
    """Look at the camera: the live preview with the face box, guidance and liveness prompt."""

    guidance: Guidance | None = Guidance.NO_FACE
    face_area: FaceArea | None = None  # fractions of the frame: they fit the scaled preview
    liveness: LivenessPrompt | None = None
    frame: PreviewFrame | None = None
    #: Seconds the patient has left to answer the liveness prompt (None: no prompt running).
    seconds_left: int | None = None

    @property
    def instruction(self) -> Guidance | LivenessPrompt | None:
        """The one thing asked of the patient now: the liveness prompt while the face is good
        and still, else what makes the face usable (hold still, come closer...)."""
        if self.liveness is not None and self.guidance in (Guidance.HOLD_STILL, None):
            return self.liveness
        return self.guidance


@dataclass(frozen=True)
class ReviewScreen:
    """Something needs a receptionist: the patient takes the card to the desk, where the
    decision is made (the kiosk takes the next patient meanwhile). The name shows for a few
    seconds only (`name_shown`), so the next in line does not read it."""

    name: str = field(repr=False)
    reason: ReviewReason = ReviewReason.FACE
    name_shown: bool = True


@dataclass(frozen=True)
class ResultScreen:
    """Checked in. Read from a metre away: the patient's own name, HI status, ticket, what next."""

    name: str = field(repr=False)  # shown to the patient it belongs to, never logged
    hi_status: HiStatus
    ticket: str
    next_step: NextStep
    counter: str = ""
    #: The patient already had this number today (one number per person and day): the screen
    #: says so, and the slip can be printed again.
    repeated: bool = False
    #: Why the number comes from the priority sequence (None: an ordinary number).
    priority: PriorityReason | None = None
    #: Where to go, when the clinic has departments: room and floor ("" when not configured).
    room: str = ""
    floor: str = ""
    #: The slip could not be printed: the number stays up longer; the patient asks at the desk.
    slip_missing: bool = False
    #: The share of covered costs the fund pays (None: not known, e.g. the card not verified
    #: yet), and why it is what it is (coverage.py).
    fund_pct: int | None = None
    copay_exempt: bool = False    # 5 years' continuous and the year's co-pay above the threshold
    child_under_6: bool = False   # the fund pays in full
    #: The department's names (ui/ shows the one of `language`), when the clinic has departments.
    department_vi: str = ""
    department_en: str = ""
    #: How many patients wait before this number, when the HIS said so (None: not known).
    ahead: int | None = None
    language: Language = Language.VIETNAMESE


@dataclass(frozen=True)
class ErrorScreen:
    error: KioskError


@dataclass(frozen=True)
class PriorityScreen:
    """"Are you to be seen first?": one large button per priority a patient may declare (the
    age-based ones come from the chip by themselves), and "No" to go back. `chosen` is the one
    declared so far for this check-in, shown selected."""

    choices: tuple[PriorityReason, ...] = DECLARABLE
    chosen: PriorityReason | None = None


class SlipQuestion(Enum):
    """The two yes/no questions of the referral screen (Law 51/2024: the desk's question)."""

    REFERRAL = "referral"        # a referral slip (giấy chuyển tuyến)
    APPOINTMENT = "appointment"  # an appointment slip for a follow-up (giấy hẹn khám lại)


@dataclass(frozen=True)
class SlipsScreen:
    """"Do you have a referral slip? An appointment slip?": asked when the card is registered at
    another facility, with what the fund pays with a slip and without, before the patient
    confirms. None: not answered yet. `confirmed`: sent, the check-in goes on."""

    with_slip_pct: int | None
    without_slip_pct: int | None
    referral: bool | None = None
    appointment: bool | None = None
    confirmed: bool = False

    @property
    def complete(self) -> bool:
        return self.referral is not None and self.appointment is not None


@dataclass(frozen=True)
class DepartmentOption:
    """One large button of the department choice: names in both languages (ui/ shows the one of
    the screen's language), room and floor, and whether it takes patients now; a full or closed
    one names the next open department (`next_code`)."""

    code: str
    name_vi: str
    name_en: str
    room: str
    floor: str
    state: DepartmentState
    next_code: str = ""


@dataclass(frozen=True)
class DepartmentScreen:
    """"Where do you want to be seen?": the clinic's departments in the configured order."""

    options: tuple[DepartmentOption, ...]
    chosen: str = ""
    language: Language = Language.VIETNAMESE  # which of each option's names to show
    #: Full options said "full this session" (its session's capacity) rather than "full today".
    session_full: tuple[str, ...] = ()
    #: The department that filled up while this patient checked in (the HIS gave no number):
    #: the screen says so and asks for another choice ("" none).
    refused: str = ""


#: Digits of the card access number (CAN): the last 6 of the 12-digit ID number (reference
#: cccd-chip.md §3.1).
CAN_LENGTH = 6


class CanEntryProblem(Enum):
    """Why the keypad screen asks again."""

    INCOMPLETE = "incomplete"  # OK pressed before all 6 digits
    WRONG_CAN = "wrong_can"    # the chip did not accept the digits last typed


class KeypadKey(Enum):
    """The keys of the on-screen keypad besides the ten digits."""

    DELETE = "delete"
    CLEAR = "clear"
    OK = "ok"
    CANCEL = "cancel"


@dataclass(frozen=True)
class CanEntryScreen:
    """A patient without the QR code types the card's 6-digit number (the last 6 digits of the ID
    number on the card front) on a large keypad. The digits are the patient's own, shown as typed;
    `seconds_left` counts down the keypad's inactivity timeout."""

    digits: str = field(default="", repr=False)
    problem: CanEntryProblem | None = None
    #: Seconds before the keypad gives up and goes back to the start screen (each key restarts).
    seconds_left: int | None = None

    @property
    def complete(self) -> bool:
        return len(self.digits) == CAN_LENGTH


#: The screens that end a patient's turn: each says "take your card" near the top and has "Done".
ENDING_SCREENS = (ResultScreen, ReviewScreen, ErrorScreen)

Screen = (IdleScreen | ReadingScreen | CameraScreen | ReviewScreen | ResultScreen | ErrorScreen
          | CanEntryScreen | PriorityScreen | DepartmentScreen | SlipsScreen)
