"""The speed the patient feels, to the screen: a real kiosk window (offscreen) on the real workflow,
the face check started with the access key (liveness while the card is placed and read) against
today's order (the face check started once the chip's identity is read), in the same run.

1. card on the reader → result screen shown, the key typed and the patient in front of the camera
   for LEAD_S before the card is placed (liveness already passed in our order);
2. a whole visit: the kiosk idle (waiting for the card's QR code) → result screen with the ticket.

Real parts: the simulated chip with a per-command delay like a contactless link, the replay
camera in real time with the live preview, the gateway simulator on loopback with its latency,
the HIS simulator and the sender, SQLite day book and outbox. Also where the time goes after the
card is placed (each step's moment, from the workflow's events, stamped as they are emitted).
Run: python tests/bench/bench_workflow.py [--rounds N] [--apdu-ms MS] [--latency-ms MS]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from drivers.idcard.sim.chip import ChipFaults  # noqa: E402
from drivers.idcard.sim.profile import load_profile  # noqa: E402
from terminal.checkin import events as ev  # noqa: E402
from terminal.checkin.assembly import SimOptions, Terminal, build_terminal  # noqa: E402
from terminal.checkin.records import Step  # noqa: E402
from terminal.config import config_from_dict  # noqa: E402
from terminal.kiosk.preview import previewed  # noqa: E402
from terminal.kiosk.screens import Language, ResultScreen  # noqa: E402
from ui.app import build_application  # noqa: E402
from ui.kiosk_app import KioskApp, build_kiosk  # noqa: E402
from ui.workers import EventBridge  # noqa: E402

PROFILE = "an"
#: How long the patient is in front of the camera, key typed, before the card is on the reader.
LEAD_S = 2.0
#: What happens after the card is placed, in the order it happens (the events that mark it).
MOMENTS = ("card seen", "identity", "photo", "lookup", "face", "decision", "ticket", "screen")
#: What happens in a whole visit, from the idle kiosk.
VISIT_MOMENTS = ("key", "card seen", "face seen", "liveness", "identity", "photo", "lookup",
                 "face", "decision", "ticket", "screen")
OURS, TODAY = "ours (face check from the key)", "today (face check after the identity)"


class Stamps:
    """When each moment of the current check-in happened (time.perf_counter, at emission in the
    workflow's threads; `screen` when the kiosk window has painted the result)."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.liveness_at: float | None = None

    def listener(self, event: ev.Event) -> None:
        now = time.perf_counter()
        moment = {ev.PatientIdentified: "identity", ev.PhotoRead: "photo",
                  ev.EligibilityChecked: "lookup", ev.FaceChecked: "face",
                  ev.Decided: "decision", ev.TicketIssued: "ticket"}.get(type(event))
        if isinstance(event, ev.StepFinished) and event.step is Step.WAIT_CARD:
            moment = "card seen"
        if isinstance(event, ev.StepFinished) and event.step is Step.ACCESS_KEY:
            moment = "key"
        if isinstance(event, ev.FaceGuidance) and event.code == "ok":
            moment = "face seen"
        if isinstance(event, ev.FaceGuidance) and event.code == "liveness":
            self.liveness_at = now
            moment = "liveness"
        if moment is not None:
            self.at.setdefault(moment, now)


class Kiosk:
    """One kiosk window over its own terminal (ours or today's order)."""

    def __init__(self, data_dir: str, early_face: bool, apdu_ms: float, latency_ms: int,
                 switch) -> None:
        self.stamps = Stamps()
        bridge = EventBridge()
        config = config_from_dict({"paths": {"data_dir": data_dir},
                                   "checkin": {"one_ticket_a_day": False}})
        self.terminal: Terminal = build_terminal(
            config, ev.fan_out(self.stamps.listener, bridge), early_face=early_face,
            face_camera=previewed(bridge.show_preview),
            sim=SimOptions(PROFILE, ChipFaults(delay_ms=apdu_ms)))
        assert self.terminal.eligibility.simulator is not None
        self.terminal.eligibility.simulator.faults.set(latency_ms=latency_ms)
        self.app: KioskApp = build_kiosk(self.terminal, bridge, switch, clinic_name="Phòng khám",
                                         pin_hash="", language=Language.VIETNAMESE,
                                         kiosk_mode=False)
        self.app.window.resize(1920, 1080)
        self.app.window.show()
        self.shown_at: float | None = None
        show = self.app.window.show_screen

        def show_and_paint(screen) -> None:
            show(screen)
            if isinstance(screen, ResultScreen) and self.shown_at is None:
                self.app.window.repaint()  # painted, as the patient sees it
                self.shown_at = time.perf_counter()

        self.app.window.show_screen = show_and_paint  # type: ignore[method-assign]

    def _until_result(self, what: str) -> float:
        deadline = time.monotonic() + 30
        while self.shown_at is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"{what}: no result screen, at {self.app.window.screen_model}")
            QApplication.processEvents()
            time.sleep(0.001)
        return self.shown_at

    def _reset(self) -> None:
        self.app.hold.stop()  # no next check-in: each round starts it itself
        self.app.window.show_screen(self.app.controller.back_to_idle())
        QApplication.processEvents()
        self.shown_at, self.stamps.at, self.stamps.liveness_at = None, {}, None

    def card_to_screen(self) -> tuple[float, dict[str, float], bool]:
        """Key typed, LEAD_S in front of the camera, then the card: seconds from the card to the
        result screen, each moment's ms from the card, and whether liveness had passed by then."""
        self._reset()
        transport = self.terminal.transport
        transport.take_card_away()  # type: ignore[attr-defined]
        self.app.start_typed(load_profile(PROFILE).printed_access_key)
        lead_until = time.perf_counter() + LEAD_S
        while time.perf_counter() < lead_until:
            QApplication.processEvents()
            time.sleep(0.005)
        placed = time.perf_counter()
        transport.place_card()  # type: ignore[attr-defined]
        shown = self._until_result("card to screen")
        passed = self.stamps.liveness_at is not None and self.stamps.liveness_at < placed
        self.stamps.at["screen"] = shown
        return shown - placed, {k: (t - placed) * 1000 for k, t in self.stamps.at.items()}, passed

    def visit(self) -> tuple[float, dict[str, float]]:
        """The kiosk idle and waiting for a card's QR code; the card front is shown, the card is
        on the reader and the patient at the camera: seconds until the result screen, and each
        moment's ms from the start."""
        self._reset()
        began = time.perf_counter()
        self.app.start()
        shown = self._until_result("visit")
        self.stamps.at["screen"] = shown
        return shown - began, {k: (t - began) * 1000 for k, t in self.stamps.at.items()}

    def close(self) -> None:
        self._reset()
        run = self.app.run
        if run is not None and not run.done():
            run.cancel("benchmark over")
        self.terminal.close()
        self.app.window.close()


