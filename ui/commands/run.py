"""`checkin run [--windowed]`: the kiosk app, full screen and frameless (a window for testers).
With no config, the embedded default runs everything simulated in-process; a simulated card
waits in the tester's hand (F5 / F6, `checkin sim-card place|remove`) until it is placed."""

from __future__ import annotations

import argparse
from contextlib import nullcontext

from terminal.config import Config


def _run(args: argparse.Namespace, config: Config) -> int:
    from terminal.checkin.assembly import SimOptions, build_terminal
    from terminal.simulators.card_hand import CONTROL_FILE, CardControlServer
    from terminal.kiosk.preview import previewed
    from terminal.operations.monitoring.exporter import open_metrics
    from terminal.kiosk.screens import Language
    from ui.app import build_application
    from ui.kiosk_app import build_kiosk
    from ui.workers import EventBridge

    language = Language(config.terminal.language)
    app, switch = build_application(language)
    bridge = EventBridge()
    exporter = open_metrics(config)  # [metrics]: before the terminal, closed after it
    with exporter or nullcontext(), build_terminal(
            config, bridge, face_camera=previewed(bridge.show_preview),
            sim=SimOptions(card_in_hand=True),
            metrics=exporter.metrics if exporter else None) as terminal, (
            CardControlServer(terminal.hand, config.data_dir / CONTROL_FILE)
            if terminal.hand is not None else nullcontext()):
        kiosk = build_kiosk(terminal, bridge, switch, clinic_name=config.clinic.name,
                            language=language, pin_hash=config.terminal.kiosk_pin,
                            kiosk_mode=not args.windowed,
                            console_lock_s=config.terminal.console_lock_s,
                            voice=config.terminal.voice)
        if args.windowed:
            kiosk.window.resize(1280, 800)
            kiosk.window.show()
        else:
            kiosk.window.show_full_screen()  # covers the screen with no window manager too
        kiosk.start()
        code = app.exec()
        kiosk.stop("kiosk app closed")  # before the terminal closes under it
        return code


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="start the kiosk app (leave it with the "
                                               "receptionist's PIN)")
    parser.add_argument("--windowed", action="store_true",
                        help="an ordinary window instead of full screen, for testers")
    parser.set_defaults(handler=_run)
