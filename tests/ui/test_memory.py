"""Nothing of ours piles up in a kiosk that runs all day: whole check-ins through the kiosk on the
real parts leave no more frames, images, records, threads or background jobs behind than the
first ones did, and a console operation's background job is freed once it has answered."""

from __future__ import annotations

import gc
import threading
from collections import Counter

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QImage

from drivers.camera.frames import Frame
from drivers.idcard.sim.profile import load_profile
from terminal.checkin.records import CheckinRecord, PatientIdentity
from terminal.face.verifier import FaceEvent
from terminal.kiosk.screens import PreviewFrame, ResultScreen
from tests.support.kiosk_window import WAIT_MS, screen_of
from ui.workers import run_in_background

#: Our types a check-in makes, and the library types that carry its pictures.
WATCHED = (Frame, PreviewFrame, FaceEvent, CheckinRecord, PatientIdentity, np.ndarray, QImage)


def live_objects() -> Counter:
    """Live instances of the watched types (by name), and the threads running."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
    counts = Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, WATCHED))
    # a console operation's job and its answering signal object (ui/workers.py)
    counts["run_in_background"] = sum(1 for o in gc.get_objects()
                                      if type(o).__module__ == "ui.workers"
                                      and type(o).__name__ == "_Outcome")
    counts["threads"] = threading.active_count()
    return counts


def check_in(qtbot, kiosk, key, number: int) -> None:
    kiosk.start_typed(key)
    qtbot.waitUntil(lambda: isinstance(screen_of(kiosk), ResultScreen)
                    and screen_of(kiosk).ticket == f"A{number:03d}", timeout=WAIT_MS)
    qtbot.wait(300)  # the console's refreshes after the end answer


def test_check_ins_leave_nothing_of_theirs_behind(qtbot, open_kiosk):
    # the same card again and again: each time a new number (the repeat guard off)
    kiosk = open_kiosk("an", checkin={"one_ticket_a_day": False})
    key = load_profile("an").printed_access_key
    for number in (1, 2, 3):  # warm up: models, thread pools, caches
        check_in(qtbot, kiosk, key, number)
    before = live_objects()
    for number in range(4, 10):
        check_in(qtbot, kiosk, key, number)
    after = live_objects()
    grown = {name: (before[name], count) for name, count in after.items()
             if count > before[name] + 2}  # a frame or a job may be in flight at either count
    assert grown == {}, f"piled up over 6 check-ins (before, after): {grown}"


class _Work:
    """What a console operation's work holds (a check-in id, a reason): must be freed."""


def test_a_background_job_is_freed_once_it_has_answered(qtbot, qapp):
    parent, answers = QObject(), []
    before = live_objects()["run_in_background"]
    for _ in range(200):
        work = _Work()
        run_in_background(lambda work=work: work, answers.append, answers.append, parent)
    del work
    qtbot.waitUntil(lambda: len(answers) == 200, timeout=WAIT_MS)
    answers.clear()
    assert live_objects()["run_in_background"] <= before
    assert [o for o in gc.get_objects() if isinstance(o, _Work)] == []
