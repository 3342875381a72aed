"""Which check-in the kiosk shows, and when the next one starts, without Qt: a check-in waits for
the next patient's card (its QR code) at all times (on a keypad-first kiosk none: the six digits
typed start one); a key typed at the console takes its place;
the next one starts when a check-in ends with nothing to read on screen, or when the screen it
left up has been read (ui/ times the hold and says when it is over)."""

from __future__ import annotations

from collections.abc import Callable

from drivers.idcard.access_key import AccessKey
from terminal.checkin.errors import WorkflowClosed
from terminal.checkin.events import CheckinEvent, CheckinFinished, Event
from terminal.checkin.workflow import CheckinRun

#: Who the audit trail names for a key typed at the console (the override dialog asks a name).
CONSOLE_STAFF = "console"
#: Who the audit trail names when a patient opens the keypad (the waiting check-in gives way).
KIOSK_PATIENT = "patient at the kiosk"


class CurrentRun:
    """The check-in in front of the kiosk. `wait_for_card` starts one that scans the card's QR
    code; `type_key(key, staff)` starts one with a key typed at the console; `cancel(id, staff)`
    ends one; `enter_can(key)` starts one with the six digits a patient typed on the kiosk's
    keypad (the workflow and the staff's actions give these). `wait_for_card` None: the kiosk
    scans no QR code ([terminal] access_key = "keypad"): nothing waits between patients, the
    keypad's digits start each check-in."""

    def __init__(self, wait_for_card: Callable[[], CheckinRun] | None,
                 type_key: Callable[[AccessKey, str], CheckinRun],
                 cancel: Callable[[str, str], bool],
                 enter_can: Callable[[AccessKey], CheckinRun] | None = None) -> None:
        self._wait_for_card = wait_for_card
        self._type_key = type_key
        self._cancel = cancel
        self._enter_can = enter_can
        self.run: CheckinRun | None = None
        self._stopped = False

    def start(self) -> None:
        """Wait for the next patient: a check-in that scans the card's QR code (none once the
        kiosk is stopped or the terminal closing: an end still on its way to the screen then
        starts nothing)."""
        if self._stopped:
            return
        if self._wait_for_card is None:
            self.run = None
            return
        try:
            self.run = self._wait_for_card()
        except WorkflowClosed:
            self.run = None

    def stop(self) -> None:
        """The kiosk closes: no next check-in starts, even for an end still on its way to the
        screen (the one running is the caller's to cancel)."""
        self._stopped = True

    def shows(self, event: Event) -> bool:
        """Whether the kiosk's screen follows `event`: the current check-in's events, and those
        of no check-in (a check-in given way to, for a typed key, ends unseen)."""
        if not isinstance(event, CheckinEvent):
            return True
        return self.run is not None and event.checkin_id == self.run.checkin_id

    def ended(self, event: Event, hold_s: float | None) -> bool:
        """After the screen took `event`: when the current check-in ended and left nothing to
        read (`hold_s` None: no card came), the next one starts now (on a keypad-first kiosk: the
        kiosk is ready for the next patient's digits). True when it did."""
        if not (isinstance(event, CheckinFinished) and self.shows(event)) or hold_s is not None \
                or self._stopped:
            return False
        self.start()
        return True

    def hold_over(self) -> bool:
        """The screen left up has been read: the next check-in starts, unless one still runs
        (a typed key's, started meanwhile). True when it started."""
        if self.run is not None and not self.run.done() or self._stopped:
            return False
        self.start()
        return True

    def type_key(self, key: AccessKey, staff: str = CONSOLE_STAFF) -> None:
        """The receptionist typed the card's key: the waiting check-in gives way to one with it."""
        if self.run is not None and not self.run.done():
            self._cancel(self.run.checkin_id, staff)
        self.run = self._type_key(key, staff)

    def give_way(self, who: str = KIOSK_PATIENT) -> None:
        """The patient opened the keypad: the check-in waiting for a QR code gives way."""
        if self.run is not None and not self.run.done():
            self._cancel(self.run.checkin_id, who)

    def enter_can(self, key: AccessKey) -> None:
        """The patient typed the card's six digits on the keypad: a check-in with that key."""
        if self._enter_can is None:
            raise RuntimeError("this kiosk takes no typed card number")
        self.give_way()
        self.run = self._enter_can(key)