def _median(values) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--apdu-ms", type=float, default=4.0,
                        help="delay per chip command (contactless round trip)")
    parser.add_argument("--latency-ms", type=int, default=150, help="gateway simulator latency")
    args = parser.parse_args()
    app, switch = build_application(Language.VIETNAMESE)  # noqa: F841 - kept alive
    card: dict[str, list[float]] = {OURS: [], TODAY: []}
    visits: dict[str, list[float]] = {OURS: [], TODAY: []}
    moments: dict[str, list[dict[str, float]]] = {OURS: [], TODAY: []}
    visit_moments: dict[str, list[dict[str, float]]] = {OURS: [], TODAY: []}
    passed_before_card = 0
    with tempfile.TemporaryDirectory() as tmp:
        kiosks = {OURS: Kiosk(f"{tmp}/ours", True, args.apdu_ms, args.latency_ms, switch),
                  TODAY: Kiosk(f"{tmp}/today", False, args.apdu_ms, args.latency_ms, switch)}
        try:
            for kiosk in kiosks.values():  # warm-up: face models, gateway login, first writes
                kiosk.visit()
            for _ in range(args.rounds):  # interleaved, so both see the same machine load
                for name in (TODAY, OURS):
                    seconds, at, passed = kiosks[name].card_to_screen()
                    card[name].append(seconds)
                    moments[name].append(at)
                    passed_before_card += passed and name == OURS
                    seconds, at = kiosks[name].visit()
                    visits[name].append(seconds)
                    visit_moments[name].append(at)
        finally:
            for kiosk in kiosks.values():
                kiosk.close()
    print(f"kiosk window (offscreen, 1920x1080), median of {args.rounds}; chip "
          f"{args.apdu_ms:g} ms/command, gateway latency {args.latency_ms} ms, replay camera in "
          f"real time with preview")
    report: Callable[[str, dict[str, list[float]], float], None]

    def report(title: str, runs: dict[str, list[float]], goal_s: float) -> None:
        ours, today = _median(runs[OURS]), _median(runs[TODAY])
        print(f"{title} (goal ≤ {goal_s:g} s)")
        for name in (TODAY, OURS):
            values = ", ".join(f"{v * 1000:.0f}" for v in sorted(runs[name]))
            print(f"  {name:40s} {_median(runs[name]) * 1000:6.0f} ms   ({values})")
        print(f"  ratio today / ours = {today / ours:.2f}x; goal "
              f"{'met' if ours <= goal_s else 'NOT met'}")

    report(f"card on reader → result screen (key typed, {LEAD_S:g} s at the camera before the "
           f"card; liveness passed before the card in {passed_before_card}/{args.rounds})",
           card, 0.5)
    report("whole visit, idle (waiting for the QR) → ticket on screen", visits, 2.5)
    for title, names, runs in (("after the card is placed (ms from the card", MOMENTS, moments),
                               ("in a whole visit (ms from the idle kiosk", VISIT_MOMENTS,
                                visit_moments)):
        print(f"where the time goes {title}, medians)")
        for name in (TODAY, OURS):
            cells = []
            for moment in names:
                values = [at[moment] for at in runs[name] if moment in at]
                cells.append(f"{moment} {_median(values):.0f}" if values else f"{moment} -")
            print(f"  {name:40s} " + ", ".join(cells))


if __name__ == "__main__":
    main()
