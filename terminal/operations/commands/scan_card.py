"""`checkin scan-card (--camera N | --replay PATH) [--show]`: read the access key from the CCCD's
QR code by camera; masked unless --show."""

from __future__ import annotations

import argparse
import sys

from terminal.cardscan.errors import CardScanError
from terminal.cardscan.scanner import scan_card
from terminal.operations.cli_args import seconds
from terminal.operations.commands.verify_face import command_line_camera
from terminal.config import Config
from terminal.privacy import mask_id, mask_name


def _scan(args: argparse.Namespace, config: Config) -> int:
    try:
        qr = scan_card(command_line_camera(args, config), timeout_s=args.timeout)
    except CardScanError as exc:
        print(f"checkin: {exc.message}", file=sys.stderr)
        return 1
    show = (lambda text: text) if args.show else mask_id
    print(f"ID number:    {show(qr.id_number)}")
    print(f"name:         {qr.full_name if args.show else mask_name(qr.full_name)}")
    print(f"birth date:   {qr.birth_date.isoformat() if args.show else '****-**-**'}")
    try:
        key = qr.access_key()
    except CardScanError as exc:
        print(f"access key:   not derived: {exc.message}")
        return 1
    expiry = qr.expiry_date()
    print(f"expiry date:  {expiry.isoformat() if expiry else 'none (991231 in the chip key)'} "
          "(from the renewal ages)")
    if len(key.fallbacks):
        print(f"if refused:   {len(key.fallbacks)} more expiries to try (neighbouring renewal ages"
              f"{', no expiry' if any(k.no_expiry for k in key.fallbacks) else ''})")
    print(f"access key:   document {show(key.document_number)}, birth "
          f"{key.birth_date if args.show else '******'}, expiry "
          f"{key.expiry_date if args.show else '******'}")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("scan-card", help="read the chip's access key from the card's QR")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--camera", metavar="N", help="OpenCV camera index or device path")
    source.add_argument("--replay", metavar="PATH", help="image, folder or video of the card front")
    parser.add_argument("--show", action="store_true", help="print the key in clear (not masked)")
    parser.add_argument("--timeout", type=seconds(0.1, 3600), default=10.0, metavar="S",
                        help="seconds to look for the QR (default 10)")
    parser.set_defaults(handler=_scan)
