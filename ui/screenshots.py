"""Renders every kiosk screen and console page, in Vietnamese and in English, to PNG files, from
hand-made example records, so anyone can look at the screens without hardware or a display."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtWidgets import QApplication

from terminal.checkin.face_check import area_in_frame
from terminal.checkin.records import (
    CheckinState,
    CheckinSummary,
    Device,
    DeviceStatus,
    EligibilityStatus,
    Health,
    Payer,
    Verdict,
)
from terminal.devices import replay_file
from terminal.face.landmarks import FaceFinder
from terminal.face.models import shared_loader
from terminal.face.quality import assess
from terminal.eligibility.lookup_cache import LookupCounts
from terminal.kiosk.console import ConsoleSnapshot, QueueItem, QueueKind
from terminal.kiosk.pin import PinGate
from terminal.checkin.departments import DepartmentState
from terminal.checkin.priority import PriorityReason
from terminal.kiosk.screens import (
    Awaiting,
    DepartmentOption,
    DepartmentScreen,
    PriorityScreen,
    CameraScreen,
    CanEntryProblem,
    CanEntryScreen,
    ErrorScreen,
    FaceArea,
    Guidance,
    HiStatus,
    IdleScreen,
    KioskError,
    Language,
    LivenessPrompt,
    NextStep,
    PreviewFrame,
    ReadingScreen,
    ReadStep,
    ResultScreen,
    ReviewScreen,
    Screen,
    SlipsScreen,
)
from ui.console.console_view import ConsoleView
from ui.kiosk_window import KioskWindow
from ui.language import LanguageSwitch

#: The size screenshots are taken at by default: a common full-HD kiosk screen.
SCREEN_SIZE = (1920, 1080)
EXAMPLE_NAME = "Nguyễn Thị Ánh Dương"  # invented, with every kind of diacritic
#: A frame of a simulated patient's camera clip (chi's, made from collins.jpg).
EXAMPLE_PHOTO = replay_file("chi", "still.jpg")


def example_frame() -> PreviewFrame:
    image = Image.open(EXAMPLE_PHOTO).convert("RGB")
    return PreviewFrame(image.width, image.height, image.tobytes())


def example_face_area() -> FaceArea | None:
    """The box the face check's quality gate puts around the example frame's face."""
    gray = np.asarray(Image.open(EXAMPLE_PHOTO).convert("L"))
    report = assess(gray, FaceFinder(shared_loader().get()))
    return area_in_frame(report.box, gray.shape[1], gray.shape[0]) if report.box else None


def example_screens(clinic_name: str, language: Language) -> dict[str, Screen]:
    """Screen name → record, one per screen the kiosk can show."""
    frame, area = example_frame(), example_face_area()
    screens: dict[str, Screen] = {
        "idle": IdleScreen(clinic_name, language),
        "idle-card": IdleScreen(clinic_name, language, Awaiting.CARD, 27),
        "idle-larger-text": IdleScreen(clinic_name, language, larger_text=True),
        "idle-keypad": IdleScreen(clinic_name, language, Awaiting.CAN),
        "reading": ReadingScreen(ReadStep.READING_PHOTO, 0.55),
        "camera-hold-still": CameraScreen(Guidance.HOLD_STILL, area, None, frame),
        "camera": CameraScreen(Guidance.HOLD_STILL, area, LivenessPrompt.BLINK_OR_TURN, frame, 6),
        "review": ReviewScreen(EXAMPLE_NAME),
        "review-name-hidden": ReviewScreen(EXAMPLE_NAME, name_shown=False),
        "result-covered": ResultScreen(EXAMPLE_NAME, HiStatus.COVERED, "A012", NextStep.WAIT_FOR_CALL, "A", language=language),
        "result-paying": ResultScreen(EXAMPLE_NAME, HiStatus.NOT_COVERED, "A013", NextStep.PAY_AT_CASHIER, "A", language=language),
        "result-check-later": ResultScreen(EXAMPLE_NAME, HiStatus.CHECK_LATER, "A014",
                                           NextStep.WAIT_FOR_CALL, "A", language=language),
        "result-priority-room": ResultScreen(EXAMPLE_NAME, HiStatus.COVERED, "UT-003",
                                             NextStep.WAIT_FOR_CALL, "A",
                                             priority=PriorityReason.AGED_75_PLUS, room="105",
                                             floor="1", language=language),
        "result-repeat-no-slip": ResultScreen(EXAMPLE_NAME, HiStatus.COVERED, "A012",
                                              NextStep.WAIT_FOR_CALL, "A", repeated=True,
                                              slip_missing=True, language=language),
    }
    screens["result-department-ahead"] = ResultScreen(
        EXAMPLE_NAME, HiStatus.COVERED, "B007", NextStep.WAIT_FOR_CALL, "B", room="P.105",
        floor="1", department_vi="Khám Nhi", department_en="Paediatrics", ahead=4,
        language=language)
    screens["departments"] = DepartmentScreen((
        DepartmentOption("NOI", "Khám Nội", "Internal medicine", "P.101", "1",
                         DepartmentState.FULL, "NHI"),
        DepartmentOption("NHI", "Khám Nhi", "Paediatrics", "P.105", "1", DepartmentState.OPEN),
        DepartmentOption("SAN", "Khám Sản", "Obstetrics", "P.110", "1", DepartmentState.FULL,
                         "NHI"),
        DepartmentOption("RHM", "Răng Hàm Mặt", "Dental", "P.201", "2",
                         DepartmentState.CLOSED, "NHI")), language=language,
        session_full=("SAN",))
    screens["priority"] = PriorityScreen(chosen=PriorityReason.PREGNANT)
    screens["slips"] = SlipsScreen(80, 0, referral=False)
    screens["result-share-exempt"] = ResultScreen(EXAMPLE_NAME, HiStatus.COVERED, "A015",
                                                  NextStep.WAIT_FOR_CALL, "A", fund_pct=100,
                                                  copay_exempt=True)
    screens["can-entry"] = CanEntryScreen("0045", seconds_left=52)
    screens["can-entry-wrong"] = CanEntryScreen("", CanEntryProblem.WRONG_CAN, 60)
    screens.update({f"error-{error.value}": ErrorScreen(error) for error in KioskError})
    return screens


def example_snapshot(now: datetime) -> ConsoleSnapshot:
    def row(minutes: int, ticket: str, name: str, state: CheckinState,
            eligibility: EligibilityStatus | None, overridden: bool = False,
            reasons: tuple[str, ...] = ()) -> CheckinSummary:
        return CheckinSummary(f"c{minutes}", now - timedelta(minutes=minutes), state, name,
                              "0790******12", Verdict.ACCEPT if ticket else None,
                              Payer.INSURED if ticket else None, eligibility, ticket,
                              reasons=reasons, overridden=overridden)
    down_since = now - timedelta(minutes=6)
    return ConsoleSnapshot(
        checkins=(row(1, "", "H. V. K.", CheckinState.REVIEW, EligibilityStatus.ELIGIBLE,
                      reasons=("face_review",)),
                  row(3, "", "T. T. M.", CheckinState.REVIEW, EligibilityStatus.ELIGIBLE,
                      reasons=("signer_issuer_unknown",)),
                  row(5, "A012", "N. T. Á. D.", CheckinState.DONE, EligibilityStatus.PENDING),
                  row(12, "", "P. M. Đ.", CheckinState.FAILED, None),
                  row(30, "A011", "L. T. H.", CheckinState.DONE, EligibilityStatus.ELIGIBLE, True,
                      reasons=("face_review", "override")),
                  row(42, "A010", "T. V. B.", CheckinState.DONE, EligibilityStatus.ELIGIBLE)),
        queue=(QueueItem("A012", "N. T. Á. D.", now - timedelta(minutes=5), 3,
                         now + timedelta(seconds=40), "The gateway did not answer (timeout).",
                         QueueKind.ELIGIBILITY_LOOKUP),
               QueueItem("A012", "N. T. Á. D.", now - timedelta(minutes=5), 0)),
        devices=(DeviceStatus(Device.READER, Health.OK, "Card read."),
                 DeviceStatus(Device.CAMERA, Health.OK, "Face checked."),
                 DeviceStatus(Device.GATEWAY, Health.DOWN, "Not reachable since 6 minutes",
                              "The gateway did not answer (timeout).", down_since,
                              last_error_code="timeout"),
                 DeviceStatus(Device.HIS, Health.OK, "11 check-in item(s) sent.",
                              counts=(("delivered", 11),)),
                 DeviceStatus(Device.QUEUE, Health.DEGRADED, "1 waiting to be sent",
                              counts=(("waiting", 1), ("dead", 0)))),
        gateway_lookups=LookupCounts(gateway_last_hour=42, cache_last_hour=7, quota_per_hour=100),
        unidentified=4)


def write_screenshots(out_dir: Path, clinic_name: str, size: tuple[int, int] = SCREEN_SIZE,
                      languages: tuple[Language, ...] = tuple(Language)) -> list[Path]:
    """One PNG per screen and language (`idle.vi.png`, ...), and per console page, of a window
    of `size` pixels. A larger-text screen has `-larger-text` in its name."""
    app = QApplication.instance()
    switch = LanguageSwitch(app)
    window = KioskWindow(PinGate(""), ConsoleView(), kiosk_mode=False)
    window.resize(*size)
    window.show()
    written: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for language in languages:
        switch.apply(language)
        for name, screen in example_screens(clinic_name, language).items():
            window.set_larger_text(name.endswith("larger-text"))
            window.show_screen(screen)
            written.append(_save(window, out_dir / f"{name}.{language.value}.png"))
        window.set_larger_text(False)
        window.console.show_snapshot(example_snapshot(datetime.now().replace(microsecond=0)))
        window.open_console()
        window.console.checkins.select_checkin("c1")  # the row under review: its actions enabled
        for index, name in enumerate(("checkins", "queue", "devices", "access-key")):
            window.console.tabs.setCurrentIndex(index)
            written.append(_save(window, out_dir / f"console-{name}.{language.value}.png"))
        window.close_console()
    window.close()
    return written


def _save(window: KioskWindow, path: Path) -> Path:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"cannot write the screenshot {path}")
    return path
