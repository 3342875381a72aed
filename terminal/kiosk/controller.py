"""Which patient screen the kiosk shows, from the check-in workflow's events: a pure state
machine, fed on the GUI thread by ui/ and by tests directly."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from drivers.idcard.access_key import AccessKey, access_key_from_can
from terminal.checkin.events import (
    CardProgress,
    CheckinFinished,
    CheckinUpdated,
    Event,
    FaceGuidance,
    PatientIdentified,
    SlipsAsked,
    StateChanged,
    StepStarted,
)
from terminal.checkin.records import (
    AccessKeySource,
    CheckinRecord,
    CheckinState,
    EligibilityStatus,
    Payer,
    SignerStatus,
    Step,
    Verdict,
)
from terminal.checkin.departments import Department, DepartmentState, DepartmentStatus
from terminal.checkin.coverage import SlipAnswers
from terminal.errors import TerminalError
from terminal.checkin.priority import PriorityReason
from terminal.eligibility.codes import CardNote, meaning_of
from terminal.face.liveness import Challenge
from terminal.face.quality import Quality
from terminal.config import Config
from terminal.kiosk.screens import (
    CAN_LENGTH,
    Awaiting,
    CameraScreen,
    CanEntryProblem,
    CanEntryScreen,
    ErrorScreen,
    Guidance,
    HiStatus,
    IdleScreen,
    KeypadKey,
    KioskError,
    Language,
    LivenessPrompt,
    NextStep,
    DepartmentOption,
    DepartmentScreen,
    PreviewFrame,
    PriorityScreen,
    ReadingScreen,
    ReadStep,
    ResultScreen,
    ReviewReason,
    ReviewScreen,
    Screen,
    SlipQuestion,
    SlipsScreen,
)

#: Each chip file's share of the reading progress bar (DG2, the photo, is the long one).
_FILE_PROGRESS = {"DG1": (ReadStep.READING_IDENTITY, 0.05, 0.12),
                  "DG13": (ReadStep.READING_IDENTITY, 0.12, 0.25),
                  "DG2": (ReadStep.READING_PHOTO, 0.25, 0.9),
                  "SOD": (ReadStep.CHECKING_CHIP, 0.9, 1.0)}

#: The face check's guidance codes (FaceGuidance.code: terminal.face's Quality and Challenge
#: values, and "liveness" once the challenge is met: hold still) → what the camera screen says.
_GUIDANCE = {Quality.OK.value: Guidance.HOLD_STILL, Quality.NO_FACE.value: Guidance.NO_FACE,
             Quality.SEVERAL_FACES.value: Guidance.ONE_PERSON,
             Quality.TOO_FAR.value: Guidance.MOVE_CLOSER, Quality.TOO_CLOSE.value: Guidance.MOVE_BACK,
             Quality.TOO_DARK.value: Guidance.MORE_LIGHT, Quality.TOO_BLURRED.value: Guidance.HOLD_STILL,
             Quality.NOT_FACING.value: Guidance.LOOK_STRAIGHT}
_LIVENESS = {Challenge.BLINK.value: LivenessPrompt.BLINK,
             Challenge.TURN_LEFT.value: LivenessPrompt.TURN_LEFT,
             Challenge.TURN_RIGHT.value: LivenessPrompt.TURN_RIGHT,
             Challenge.BLINK_OR_TURN.value: LivenessPrompt.BLINK_OR_TURN}

#: Failure.code of a failed check-in (terminal/checkin/errors.py) → the error screen.
_FAILURES = {"card_removed": KioskError.CARD_REMOVED, "access_denied": KioskError.WRONG_ACCESS_KEY,
             "wrong_can": KioskError.WRONG_CAN, "card_locked": KioskError.CARD_LOCKED,
             "access_data": KioskError.WRONG_ACCESS_KEY, "chip": KioskError.CARD_UNREADABLE,
             "reader": KioskError.READER_FAILED, "timeout": KioskError.TIMED_OUT}
#: Ends nobody at the kiosk needs told about: no card came, or staff cancelled (typed a key).
_QUIET_ENDS = {"no_card", "cancelled"}

#: Decision reason codes → why a check-in waits for review, or which error a rejection shows.
_REVIEW_REASONS = {"priority_declared": ReviewReason.PRIORITY,
                   "department_age": ReviewReason.DEPARTMENT,
                   "department_payer": ReviewReason.DEPARTMENT,
                   "face_review": ReviewReason.FACE, "face_unavailable": ReviewReason.FACE,
                   "authenticity_mismatch": ReviewReason.CARD,
                   "authenticity_unverified": ReviewReason.CARD}
_REJECTIONS = {"face_reject": KioskError.FACE_MISMATCH, "face_review": KioskError.FACE_UNSURE,
               "face_unavailable": KioskError.NO_FACE,
               "authenticity_mismatch": KioskError.CARD_NOT_GENUINE,
               "not_eligible": KioskError.NOT_COVERED}
#: The chip checks' own reasons (decision.py: the signer's verdict, the chip's proof) are about
#: the card, whatever the rule made of them.
_CARD_CODES = (*(f"signer_{status.value}" for status in SignerStatus
                 if status is not SignerStatus.TRUSTED), "chip_clone", "chip_unproven")
_REVIEW_REASONS.update(dict.fromkeys(_CARD_CODES, ReviewReason.CARD))
_REJECTIONS.update(dict.fromkeys(_CARD_CODES, KioskError.CARD_NOT_GENUINE))

#: Seconds a final screen stays before the kiosk goes back to idle by itself ("Done" sooner).
RESULT_HOLD_S = 20.0
ERROR_HOLD_S = 15.0
#: Without a slip the patient must remember or note the number: it stays up longer.
RESULT_NO_SLIP_HOLD_S = 60.0
#: The review screen sends the patient to the desk and then frees the kiosk for the next one:
#: the receptionist decides at the console (the check-in stays pending there) and the patient
#: gets the number on the slip or from the receptionist, not on this screen. A decision made
#: while it is still up is shown.
REVIEW_HOLD_S = 20.0
#: The keypad goes back to idle when nobody touches it for this long (the next patient comes).
CAN_ENTRY_HOLD_S = 60.0
#: So does the priority choice.
PRIORITY_HOLD_S = 60.0


@dataclass(frozen=True)
class ScreenTimes:
    """How long the patient has where they must act, and how long a name stays up."""

    card_s: float = 30.0         # to place the card once its QR code was read ([reader] timeout_s)
    liveness_s: float = 8.0      # to blink or turn ([face] liveness_timeout_s)
    review_name_s: float = 5.0   # the review screen hides the name after it ([terminal])

    @classmethod
    def from_config(cls, config: Config) -> ScreenTimes:
        return cls(config.reader.timeout_s, config.face.liveness_timeout_s,
                   config.terminal.review_name_s)


def first_asked(config: Config) -> Awaiting:
    """What the idle screen asks for first: the card's QR code at the camera, or its six digits
    on the keypad ([terminal] access_key)."""
    return Awaiting.CAN if config.terminal.access_key == "keypad" else Awaiting.QR_CODE


class KioskController:
    """Keeps the screen of the check-in in front of the kiosk; `handle` returns the new screen, or
    None when the event changes nothing visible. `language` is each new patient's language (the
    one they pick lasts until their turn ends)."""

    def __init__(self, clinic_name: str, language: Language, times: ScreenTimes = ScreenTimes(),
                 clock: Callable[[], float] = time.monotonic, *,
                 departments: Callable[[], list[DepartmentStatus] | None] | None = None,
                 department_of: Callable[[str], Department] | None = None,
                 first: Awaiting = Awaiting.QR_CODE) -> None:
        """`first` is what the idle screen asks for before a key is known (`first_asked`).
        `departments` gives the department choice as it stands now (workflow.
        department_choice; None: the clinic skips it): the kiosk's start screen when more than
        one department is open. `department_of` (workflow.department) names the room of a
        check-in's department on the result screen when no choice was shown."""
        self._department_rows = departments
        self._department_of = department_of
        self.clinic_name = clinic_name
        self.default_language = language
        self.language = language
        self.larger_text = False
        self.times = times
        self._clock = clock
        #: When the patient's time to act runs out (clock seconds; None: nothing to count down).
        self._deadline: float | None = None
        #: What the check-in in front of the kiosk waits for (the idle screen asks for it).
        self.first = first
        self._awaiting = first
        self.screen: Screen = IdleScreen(clinic_name, language, first)
        self._checkin_id = ""
        self._name = ""
        #: The priority the patient declared for the coming check-in (the kiosk hands it to
        #: the workflow: CheckinWorkflow.start / declare_priority); None: none declared.
        self.declared: PriorityReason | None = None
        #: The department code chosen for the coming check-in ("" none: the default).
        self.department = ""
        #: Room, floor and names of each department, for the result screen.
        self._places: dict[str, tuple[str, str, str, str]] = {}

    @property
    def checkin_id(self) -> str:
        """The check-in whose events the screen follows ("" before the first)."""
        return self._checkin_id

    def set_language(self, language: Language) -> Screen:
        self.language = language
        if isinstance(self.screen, IdleScreen):
            self.screen = replace(self.screen, language=language)
        elif isinstance(self.screen, (DepartmentScreen, ResultScreen)):
            self.screen = replace(self.screen, language=language)
        return self.screen

    def set_larger_text(self, larger: bool) -> Screen:
        """The patient's text size toggle (lasts until their turn ends, like the language)."""
        self.larger_text = larger
        if isinstance(self.screen, IdleScreen):
            self.screen = replace(self.screen, larger_text=larger)
        return self.screen

    def back_to_idle(self) -> Screen:
        """The start screen for the next patient: the department choice when the clinic has one
        to make, else the idle screen."""
        self._checkin_id, self._name = "", ""
        self.declared = None
        self.department = ""
        self._deadline, self._awaiting = None, self.first
        self.screen = self._idle()
        rows = self._department_rows() if self._department_rows is not None else None
        if rows:
            opened = [r for r in rows if r.state is DepartmentState.OPEN]
            if len(opened) == 1:  # one room takes patients now: no choice to make
                self.department = opened[0].department.code
                self._remember(rows)
            else:
                return self.open_departments(rows)
        return self.screen

    def next_patient(self) -> Screen:
        """A patient's turn is over (Done, or the screen's hold ran out): the next one starts
        from the idle screen in the kiosk's own language and text size."""
        self.language = self.default_language
        self.larger_text = False
        return self.back_to_idle()

    def _idle(self) -> IdleScreen:
        return IdleScreen(self.clinic_name, self.language, self._awaiting, self._seconds_left(),
                          self.larger_text)

    # what the patient must do in time -----------------------------------------------------------

    def _seconds_left(self) -> int | None:
        if self._deadline is None:
            return None
        return max(0, math.ceil(self._deadline - self._clock()))

    def tick(self) -> Screen | None:
        """The countdown moved on (ui/ calls this a few times a second): the screen with the
        seconds left, or None when nothing visible changed."""
        screen = self.screen
        if not isinstance(screen, (IdleScreen, CameraScreen, CanEntryScreen)) \
                or screen.seconds_left is None:
            return None
        left = self._seconds_left()
        if left == screen.seconds_left:
            return None
        self.screen = replace(screen, seconds_left=left)
        return self.screen

    def name_hide_s(self) -> float | None:
        """Seconds until the review screen's name is hidden (None: no name up)."""
        if isinstance(self.screen, ReviewScreen) and self.screen.name_shown:
            return self.times.review_name_s
        return None

    def hide_name(self) -> Screen | None:
        """The review screen without the patient's name (the next in line may be reading)."""
        if not (isinstance(self.screen, ReviewScreen) and self.screen.name_shown):
            return None
        self.screen = replace(self.screen, name_shown=False)
        return self.screen

    # the priority choice ------------------------------------------------------------------------

    def open_priority(self) -> Screen:
        """The priority choice, from the idle screen (before the card is placed)."""
        if isinstance(self.screen, IdleScreen):
            self.screen = PriorityScreen(chosen=self.declared)
        return self.screen

    def choose_priority(self, reason: PriorityReason | None) -> Screen:
        """The patient's choice (None: "No"/back): kept in `declared`, back to the idle screen
        to place the card."""
        if not isinstance(self.screen, PriorityScreen):
            return self.screen
        if reason is not None and reason not in self.screen.choices:
            return self.screen  # not offered: ignore
        self.declared = reason
        self.screen = self._idle()
        return self.screen

    # the department choice ----------------------------------------------------------------------

    def open_departments(self, rows: list[DepartmentStatus]) -> Screen:
        """The department choice (departments.statuses gives the rows), from the idle screen."""
        if not isinstance(self.screen, IdleScreen):
            return self.screen
        self.screen = self._department_screen(rows)
        return self.screen

    def _department_screen(self, rows: list[DepartmentStatus],
                           refused: str = "") -> DepartmentScreen:
        self._remember(rows)
        return DepartmentScreen(tuple(
            DepartmentOption(r.department.code, r.department.name_vi, r.department.name_en,
                             r.department.room, r.department.floor, r.state, r.next_open)
            for r in rows), self.department, self.language,
            tuple(r.department.code for r in rows if r.session_full), refused)

    def _room_full(self, record: CheckinRecord) -> Screen:
        """The HIS gave no number, the room being full across all kiosks: the choice again (as
        the HIS counts now: the room full, the next open one named) when another room is open,
        else the error screen."""
        rows = self._department_rows() if self._department_rows is not None else None
        if rows and any(r.state is DepartmentState.OPEN for r in rows):
            self.department = ""
            return self._department_screen(rows, record.department)
        return ErrorScreen(KioskError.DEPARTMENT_FULL)

    def _remember(self, rows: list[DepartmentStatus]) -> None:
        """Where each department is and what it is called, for the result screen."""
        self._places = {r.department.code: (r.department.room, r.department.floor,
                                            r.department.name_vi, r.department.name_en)
                        for r in rows}

    def choose_department(self, code: str) -> Screen:
        """A touch on a department: an open one is taken (kept in `department`, back to the idle
        screen to place the card); a full or closed one, or an unknown code, changes nothing."""
        screen = self.screen
        if not isinstance(screen, DepartmentScreen):
            return screen
        option = next((o for o in screen.options if o.code == code), None)
        if option is None or option.state is not DepartmentState.OPEN:
            return screen
        self.department = code
        self.screen = self._idle()
        return self.screen

    # the referral and appointment slips ---------------------------------------------------------

    def answer_slip(self, question: SlipQuestion, yes: bool) -> Screen:
        """A yes or no on the referral screen (changed freely until confirmed)."""
        screen = self.screen
        if not isinstance(screen, SlipsScreen) or screen.confirmed:
            return screen
        change = {"referral": yes} if question is SlipQuestion.REFERRAL else {"appointment": yes}
        self.screen = replace(screen, **change)
        return self.screen

    def confirm_slips(self) -> tuple[Screen, SlipAnswers | None]:
        """The patient confirms: the answers for the workflow (CheckinWorkflow.answer_slips)
        once both questions are answered; None (nothing sent) before that."""
        screen = self.screen
        if not isinstance(screen, SlipsScreen) or screen.confirmed or not screen.complete:
            return screen, None
        self.screen = replace(screen, confirmed=True)
        return self.screen, SlipAnswers(bool(screen.referral), bool(screen.appointment))

    # the 6-digit keypad -------------------------------------------------------------------------

    def open_can_entry(self) -> Screen:
        """The keypad, from the idle screen or after a wrong number (then it says so)."""
        if isinstance(self.screen, ErrorScreen) and self.screen.error is KioskError.WRONG_CAN:
            self.screen = self._keypad(problem=CanEntryProblem.WRONG_CAN)
        elif isinstance(self.screen, (IdleScreen, ErrorScreen)):
            self.screen = self._keypad()
        return self.screen

    def _keypad(self, digits: str = "", problem: CanEntryProblem | None = None) -> CanEntryScreen:
        """The keypad as typed so far; its inactivity timeout starts again (each key)."""
        self._deadline = self._clock() + CAN_ENTRY_HOLD_S
        return CanEntryScreen(digits, problem, self._seconds_left())

    def press_key(self, key: str | KeypadKey) -> tuple[Screen, AccessKey | None]:
        """One key on the keypad: a digit "0".."9" or a KeypadKey. Returns the screen, and the
        access key when OK completes six digits (the kiosk then starts the check-in with it)."""
        screen = self.screen
        if not isinstance(screen, CanEntryScreen):
            return screen, None
        if key is KeypadKey.CANCEL:
            return self.back_to_idle(), None
        if key is KeypadKey.OK:
            if not screen.complete:
                self.screen = self._keypad(screen.digits, CanEntryProblem.INCOMPLETE)
                return self.screen, None
            entered = access_key_from_can(screen.digits)
            # the declaration and the department go with the check-in the keypad starts
            declared, department = self.declared, self.department
            self.back_to_idle()  # the check-in's own events take the screen from here
            self.declared, self.department = declared, department
            self.screen = self._idle()
            return self.screen, entered
        if key is KeypadKey.DELETE:
            self.screen = self._keypad(screen.digits[:-1])
        elif key is KeypadKey.CLEAR:
            self.screen = self._keypad()
        elif isinstance(key, str) and len(key) == 1 and key.isdigit() and key.isascii():
            full = len(screen.digits) >= CAN_LENGTH  # a seventh digit: ignored, time restarts
            self.screen = self._keypad(screen.digits if full else screen.digits + key)
        return self.screen, None

    def hold_seconds(self) -> float | None:
        """How long the current screen stays before going back to idle (None: until an event)."""
        if isinstance(self.screen, ResultScreen):
            return RESULT_NO_SLIP_HOLD_S if self.screen.slip_missing else RESULT_HOLD_S
        if isinstance(self.screen, ErrorScreen):
            return ERROR_HOLD_S
        if isinstance(self.screen, ReviewScreen):
            return REVIEW_HOLD_S
        if isinstance(self.screen, CanEntryScreen):
            return CAN_ENTRY_HOLD_S
        if isinstance(self.screen, PriorityScreen):
            return PRIORITY_HOLD_S
        return None  # the department choice is the start screen: it stays

    def show_preview(self, frame: PreviewFrame) -> Screen | None:
        """The camera screen with the newest preview frame; None when the camera is not up."""
        if not isinstance(self.screen, CameraScreen):
            return None
        self.screen = replace(self.screen, frame=frame)
        return self.screen

    def handle(self, event: Event) -> Screen | None:
        if isinstance(self.screen, DepartmentScreen) and not (
                isinstance(event, StepStarted) and event.step is Step.READ_IDENTITY):
            return None  # until a card is placed without a choice (the default department)
        if isinstance(self.screen, (CanEntryScreen, PriorityScreen)):
            return None  # a patient is typing: the check-in that waited for a QR gave way to it
        screen = self._next_screen(event)
        if screen is None or screen == self.screen:
            return None
        self.screen = screen
        return screen

    def _next_screen(self, event: Event) -> Screen | None:
        if isinstance(event, CheckinUpdated):
            # An override or retry of the check-in still on the kiosk (waiting for review).
            if event.record.checkin_id == self._checkin_id and isinstance(self.screen, ReviewScreen):
                return self._final(event.record)
            return None
        checkin_id = getattr(event, "checkin_id", None)
        if checkin_id is None:
            return None
        if checkin_id != self._checkin_id:
            self._checkin_id, self._name = checkin_id, ""
        if isinstance(event, StateChanged):
            return self._on_state(event.state)
        if isinstance(event, StepStarted):
            return self._on_step(event.step)
        if isinstance(event, PatientIdentified):
            self._name = event.identity.full_name
            return None
        if isinstance(event, CardProgress):
            return self._on_progress(event)
        if isinstance(event, FaceGuidance):
            return self._on_guidance(event)
        if isinstance(event, SlipsAsked):
            return SlipsScreen(event.with_slip_pct, event.without_slip_pct)
        if isinstance(event, CheckinFinished):
            return self._final(event.record)
        return None

    def _on_state(self, state: CheckinState) -> Screen | None:
        # READING_CARD starts while the kiosk still waits for a card: the idle screen stays
        # until the card is there (StepStarted READ_IDENTITY).
        if state is CheckinState.WAITING and not isinstance(
                self.screen, (ResultScreen, ErrorScreen, CanEntryScreen)):
            return self._idle()
        return None

    def _on_step(self, step: Step) -> Screen | None:
        # The idle screen asks for one thing at a time, in the order the check-in needs them:
        # the QR code to the camera (the key), then the card on the reader, within its time.
        if step is Step.ACCESS_KEY:
            self._deadline, self._awaiting = None, Awaiting.QR_CODE
            return self._idle() if isinstance(self.screen, IdleScreen) else None
        if step is Step.WAIT_CARD:
            self._deadline = self._clock() + self.times.card_s
            self._awaiting = Awaiting.CARD
            return self._idle()
        if step is Step.READ_IDENTITY:
            self._deadline, self._awaiting = None, self.first
            return ReadingScreen(ReadStep.OPENING, 0.02)
        if step is Step.FACE:
            self._deadline = None
            return CameraScreen()
        return None

    def _on_progress(self, event: CardProgress) -> Screen | None:
        if not isinstance(self.screen, (ReadingScreen, IdleScreen)) or event.file not in _FILE_PROGRESS:
            return None  # the camera screen is up: reading goes on behind it
        step, start, end = _FILE_PROGRESS[event.file]
        share = event.done / event.total if event.total > 0 else 1.0
        return ReadingScreen(step, start + (end - start) * min(1.0, share))

    def _on_guidance(self, event: FaceGuidance) -> Screen | None:
        current = self.screen if isinstance(self.screen, CameraScreen) else CameraScreen()
        code = event.code
        if code in _LIVENESS:
            if current.liveness is None:  # the challenge starts: the patient's time runs
                self._deadline = self._clock() + self.times.liveness_s
            return CameraScreen(Guidance.HOLD_STILL, current.face_area, _LIVENESS[code],
                                current.frame, self._seconds_left())
        if code == "liveness":
            self._deadline = None
            return CameraScreen(Guidance.HOLD_STILL, current.face_area, None, current.frame)
        if code in _GUIDANCE:
            # The gate's hints say where the face is now (None: no face in view); the liveness
            # prompt stays up while they change, until it is met.
            return CameraScreen(_GUIDANCE[code], event.face_area, current.liveness, current.frame,
                                self._seconds_left() if current.liveness else None)
        return None  # a hint this kiosk has no words for: keep the last one

    def _final(self, record: CheckinRecord) -> Screen:
        self._deadline, self._awaiting = None, self.first
        name = record.identity.full_name if record.identity else self._name
        codes = record.decision.reason_codes if record.decision else ()
        if record.state is CheckinState.DONE and record.ticket is not None:
            status = hi_status(record)
            room, floor, name_vi, name_en = self._place(record.department)
            return ResultScreen(name, status, record.ticket.label, next_step(record, status),
                                record.ticket.counter, repeated=bool(record.ticket.repeat_of),
                                priority=(record.priority.reason if record.priority is not None
                                          and record.priority.granted else None),
                                room=room, floor=floor, slip_missing=record.print_fault != "",
                                department_vi=name_vi, department_en=name_en,
                                ahead=record.ticket.ahead, language=self.language,
                                **_coverage_shown(record))
        if record.state is CheckinState.REVIEW:
            reason = next((_REVIEW_REASONS[c] for c in codes if c in _REVIEW_REASONS),
                          ReviewReason.INSURANCE)
            return ReviewScreen(name, reason)
        if record.state is CheckinState.REJECTED and "department_full" in codes:
            return self._room_full(record)
        if record.state is CheckinState.REJECTED:
            return ErrorScreen(rejection(record))
        failure = record.failure
        if failure is None:
            return ErrorScreen(KioskError.UNEXPECTED)
        if failure.code == "wrong_can" and record.access_key_source is AccessKeySource.CAN:
            # The patient typed the number: the keypad again, saying the card refused it.
            return self._keypad(problem=CanEntryProblem.WRONG_CAN)
        if failure.code in _QUIET_ENDS or failure.step is Step.ACCESS_KEY:
            # Nobody had a card on the reader yet (no QR in time, a QR that is not a CCCD's):
            # the kiosk just waits again. The console's device page shows a camera fault.
            return self._idle()
        return ErrorScreen(_FAILURES.get(failure.code, KioskError.UNEXPECTED))


    def _place(self, code: str) -> tuple[str, str, str, str]:
        """Room, floor and names of the department `code` ("" each when not known)."""
        if code not in self._places and self._department_of is not None and code:
            try:
                department = self._department_of(code)
            except TerminalError:
                return "", "", "", ""
            self._places[code] = (department.room, department.floor, department.name_vi,
                                  department.name_en)
        return self._places.get(code, ("", "", "", ""))


