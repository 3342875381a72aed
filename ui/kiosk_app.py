"""Wires the kiosk together: workflow events → KioskController → window, preview frames → the
camera screen, the hold timer of a final screen, and the console's operations run off the GUI
thread. Which check-in is shown and when the next starts is terminal/kiosk/current_run.py's."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from terminal.checkin.assembly import Terminal
from terminal.checkin.events import (CheckinFinished, CheckinUpdated, DeviceStatusChanged, Event,
                                     TicketRenumbered)
from terminal.checkin.records import AccessKeySource, Verdict
from terminal.checkin.workflow import CheckinRun
from terminal.kiosk.console import ConsoleSnapshot, console_snapshot
from terminal.kiosk.controller import KioskController
from terminal.kiosk.current_run import CONSOLE_STAFF, CurrentRun
from terminal.kiosk.pin import PinGate
from terminal.kiosk.screens import Language, PreviewFrame
from terminal.kiosk.typed_key import AccessKey
from ui.console.console_view import ConsoleView
from ui.kiosk_window import KioskWindow
from ui.language import LanguageSwitch
from ui.workers import EventBridge, run_in_background

class KioskApp(QObject):
    def __init__(self, bridge: EventBridge, terminal: Terminal, window: KioskWindow,
                 controller: KioskController, switch: LanguageSwitch) -> None:
        super().__init__(window)
        self.terminal = terminal
        self.workflow = terminal.workflow
        self.actions = terminal.staff
        self.window = window
        self.controller = controller
        self.switch = switch
        # the priority the patient declared on the kiosk goes with the check-in it starts
        self.current = CurrentRun(
            lambda: self.workflow.start(None, AccessKeySource.QR,
                                        declared=self.controller.declared,
                                        department=self.controller.department),
            lambda key, staff: self.actions.start_typed(key, staff, self.controller.department),
            self.actions.cancel,
            lambda key: self.workflow.start(key, AccessKeySource.CAN,
                                            declared=self.controller.declared,
                                            department=self.controller.department))
        self.hold = QTimer(self, singleShot=True, timeout=self._hold_over)
        self._refreshes_started = self._refresh_shown = 0
        bridge.event.connect(self.on_event)
        bridge.preview.connect(self.on_preview)
        window.language_requested.connect(self.set_language)
        window.console_opened.connect(self.refresh_console)
        checkins = window.console.checkins
        checkins.override_requested.connect(self.override)
        checkins.retry_requested.connect(self.retry)
        checkins.second_requested.connect(self.second_number)
        checkins.reprint_requested.connect(self.reprint)
        window.console.access_key.key_entered.connect(self.start_typed)
        window.can_entry_requested.connect(self.open_can_entry)
        window.keypad_pressed.connect(self.press_key)
        window.priority_requested.connect(self.open_priority)
        window.priority_chosen.connect(self.choose_priority)
        window.department_chosen.connect(self.choose_department)
        window.show_screen(controller.back_to_idle())  # the department choice, when there is one

    @property
    def run(self) -> CheckinRun | None:
        """The check-in in front of the kiosk."""
        return self.current.run

    def start(self) -> None:
        """Start waiting for the next patient (the card's QR code gives the key)."""
        self.current.start()

    def on_event(self, event: Event) -> None:
        if self.workflow.closed:  # an event queued before the terminal closed: nothing to start
            return
        if isinstance(event, (CheckinUpdated, DeviceStatusChanged, CheckinFinished,
                              TicketRenumbered)):
            self.refresh_console()
        if not self.current.shows(event):
            return
        screen = self.controller.handle(event)
        if screen is not None:
            self.window.show_screen(screen)
            hold = self.controller.hold_seconds()
            if hold is not None:
                self.hold.start(round(hold * 1000))
        self.current.ended(event, self.controller.hold_seconds())

    def on_preview(self, frame: PreviewFrame) -> None:
        screen = self.controller.show_preview(frame)
        if screen is not None:
            self.window.show_screen(screen)

    def _hold_over(self) -> None:
        self.window.show_screen(self.controller.back_to_idle())
        self.current.hold_over()

    def set_language(self, language: Language) -> None:
        self.switch.apply(language)
        self.window.show_screen(self.controller.set_language(language))

    def refresh_console(self) -> None:
        actions, outbox = self.actions, self.terminal.outbox
        self._refreshes_started += 1
        number = self._refreshes_started
        run_in_background(lambda: console_snapshot(actions, outbox),
                          lambda snapshot: self._show_snapshot(number, snapshot),
                          self._console_error, self)

    def _show_snapshot(self, number: int, snapshot: ConsoleSnapshot) -> None:
        # Refreshes run side by side in the thread pool and may answer out of order: an older
        # one answering last would leave stale rows up until the next event.
        if number < self._refresh_shown:
            return
        self._refresh_shown = number
        self.window.console.show_snapshot(snapshot)

    def override(self, checkin_id: str, verdict: Verdict, staff: str, reason: str) -> None:
        held = self.actions.held(checkin_id)
        if held is not None and held.decision is not None and \
                "priority_declared" in held.decision.reason_codes:
            # waiting only for the declared priority: approve grants it, reject refuses it (the
            # patient is checked in either way, with a priority or an ordinary number)
            confirmed = verdict is Verdict.ACCEPT
            run_in_background(
                lambda: self.actions.confirm_priority(checkin_id, staff, confirmed, reason),
                lambda _record: self.refresh_console(), self._console_error, self)
            return
        run_in_background(lambda: self.actions.override(checkin_id, staff, reason, verdict),
                          lambda _record: self.refresh_console(), self._console_error, self)

    def retry(self, checkin_id: str) -> None:
        run_in_background(lambda: self.actions.retry_eligibility(checkin_id, CONSOLE_STAFF),
                          lambda _record: self.refresh_console(), self._console_error, self)

    def second_number(self, checkin_id: str, staff: str, reason: str) -> None:
        run_in_background(lambda: self.actions.second_ticket(checkin_id, staff, reason),
                          lambda _record: self.refresh_console(), self._console_error, self)

    def reprint(self, checkin_id: str) -> None:
        run_in_background(lambda: self.actions.reprint(checkin_id, CONSOLE_STAFF),
                          lambda _record: self.refresh_console(), self._console_error, self)

    def open_can_entry(self) -> None:
        """The patient asked for the keypad: the check-in waiting for a QR code gives way."""
        self.hold.stop()
        self.current.give_way()
        self._show_held(self.controller.open_can_entry())

    def open_priority(self) -> None:
        """The patient wants to declare a priority before placing the card."""
        self.hold.stop()
        self._show_held(self.controller.open_priority())

    def choose_priority(self, reason: object) -> None:
        """The choice goes to the check-in waiting for the card (taken until its decision)."""
        screen = self.controller.choose_priority(reason)  # type: ignore[arg-type]
        if self.run is not None and not self.run.done():
            self.workflow.declare_priority(self.run.checkin_id, self.controller.declared)
        self.hold.stop()
        self.window.show_screen(screen)

    def choose_department(self, code: str) -> None:
        """The department goes to the check-in waiting for the card (taken until its decision)."""
        screen = self.controller.choose_department(code)
        if self.controller.department and self.run is not None and not self.run.done():
            self.workflow.choose_department(self.run.checkin_id, self.controller.department)
        self.hold.stop()
        self.window.show_screen(screen)

    def press_key(self, key: object) -> None:
        screen, entered = self.controller.press_key(key)  # type: ignore[arg-type]
        if entered is not None:
            self.hold.stop()
            self.current.enter_can(entered)
            self.window.show_screen(screen)
            return
        self._show_held(screen)

    def _show_held(self, screen) -> None:
        self.window.show_screen(screen)
        hold = self.controller.hold_seconds()
        if hold is not None:
            self.hold.start(round(hold * 1000))

    def start_typed(self, key: AccessKey) -> None:
        """The receptionist typed the card's key: the waiting check-in gives way to one with it."""
        self.hold.stop()  # the screen left up by the last check-in gives way too
        self.current.type_key(key)

    def _console_error(self, message: str) -> None:
        self.window.console.show_message(message)


def build_kiosk(terminal: Terminal, bridge: EventBridge, switch: LanguageSwitch, *,
                clinic_name: str, language: Language, pin_hash: str,
                kiosk_mode: bool = True) -> KioskApp:
    """The kiosk window and its wiring over an assembled terminal whose listener is `bridge`
    (not started: call `start()` once the window is shown)."""
    window = KioskWindow(PinGate(pin_hash), ConsoleView(), kiosk_mode=kiosk_mode)
    controller = KioskController(clinic_name, language,
                                 departments=terminal.workflow.department_choice,
                                 department_of=terminal.workflow.department)
    return KioskApp(bridge, terminal, window, controller, switch)
