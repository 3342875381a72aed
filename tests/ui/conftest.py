"""The kiosk's QApplication for UI tests: theme, fonts and translations as in production."""

from __future__ import annotations

import os

import pytest

from drivers.idcard.sim.chip import ChipFaults
from drivers.sim_media import REPLAY_DIR
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.config import config_from_dict
from terminal.kiosk.pin import PinGate
from terminal.kiosk.preview import previewed
from terminal.kiosk.screens import Language
from ui.app import build_application
from ui.console.console_view import ConsoleView
from ui.kiosk_app import KioskApp, build_kiosk
from ui.kiosk_window import KioskWindow
from ui.workers import EventBridge

# pytest-qt's session-wide QApplication starts before any per-test fixture: no display here.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture
def switch(qapp):
    _app, language_switch = build_application(Language.VIETNAMESE)
    yield language_switch
    language_switch.apply(Language.VIETNAMESE)


@pytest.fixture
def window(qtbot, switch):
    kiosk = KioskWindow(PinGate(""), ConsoleView(), kiosk_mode=True)
    qtbot.addWidget(kiosk)
    kiosk.resize(1920, 1080)
    kiosk.show()
    yield kiosk
    kiosk.leave()


@pytest.fixture
def open_kiosk(qtbot, switch, tmp_path):
    opened = []

    def make(profile: str = "an", *, camera: str = "live.mp4", chip_faults: ChipFaults = ChipFaults(),
             card_in_hand: bool = False, **tables) -> KioskApp:
        # No card's QR is in front of the camera (the clip of a face): each wait for a QR ends
        # quietly after a second and starts again, while the receptionist types the key.
        config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                                   "checkin": {"access_key_timeout_s": 1.0,
                                               **tables.pop("checkin", {})}, **tables})
        bridge = EventBridge()
        terminal = build_terminal(config, bridge, face_camera=previewed(bridge.show_preview),
                                  sim=SimOptions(profile=profile, chip_faults=chip_faults,
                                                 card_in_hand=card_in_hand,
                                                 # in the tester's hand: the card's front too
                                                 camera_source="" if card_in_hand
                                                 else str(REPLAY_DIR / profile / camera)))
        kiosk = build_kiosk(terminal, bridge, switch, clinic_name="Phòng khám Hoà Bình",
                            language=Language.VIETNAMESE, pin_hash="")
        opened.append(kiosk)
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        kiosk.start()
        return kiosk

    yield make
    for kiosk in opened:
        kiosk.stop("test over")  # a cancelled wait's end, still queued, starts nothing more
        kiosk.terminal.close()
        kiosk.window.leave()