def rejection(record: CheckinRecord) -> KioskError:
    """Why a rejected check-in was rejected, in the patient's terms: a receptionist's refusal is
    not a face the camera missed."""
    if record.override is not None and record.override.verdict is Verdict.REJECT:
        return KioskError.STAFF_REJECTED
    codes = record.decision.reason_codes if record.decision else ()
    if "face_unavailable" in codes and record.face is not None and record.face.liveness is False:
        return KioskError.LIVENESS_FAILED
    return next((_REJECTIONS[c] for c in codes if c in _REJECTIONS), KioskError.UNEXPECTED)


def _coverage_shown(record: CheckinRecord) -> dict:
    """What the result screen says of the share the fund pays (nothing for a paying patient)."""
    coverage = record.coverage
    if coverage is None or record.decision is None or record.decision.payer is not Payer.INSURED:
        return {}
    return {"fund_pct": coverage.fund_pct, "copay_exempt": coverage.copay_exempt,
            "child_under_6": coverage.child_under_6}


def hi_status(record: CheckinRecord) -> HiStatus:
    """The insurance outcome in a patient's words."""
    elig = record.eligibility
    payer = record.decision.payer if record.decision else Payer.UNKNOWN
    if payer is Payer.PAYING:  # also a usable card the fund pays nothing of here (coverage.py)
        return HiStatus.NOT_COVERED
    if elig is not None and elig.status is EligibilityStatus.ELIGIBLE_WITH_NOTE:
        note = meaning_of(elig.result_code).note
        return (HiStatus.COVERED_CHECK_PAPERS if note is CardNote.CHECK_PAPERS
                else HiStatus.COVERED_NEW_CARD if note.new_card
                else HiStatus.COVERED)
    if elig is not None and elig.status is EligibilityStatus.ELIGIBLE:
        return HiStatus.COVERED
    if elig is not None and elig.status is EligibilityStatus.INPUT_ERROR:
        return HiStatus.SEE_RECEPTION
    return HiStatus.CHECK_LATER


def next_step(record: CheckinRecord, status: HiStatus) -> NextStep:
    if status is HiStatus.SEE_RECEPTION:
        return NextStep.GO_TO_RECEPTION
    if record.decision is not None and record.decision.payer is Payer.PAYING:
        return NextStep.PAY_AT_CASHIER
    return NextStep.WAIT_FOR_CALL
