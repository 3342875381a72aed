"""The seams one check-in composes, as small Protocols: the workflow knows nothing else of the
chip, the camera, the gateway or the outbox. terminal/checkin/assembly.py builds the real ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from drivers.idcard.access_key import AccessKey
from terminal.checkin.events import Event
from terminal.checkin.records import (
    Authenticity,
    CheckinRecord,
    DeviceStatus,
    EligibilityOutcome,
    FaceArea,
    FaceOutcome,
    PatientIdentity,
)

#: Asked by long-running parts between blocking calls: True once the check-in was cancelled.
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class CardContents:
    """What the check-in needs from the chip once it is read."""

    identity: PatientIdentity
    photo: bytes
    image_format: str  # "jpeg" or "jpeg2000"
    authenticity: Authenticity

    def __repr__(self) -> str:
        return f"CardContents({self.identity!r}, {self.image_format}, {len(self.photo)} bytes)"


@dataclass(frozen=True)
class CardCallbacks:
    """What the reader reports while it reads, from its own thread."""

    card_present: Callable[[], None]                     # a card is on the reader; reading starts
    identity_read: Callable[[PatientIdentity], None]     # DG1 + DG13 read (before DG2 / SOD)
    progress: Callable[[str, int, int], None]            # file, bytes done, bytes total
    cancelled: Cancelled


class CardReader(Protocol):
    def read(self, key: AccessKey, callbacks: CardCallbacks) -> CardContents:
        """Wait for a card (NoCardError after the reader's own timeout), open it with `key`, read
        DG1 + DG13, then DG2 + EF.SOD with passive authentication. Raises the ChipError tree
        (drivers/idcard/errors.py): CardRemovedError, AccessDeniedError, ReaderError, ..."""
        ...

    def card_present(self) -> bool:
        """Whether the card read last still lies on the reader (asked until the decision)."""
        ...


class KeyScanner(Protocol):
    def scan(self, timeout_s: float, cancelled: Cancelled) -> AccessKey:
        """The access key read from the QR code on the card's front, held up to the camera.
        Raises a TerminalError or ChipError (AccessDataError) when there is none within the time."""
        ...


#: Blocks until the chip photo is read (or raises TimeoutError after the given seconds).
PhotoWait = Callable[[float], bytes]
#: Tells the patient what to do: (code, English, Vietnamese, where the face is or None).
Guide = Callable[[str, str, str, FaceArea | None], None]


class FaceCheck(Protocol):
    def check(self, photo: PhotoWait, on_guidance: Guide, cancelled: Cancelled,
              timeout_s: float) -> FaceOutcome:
        """Capture the live face (quality gate, liveness), then match it against the chip photo,
        asked for with `photo` only when needed so that capture runs while DG2 is still read.
        `on_guidance(code, message, message_vi, face_area)` tells the patient what to do and
        where their face is. Raises a TerminalError when the check cannot be done (camera gone,
        models missing, photo unusable)."""
        ...


class EligibilityLookup(Protocol):
    def lookup(self, identity: PatientIdentity, force_fresh: bool = False) -> EligibilityOutcome:
        """The HI eligibility of the patient. Never raises for an unreachable gateway: that is
        EligibilityStatus.PENDING. `force_fresh`: never an answer kept from minutes ago."""
        ...


class CheckinSink(Protocol):
    """Where finished check-ins go: the durable outbox, delivered to the clinic's HIS."""

    def deliver(self, record: CheckinRecord) -> None:
        """Durable before it returns (a pending eligibility is looked up later by the sender)."""
        ...

    def deliver_eligibility(self, record: CheckinRecord) -> None:
        """Queue a newer eligibility answer for a check-in already delivered."""
        ...


class StatusSource(Protocol):
    def statuses(self) -> list[DeviceStatus]:
        """The current status of the devices and services this part looks after."""
        ...


class Monitor(Protocol):
    """What counts the terminal's work for the fleet's monitoring (terminal/operations/monitoring's
    KioskMetrics): told of every event, of every lookup and delivery, and given what to read at
    scrape time."""

    def listener(self, event: Event) -> None: ...

    def timed_lookup(self, lookup: Callable) -> Callable: ...

    def delivered(self, item: Any) -> None: ...

    def watch(self, outbox: Any = None, statuses: Callable[[], list[DeviceStatus]] | None = None,
              trust_expiry: float | None = None,
              lookup_counts: Callable[[], Any] | None = None) -> None: ...
