"""`checkin screenshots --out DIR`: one PNG per screen and language, offscreen (no display)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from terminal.config import Config


def _screenshots(args: argparse.Namespace, config: Config) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    from terminal.kiosk.screens import Language
    from ui.app import build_application
    from ui.screenshots import write_screenshots

    build_application(Language.VIETNAMESE)
    written = write_screenshots(Path(args.out), config.clinic.name)
    print(f"{len(written)} screenshots written to {args.out}")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("screenshots", help="write a PNG of every kiosk screen, in "
                                                       "Vietnamese and English (no display needed)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    parser.set_defaults(handler=_screenshots)
