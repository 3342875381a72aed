"""Work off the GUI thread: the workflow's events arrive as a Qt signal, and console operations
(HTTP lookups, SQLite) run in the thread pool with their result or error sent back by signal.
Widgets are only ever touched in slots, on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from terminal.checkin.events import Event
from terminal.errors import TerminalError
from terminal.kiosk.screens import PreviewFrame


class EventBridge(QObject):
    """A workflow listener callable from any thread: each event is re-emitted as `event`, which
    Qt queues to the receivers' (GUI) thread."""

    event = Signal(object)
    #: A camera preview frame (terminal.kiosk.screens.PreviewFrame), from the capture thread.
    preview = Signal(object)

    def __call__(self, event: Event) -> None:
        self.event.emit(event)

    def show_preview(self, frame: PreviewFrame) -> None:
        self.preview.emit(frame)


class _Outcome(QObject):
    done = Signal(object)
    failed = Signal(object)


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[TerminalError], None], parent: QObject) -> None:
    """Run `work` in the global thread pool; `on_done(result)` or `on_failed(error)` runs on
    `parent`'s thread (the UI words the error by its `code`). `parent` keeps the signal object
    alive until then.

    The pool is given a plain function, not a QRunnable subclass: the pool deletes a runnable
    it ran from C++, and the Python side of a subclassed one (with the work and the signal
    object it holds) was then never freed, a few per hundred console refreshes."""
    outcome = _Outcome(parent)
    outcome.done.connect(on_done)
    outcome.failed.connect(on_failed)
    outcome.done.connect(outcome.deleteLater)
    outcome.failed.connect(outcome.deleteLater)

    def job() -> None:
        try:
            result = work()
        except TerminalError as exc:  # a case the receptionist can act on
            outcome.failed.emit(exc)
            return
        outcome.done.emit(result)

    QThreadPool.globalInstance().start(job)
