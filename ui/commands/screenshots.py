"""`checkin screenshots --out DIR [--size WxH ...] [--lang vi|en]`: one PNG per screen and
language, offscreen (no display), at each size asked (into DIR/WxH/ when more than one)."""

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
    sizes = args.size or [SCREEN_SIZE_ARG]
    languages = (Language(args.lang),) if args.lang else tuple(Language)
    written = []
    for width, height in sizes:
        out = Path(args.out) if len(sizes) == 1 else Path(args.out) / f"{width}x{height}"
        written += write_screenshots(out, config.clinic.name, (width, height), languages)
    print(f"{len(written)} screenshots written to {args.out}")
    return 0


#: The default size (ui.screenshots.SCREEN_SIZE; repeated here so the parser needs no Qt).
SCREEN_SIZE_ARG = (1920, 1080)


def window_size(text: str) -> tuple[int, int]:
    """`WxH` → (W, H), each 320..7680 pixels."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1024x768") from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 320 to 7680 pixels")
    return width, height


def register(subparsers) -> None:
    parser = subparsers.add_parser("screenshots", help="write a PNG of every kiosk screen, in "
                                                       "Vietnamese and English (no display needed)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    parser.add_argument("--size", type=window_size, action="append", metavar="WxH",
                        help="screen size in pixels, e.g. 1024x768 or 1080x1920 (portrait); "
                             "repeat for several (default 1920x1080)")
    parser.add_argument("--lang", choices=("vi", "en"),
                        help="one language only (default: both)")
    parser.set_defaults(handler=_screenshots)
