"""`checkin run [--windowed]`: the kiosk app, full screen and frameless (a window for testers).
With no config, the embedded default runs everything simulated in-process."""

from __future__ import annotations

import argparse

from terminal.config import Config


def _run(args: argparse.Namespace, config: Config) -> int:
    from terminal.checkin.assembly import build_terminal
    from terminal.kiosk.controller import KioskController
    from terminal.kiosk.pin import PinGate
    from terminal.kiosk.screens import Language
    from ui.app import build_application
    from ui.console.console_view import ConsoleView
    from ui.kiosk_app import KioskApp
    from ui.kiosk_window import KioskWindow
    from ui.workers import EventBridge

    language = Language(config.terminal.language)
    app, switch = build_application(language)
    bridge = EventBridge()
    terminal = build_terminal(config, bridge)
    try:
        window = KioskWindow(PinGate(config.terminal.kiosk_pin), ConsoleView(),
                             kiosk_mode=not args.windowed)
        kiosk = KioskApp(bridge, terminal.workflow, terminal.console, window,
                         KioskController(config.clinic.name, language), switch)
        if args.windowed:
            window.resize(1280, 800)
            window.show()
        else:
            window.showFullScreen()
        kiosk.start()
        return app.exec()
    finally:
        terminal.close()


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="start the kiosk app (leave it with the "
                                               "receptionist's PIN)")
    parser.add_argument("--windowed", action="store_true",
                        help="an ordinary window instead of full screen, for testers")
    parser.set_defaults(handler=_run)
