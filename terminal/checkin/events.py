"""Progress of a check-in as plain events, delivered to a callback (`Listener`).

The workflow calls the listener from its worker threads; the UI turns each event into a Qt signal,
the CLI prints it, tests collect it. A listener must return quickly and must not raise (an
exception from it is logged and dropped, never allowed to break the check-in).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from terminal.checkin.records import (
    Authenticity,
    CheckinRecord,
    CheckinState,
    Decision,
    DeviceStatus,
    EligibilityOutcome,
    FaceArea,
    FaceOutcome,
    Failure,
    PatientIdentity,
    Step,
    Ticket,
)


@dataclass(frozen=True)
class Event:
    """Base of every event."""


@dataclass(frozen=True)
class CheckinEvent(Event):
    """Something that happened in one check-in; `elapsed_ms` counts from its start."""

    checkin_id: str
    elapsed_ms: float


@dataclass(frozen=True)
class StateChanged(CheckinEvent):
    previous: CheckinState
    state: CheckinState


@dataclass(frozen=True)
class StepStarted(CheckinEvent):
    step: Step


@dataclass(frozen=True)
class StepFinished(CheckinEvent):
    step: Step
    ms: float


@dataclass(frozen=True)
class StepFailed(CheckinEvent):
    failure: Failure


@dataclass(frozen=True)
class CardProgress(CheckinEvent):
    """Bytes of a chip file read so far (for a progress bar)."""

    file: str   # "DG1", "DG13", "DG2", "SOD"
    done: int
    total: int


@dataclass(frozen=True)
class PatientIdentified(CheckinEvent):
    """DG1 + DG13 are read: the eligibility lookup starts now."""

    identity: PatientIdentity


@dataclass(frozen=True)
class PhotoRead(CheckinEvent):
    """DG2 is read (and EF.SOD checked): the chip photo, for the receptionist's side-by-side view."""

    photo: bytes
    image_format: str  # "jpeg" or "jpeg2000"
    authenticity: Authenticity

    def __repr__(self) -> str:  # never a photo in a log line
        return f"PhotoRead({self.checkin_id}, {self.image_format}, {len(self.photo)} bytes)"


@dataclass(frozen=True)
class FaceGuidance(CheckinEvent):
    """A hint for the patient in front of the camera: a stable `code` (for translations) and
    plain English words. The gate's hints (`code` a quality) come again, with the same code, when
    the face moves, so `face_area` follows it; None there means no face in view. The challenge's
    hints leave the box where it was (None)."""

    code: str      # e.g. "no_face", "too_far", "ok", "blink", "turn", "camera"
    message: str   # English
    message_vi: str = ""
    face_area: FaceArea | None = None


@dataclass(frozen=True)
class EligibilityChecked(CheckinEvent):
    eligibility: EligibilityOutcome


@dataclass(frozen=True)
class FaceChecked(CheckinEvent):
    face: FaceOutcome


@dataclass(frozen=True)
class SlipsAsked(CheckinEvent):
    """The card is registered elsewhere: the patient is asked about a referral and an
    appointment slip (one screen), and shown what the fund pays with one and without."""

    with_slip_pct: int | None
    without_slip_pct: int | None


@dataclass(frozen=True)
class Decided(CheckinEvent):
    decision: Decision


@dataclass(frozen=True)
class TicketIssued(CheckinEvent):
    ticket: Ticket


@dataclass(frozen=True)
class CheckinFinished(CheckinEvent):
    """Always the last event of a check-in, whatever the end (done, review, rejected, cancelled,
    failed); the record holds everything known."""

    record: CheckinRecord


@dataclass(frozen=True)
class CheckinUpdated(Event):
    """A check-in changed after its run: a receptionist override, an eligibility retry, a deferred
    lookup. The console refreshes its row."""

    record: CheckinRecord


@dataclass(frozen=True)
class TicketRenumbered(CheckinEvent):
    """The HIS keeps a check-in under another number than the kiosk gave it offline (another
    kiosk held that one): the console shows the HIS's (`ticket`) from now on."""

    previous: str
    ticket: str


@dataclass(frozen=True)
class CheckinFlagged(CheckinEvent):
    """The HIS flagged a delivered check-in (`code`, e.g. `over_capacity`): the console shows it
    on its row from now on."""

    code: str


@dataclass(frozen=True)
class DeviceStatusChanged(Event):
    status: DeviceStatus


Listener = Callable[[Event], None]

log = logging.getLogger(__name__)


def ignore(_event: Event) -> None:
    """The listener used when nobody listens."""


def guarded(listener: Listener) -> Listener:
    """`listener`, with its failures logged and dropped: a listener's fault never breaks a
    check-in (or the console's action, or the device board) that tells it something."""

    def tell(event: Event) -> None:
        try:
            listener(event)
        except Exception:  # noqa: BLE001 - the listener is outside code; log and go on
            log.exception("check-in listener failed on %s", type(event).__name__)

    return tell


def fan_out(*listeners: Listener) -> Listener:
    """One listener telling each of `listeners` in turn; one that raises does not stop the
    others (`guarded` around it logs and drops the error, as for any listener)."""
    def tell(event: Event) -> None:
        errors = []
        for listener in listeners:
            try:
                listener(event)
            except Exception as exc:  # noqa: BLE001 - raised after the others were told
                errors.append(exc)
        if errors:
            raise errors[0]
    return tell
