"""`checkin support-bundle`: a zip of logs, versions, doctor output and config for a ticket."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from terminal.operations.cli_args import seconds
from terminal.operations.commands.doctor import doctor_report
from terminal.config import Config, find_config_file
from terminal.operations.doctor import run_doctor
from terminal.errors import TerminalError
from terminal.operations.support_bundle import write_support_bundle


def _named_output(config: Config | None) -> Path:
    """The default zip name, with the kiosk's id so fifty bundles on one desk stay apart."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(f"checkin-support-{(config or Config()).kiosk_id}-{stamp}.zip")


def _support_bundle(args: argparse.Namespace, config: Config | None) -> int:
    results = list(run_doctor(args.config, timeout_s=args.timeout)) if not args.skip_doctor else []
    report = doctor_report(results, config)
    target = Path(args.output) if args.output else _named_output(config)
    try:
        output = write_support_bundle(
            target, config=config, config_path=find_config_file(args.config),
            doctor_report=report, doctor_lines=[result.line() for result in results],
            log_dir=(config or Config()).log_dir)
    except OSError as exc:
        raise TerminalError(f"The support bundle cannot be written to {target}: "
                            f"{exc.strerror or exc}.", detail=repr(exc)) from None
    print(f"Support bundle written to {output.resolve()} (secrets removed, identifiers masked).")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "support-bundle", help="write a zip of logs, versions, doctor output and config",
        description="Writes a zip for a support ticket: the logs (identifiers masked), versions, "
                    "the doctor's findings and the config with every secret removed. The queue, "
                    "photos and secrets are never included.")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="zip to write (default: checkin-support-HOST-TIME.zip here)")
    parser.add_argument("--skip-doctor", action="store_true",
                        help="leave the doctor's checks out (faster)")
    parser.add_argument("--timeout", type=seconds(0.1, 3600), default=15.0, metavar="S",
                        help="seconds one doctor check may take (default 15)")
    parser.set_defaults(handler=_support_bundle, reports_bad_config=True)
