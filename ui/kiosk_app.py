"""Wires the kiosk together: workflow events → KioskController → window, preview frames → the
camera screen, the timers (the hold of a final screen, the review's name, the countdown), "Done"
and the patient's toggles, and the console's operations run off the GUI thread. Which check-in is
shown and when the next starts is terminal/kiosk/current_run.py's."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut

from terminal.checkin.assembly import Terminal
from terminal.checkin.events import (CheckinFinished, CheckinFlagged, CheckinUpdated,
                                     DeviceStatusChanged, Event, PhotoRead, TicketRenumbered)
from terminal.checkin.records import AccessKeySource, CheckinState, Verdict
from terminal.checkin.workflow import CheckinRun
from terminal.errors import TerminalError
from terminal.kiosk.console import ConsoleSnapshot, console_snapshot
from terminal.kiosk.controller import KioskController, ScreenTimes, first_asked
from terminal.kiosk.current_run import CONSOLE_STAFF, CurrentRun
from terminal.kiosk.pin import PinGate
from terminal.kiosk.review_photos import ReviewPhotoDesk
from terminal.kiosk.screens import Awaiting, Language, PreviewFrame, Screen
from terminal.kiosk.typed_key import AccessKey
from terminal.simulators.card_hand import SimulatedCardHand
from ui.console.console_view import LOCK_AFTER_S, ConsoleView
from ui.console.texts import staff_error_text
from ui.kiosk_window import KioskWindow
from ui.language import LanguageSwitch
from ui.tester_strip import PLACE_KEY, REMOVE_KEY, TesterStrip
from ui.voice.guide import VoiceGuide
from ui.workers import EventBridge, run_in_background

log = logging.getLogger(__name__)

class KioskApp(QObject):
    def __init__(self, bridge: EventBridge, terminal: Terminal, window: KioskWindow,
                 controller: KioskController, switch: LanguageSwitch,
                 voice: VoiceGuide | None = None) -> None:
        super().__init__(window)
        self.terminal = terminal
        self.workflow = terminal.workflow
        self.actions = terminal.staff
        self.window = window
        self.controller = controller
        self.switch = switch
        # The priority and department the patient chose go with the check-in each start makes;
        # with [terminal] access_key = "keypad" no check-in scans a QR code: the keypad starts each.
        scans_qr = controller.first is Awaiting.QR_CODE
        self.current = CurrentRun(
            (lambda: self.workflow.start(None, AccessKeySource.QR,
                                         declared=self.controller.declared,
                                         department=self.controller.department))
            if scans_qr else None,
            lambda key, staff: self.actions.start_typed(key, staff, self.controller.department),
            self.actions.cancel,
            lambda key: self.workflow.start(key, AccessKeySource.CAN,
                                            declared=self.controller.declared,
                                            department=self.controller.department))
        self.hold = QTimer(self, singleShot=True, timeout=self._hold_over)
        self.name_timer = QTimer(self, singleShot=True, timeout=self._hide_name)
        #: Moves a countdown on while one is shown (several times a second: no second skipped).
        self.ticker = QTimer(self, interval=250, timeout=self._tick)
        # The chip and live photos of check-ins under review, in memory, for the console.
        self.photos = ReviewPhotoDesk()
        self._refreshes_started = self._refresh_shown = 0
        self._stopped = False
        bridge.event.connect(self.on_event)
        bridge.preview.connect(self.on_preview)
        window.language_requested.connect(self.set_language)
        window.console_opened.connect(self.refresh_console)
        checkins = window.console.checkins
        checkins.photos_of = self.photos.photos
        checkins.override_requested.connect(self.override)
        window.console.locked.connect(window.close_console)
        checkins.retry_requested.connect(self.retry)
        checkins.second_requested.connect(self.second_number)
        checkins.reprint_requested.connect(self.reprint)
        window.console.access_key.key_entered.connect(self.start_typed)
        window.can_entry_requested.connect(self.open_can_entry)
        window.keypad_pressed.connect(self.press_key)
        window.priority_requested.connect(self.open_priority)
        window.priority_chosen.connect(self.choose_priority)
        window.done_requested.connect(self.done)
        window.larger_text_requested.connect(self.set_larger_text)
        self.voice = voice or VoiceGuide(enabled=False)
        self._voice_default = self.voice.enabled
        self.voice_toggle = window.idle.voice_button
        self.voice_toggle.setChecked(self.voice.enabled)
        self.voice_toggle.toggled.connect(self.voice.set_enabled)
        window.screen_shown.connect(self._speak)
        window.slip_answered.connect(self.answer_slip)
        window.slips_confirmed.connect(self.confirm_slips)
        window.department_chosen.connect(self.choose_department)
        self._show(controller.back_to_idle())  # the department choice, when there is one
        self.tester: TesterStrip | None = None
        if terminal.hand is not None:
            self._give_tester(terminal.hand)

    def _give_tester(self, hand: SimulatedCardHand) -> None:
        """Simulated card: the tester strip (F5 / F6) and the console's control place it."""
        self.tester = strip = TesterStrip(hand.placed)
        self.window.setStatusBar(strip)
        devices = self.window.console.devices
        devices.show_simulated_card(hand.placed)
        hand.listen(strip.card_changed.emit)  # any thread: the control port's too
        strip.card_changed.connect(devices.show_simulated_card)
        for place in (strip.place_requested, devices.card_place_requested):
            place.connect(hand.place)
        for remove in (strip.remove_requested, devices.card_remove_requested):
            remove.connect(hand.take_away)
        QShortcut(QKeySequence(PLACE_KEY), self.window, activated=hand.place)
        QShortcut(QKeySequence(REMOVE_KEY), self.window, activated=hand.take_away)

    @property
    def run(self) -> CheckinRun | None:
        """The check-in in front of the kiosk."""
        return self.current.run

    def start(self) -> None:
        """Start waiting for the next patient (the card's QR code gives the key; on a keypad-first
        kiosk nothing waits: the six digits typed start the check-in)."""
        self.current.start()

    def stop(self, why: str = "kiosk stopped") -> None:
        """Take no more patients: the timers stop, the check-in in front of the kiosk is
        cancelled, and its end (still on its way) starts no next one."""
        self._stopped = True
        self.current.stop()
        for timer in (self.hold, self.name_timer, self.ticker):
            timer.stop()
        if self.run is not None and not self.run.done():
            self.workflow.cancel(self.run.checkin_id, why)

    def on_event(self, event: Event) -> None:
        if self._stopped:
            return
        if isinstance(event, (CheckinUpdated, DeviceStatusChanged, CheckinFinished,
                              TicketRenumbered, CheckinFlagged)):
            self.refresh_console()
        if isinstance(event, PhotoRead):
            self.photos.chip_photo(event.checkin_id, event.photo)
        elif isinstance(event, CheckinFinished):
            self.photos.finished(event.checkin_id, event.record.state is CheckinState.REVIEW)
        if not self.current.shows(event):
            return
        screen = self.controller.handle(event)
        if screen is not None:
            self._show(screen)
            hold = self.controller.hold_seconds()
            if hold is not None:
                self.hold.start(round(hold * 1000))
        self.current.ended(event, self.controller.hold_seconds())

    def on_preview(self, frame: PreviewFrame) -> None:
        if self.run is not None and not self.run.done():  # the face check's frames are its own
            self.photos.live_frame(self.run.checkin_id, frame)
        screen = self.controller.show_preview(frame)
        if screen is not None:
            self.window.show_screen(screen)

    def _speak(self, screen) -> None:
        if self.window.stack.currentWidget() is not self.window.console:  # staff at the screen
            self.voice.speak(screen, self.switch.current or Language.VIETNAMESE)

    def _show(self, screen: Screen) -> None:
        """Show a screen and time what it needs: its name's hiding, its countdown."""
        self.window.show_screen(screen)
        hide = self.controller.name_hide_s()
        if hide is None:
            self.name_timer.stop()
        elif not self.name_timer.isActive():
            self.name_timer.start(round(hide * 1000))
        if getattr(screen, "seconds_left", None) is not None:
            if not self.ticker.isActive():
                self.ticker.start()
        else:
            self.ticker.stop()

    def _hide_name(self) -> None:
        screen = self.controller.hide_name()
        if screen is not None:
            self.window.show_screen(screen)

    def _tick(self) -> None:
        screen = self.controller.tick()
        if screen is not None:
            self._show(screen)

    def _hold_over(self) -> None:
        """The patient's turn is over: the next starts in the kiosk's language and text size
        (the console keeps its own language)."""
        screen = self.controller.next_patient()
        self.switch.apply(self.controller.language)
        self.window.set_larger_text(False)
        # the next patient hears the voice as configured, whatever the last one chose
        self.voice_toggle.setChecked(self._voice_default)
        self._show(screen)
        self.current.hold_over()

    def done(self) -> None:
        """"Done" on an ending screen: as if its hold ran out, now."""
        self.hold.stop()
        self._hold_over()

    def set_language(self, language: Language) -> None:
        self.switch.apply(language)
        self._show(self.controller.set_language(language))

    def set_larger_text(self, larger: bool) -> None:
        self.window.set_larger_text(larger)
        self._show(self.controller.set_larger_text(larger))

    def refresh_console(self) -> None:
        actions, outbox = self.actions, self.terminal.outbox
        counts = self.terminal.eligibility.lookup_counts
        self._refreshes_started += 1
        number = self._refreshes_started
        run_in_background(lambda: console_snapshot(actions, outbox, counts),
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
        self.photos.forget(checkin_id)  # decided: the photos leave memory
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
        self._show(screen)

    def answer_slip(self, question: object, yes: bool) -> None:
        self._show(self.controller.answer_slip(question, yes))  # type: ignore[arg-type]

    def confirm_slips(self) -> None:
        """The patient confirmed their answers: they go to the check-in waiting for them."""
        screen, answers = self.controller.confirm_slips()
        if answers is not None:
            self.workflow.answer_slips(self.controller.checkin_id, answers)
        self._show(screen)

    def choose_department(self, code: str) -> None:
        """The department goes to the check-in waiting for the card (taken until its decision)."""
        screen = self.controller.choose_department(code)
        if self.controller.department and self.run is not None and not self.run.done():
            self.workflow.choose_department(self.run.checkin_id, self.controller.department)
        self.hold.stop()
        self._show(screen)

    def press_key(self, key: object) -> None:
        screen, entered = self.controller.press_key(key)  # type: ignore[arg-type]
        if entered is not None:
            self.hold.stop()
            self.current.enter_can(entered)
            self._show(screen)
            return
        self._show_held(screen)

    def _show_held(self, screen) -> None:
        self._show(screen)
        hold = self.controller.hold_seconds()
        if hold is not None:
            self.hold.start(round(hold * 1000))

    def start_typed(self, key: AccessKey) -> None:
        """The receptionist typed the card's key: the waiting check-in gives way to one with it."""
        self.hold.stop()  # the screen left up by the last check-in gives way too
        self.current.type_key(key)

    def _console_error(self, error: TerminalError) -> None:
        if self._stopped:  # an action or refresh that ended after the kiosk closed: nobody looks
            return
        log.warning("console action failed: %s (%s)", error.message, error.detail)
        self.window.console.show_message(staff_error_text(error.code))


def build_kiosk(terminal: Terminal, bridge: EventBridge, switch: LanguageSwitch, *,
                clinic_name: str, language: Language, pin_hash: str,
                kiosk_mode: bool = True, console_lock_s: float = LOCK_AFTER_S,
                voice: bool = False) -> KioskApp:
    """The kiosk window and its wiring over an assembled terminal whose listener is `bridge`
    (not started: call `start()` once the window is shown). `voice`: spoken guidance at start."""
    window = KioskWindow(PinGate(pin_hash), ConsoleView(lock_after_s=console_lock_s),
                         kiosk_mode=kiosk_mode)
    controller = KioskController(clinic_name, language, ScreenTimes.from_config(terminal.config),
                                 departments=terminal.workflow.department_choice,
                                 department_of=terminal.workflow.department,
                                 first=first_asked(terminal.config))
    return KioskApp(bridge, terminal, window, controller, switch, VoiceGuide(enabled=voice))
