"""Errors of the check-in workflow, and how any step's error becomes the check-in's end state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from drivers.idcard.errors import (
    AccessDataError,
    AccessDeniedError,
    CardRemovedError,
    ChipError,
    NoCardError,
    PaceRefusedError,
    PasswordBlockedError,
    PasswordSuspendedError,
    ReaderError,
    WrongPasswordError,
)
from offline_cache.errors import OutboxError
from terminal.checkin.records import CheckinState, Failure, Step
from terminal.errors import TerminalError
from terminal.privacy import mask_text


class CheckinError(TerminalError):
    """Base of the workflow's own errors."""


@contextmanager
def queue_errors_as_checkin_errors() -> Iterator[None]:
    """The offline queue's errors (offline_cache's own root) as the core's, keeping the queue's
    error class as the code the UI words (a full queue, a damaged file...)."""
    try:
        yield
    except OutboxError as exc:
        raise CheckinError(exc.message, detail=exc.detail, code=type(exc).__name__) from exc


class StepTimeout(CheckinError):
    """A step took longer than its timeout in the config."""

    def __init__(self, step: Step, seconds: float) -> None:
        super().__init__(_TIMEOUT_MESSAGES.get(step, "The check-in took too long. Please start again."),
                         detail=f"step {step.value} exceeded {seconds:g} s")
        self.step = step


class CheckinCancelled(CheckinError):
    """The check-in was cancelled (by staff, by the screen going back to idle)."""

    def __init__(self, detail: str = "cancelled") -> None:
        super().__init__("The check-in was cancelled.", detail)


class UnknownCheckinError(CheckinError):
    """A console operation named a check-in this terminal does not hold (or no longer holds)."""


class WorkflowClosed(CheckinError):
    """A check-in asked to start after the terminal began closing (the app is quitting)."""

    def __init__(self) -> None:
        super().__init__("The terminal is closing.", "start after close")


class NotAllowedError(CheckinError):
    """A console operation that does not fit the check-in's state (override of an accepted one)."""


_TIMEOUT_MESSAGES = {
    Step.ACCESS_KEY: "No card was shown to the camera. Hold the front of the card up to the camera, "
                     "or ask the receptionist to type its details.",
    Step.WAIT_CARD: "No card was placed on the reader. Place the ID card flat on the reader.",
    Step.READ_IDENTITY: "Reading the card took too long. Place it on the reader again and hold it still.",
    Step.READ_PHOTO: "Reading the card took too long. Place it on the reader again and hold it still.",
}

# (error class, end state, failure code), most specific first
_CHIP_FAILURES: tuple[tuple[type[ChipError], CheckinState, str], ...] = (
    (CardRemovedError, CheckinState.CANCELLED, "card_removed"),
    (NoCardError, CheckinState.CANCELLED, "no_card"),
    (PasswordSuspendedError, CheckinState.FAILED, "card_locked"),
    (PasswordBlockedError, CheckinState.FAILED, "card_locked"),
    (AccessDeniedError, CheckinState.FAILED, "access_denied"),
    (PaceRefusedError, CheckinState.FAILED, "access_denied"),
    (AccessDataError, CheckinState.FAILED, "access_data"),
    (ReaderError, CheckinState.FAILED, "reader"),
    (ChipError, CheckinState.FAILED, "chip"),
)


def failure_of(step: Step, exc: BaseException) -> tuple[CheckinState, Failure]:
    """The end state and the failure record for an error raised during `step`."""
    if isinstance(exc, WrongPasswordError) and exc.password == "CAN":
        return CheckinState.FAILED, Failure(step, "wrong_can", exc.message, exc.detail)
    if isinstance(exc, ChipError):
        for cls, state, code in _CHIP_FAILURES:
            if isinstance(exc, cls):
                return state, Failure(step, code, exc.message, exc.detail)
    if isinstance(exc, CheckinCancelled):
        return CheckinState.CANCELLED, Failure(step, "cancelled", exc.message, exc.detail)
    if isinstance(exc, StepTimeout):
        state = CheckinState.CANCELLED if step in (Step.ACCESS_KEY, Step.WAIT_CARD) \
            else CheckinState.FAILED
        return state, Failure(step, "timeout", exc.message, exc.detail)
    if isinstance(exc, TerminalError):
        return CheckinState.FAILED, Failure(step, "error", exc.message, exc.detail)
    return CheckinState.FAILED, Failure(step, "internal",
                                        "Something went wrong. Please ask the receptionist.",
                                        mask_text(f"{type(exc).__name__}: {exc}"))
