"""The kiosk window: full screen and frameless (sized to its screen by itself, so it covers it
with no window manager too), one patient screen at a time with text sized for the window, the
receptionist console behind the PIN, and no way out without the PIN (closing is refused in kiosk
mode)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QStackedWidget, QWidget

from terminal.kiosk.pin import PinGate
from terminal.kiosk.screens import (
    CameraScreen,
    CanEntryScreen,
    DepartmentScreen,
    ErrorScreen,
    IdleScreen,
    Language,
    PriorityScreen,
    ReadingScreen,
    ResultScreen,
    ReviewScreen,
    Screen,
    SlipsScreen,
)
from ui.console.console_view import ConsoleView
from ui.console.pin_dialog import PinDialog
from ui.screens.camera import CameraView
from ui.screens.can_entry import CanEntryView
from ui.screens.department import DepartmentView
from ui.screens.error import ErrorView
from ui.screens.idle import IdleView
from ui.screens.priority import PriorityView
from ui.screens.reading import ReadingView
from ui.screens.result import ResultView
from ui.screens.review import ReviewView
from ui.screens.slips import SlipsView
from ui.screens.view import ScreenView
from ui.theme import body_px

#: The keyboard way to the PIN prompt (the idle screen's Staff button is the touch way).
STAFF_SHORTCUT = "Ctrl+Alt+S"


class KioskWindow(QMainWindow):
    language_requested = Signal(Language)
    console_opened = Signal()
    can_entry_requested = Signal()
    keypad_pressed = Signal(object)
    priority_requested = Signal()
    priority_chosen = Signal(object)
    #: The patient touched "Done" on an ending screen.
    done_requested = Signal()
    #: The patient touched the larger-text toggle (the new state).
    larger_text_requested = Signal(bool)
    #: Each patient screen rendered (the voice guidance speaks its prompt).
    screen_shown = Signal(object)
    slip_answered = Signal(object, bool)
    slips_confirmed = Signal()
    department_chosen = Signal(str)

    def __init__(self, gate: PinGate, console: ConsoleView, kiosk_mode: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._gate = gate
        self._kiosk_mode = kiosk_mode
        self._may_close = not kiosk_mode
        self.pin_dialog: PinDialog | None = None
        self.setWindowTitle("Check-in")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.idle = IdleView()
        self.views: dict[type, ScreenView] = {
            IdleScreen: self.idle, ReadingScreen: ReadingView(), CameraScreen: CameraView(),
            ReviewScreen: ReviewView(), ResultScreen: ResultView(), ErrorScreen: ErrorView(),
            CanEntryScreen: CanEntryView(), PriorityScreen: PriorityView(),
            SlipsScreen: SlipsView(),
            DepartmentScreen: DepartmentView(),
        }
        self.larger_text = False
        for view in self.views.values():
            self.stack.addWidget(view)
            view.done_requested.connect(self.done_requested)
        self.console = console
        # No page may make the window larger than its screen: each page fits what it is given.
        console.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(console)
        self.idle.larger_text_requested.connect(self.larger_text_requested)
        self.idle.language_requested.connect(self.language_requested)
        self.idle.staff_requested.connect(self.ask_pin)
        self.views[ReviewScreen].staff_requested.connect(self.ask_pin)
        self.idle.can_entry_requested.connect(self.can_entry_requested)
        self.views[CanEntryScreen].key_pressed.connect(self.keypad_pressed)
        self.idle.priority_requested.connect(self.priority_requested)
        self.views[PriorityScreen].chosen.connect(self.priority_chosen)
        self.views[SlipsScreen].answered.connect(self.slip_answered)
        self.views[SlipsScreen].confirmed.connect(self.slips_confirmed)
        self.views[DepartmentScreen].chosen.connect(self.department_chosen)
        self.views[DepartmentScreen].language_requested.connect(self.language_requested)
        console.back_requested.connect(self.close_console)
        console.quit_requested.connect(self.leave)
        QShortcut(QKeySequence(STAFF_SHORTCUT), self, activated=self.ask_pin)
        self._screen: Screen | None = None
        if kiosk_mode:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)

    @property
    def screen_model(self) -> Screen | None:
        return self._screen

    def show_full_screen(self) -> None:
        """Frameless over the whole screen. Without a window manager nobody honours the full
        screen request, so the window takes the screen's geometry itself, and follows it when
        the screen changes (a rotated panel, another resolution)."""
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint)
        screen = self.screen()
        self.setGeometry(screen.geometry())
        screen.geometryChanged.connect(self.setGeometry)
        self.showFullScreen()

    def set_larger_text(self, larger: bool) -> None:
        """The patient screens' text: the size for the window, or LARGER_TEXT times it."""
        self.larger_text = larger
        self._size_text()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_text()

    def _size_text(self) -> None:
        body = body_px(self.width(), self.height(), self.larger_text)
        for view in self.views.values():
            view.set_body_px(body)

    def show_screen(self, screen: Screen) -> None:
        """Render a patient screen; while the console is open it is kept for when it closes."""
        self._screen = screen
        view = self.views[type(screen)]
        view.show_model(screen)
        if self.stack.currentWidget() is not self.console:
            self._raise(view)
            self.screen_shown.emit(screen)

    def _raise(self, view: QWidget) -> None:
        if self.stack.currentWidget() is not view:
            # the page takes the stack's size now, not at the next layout pass, so it fits
            # its text to the right room before it is first painted
            view.setGeometry(self.stack.contentsRect())
            self.stack.setCurrentWidget(view)

    def ask_pin(self) -> None:
        if self.stack.currentWidget() is self.console or self.pin_dialog is not None:
            return
        self.pin_dialog = PinDialog(self._gate, self)
        self.pin_dialog.accepted.connect(self.open_console)
        self.pin_dialog.finished.connect(self._forget_pin_dialog)
        self.pin_dialog.open()

    def _forget_pin_dialog(self) -> None:
        self.pin_dialog.deleteLater()
        self.pin_dialog = None

    def open_console(self) -> None:
        self.stack.setCurrentWidget(self.console)
        self.console.setFocus()
        self.console_opened.emit()

    def close_console(self) -> None:
        if self._screen is not None:
            self._raise(self.views[type(self._screen)])

    def leave(self) -> None:
        """Close the app: reached only from the console, so only with the PIN."""
        self._may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()
