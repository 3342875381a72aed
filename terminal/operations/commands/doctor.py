"""`checkin doctor`: one line per part of the kiosk, what to do when it fails; --json for fleets."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import datetime, timezone

from terminal.operations import build_info
from terminal.operations.cli_args import seconds
from terminal.config import Config
from terminal.operations.doctor import CHECKS, CheckResult, run_doctor
from terminal.operations.doctor.run import DEFAULT_TIMEOUT_S


def kiosk_identity(config: Config | None) -> dict:
    """The kiosk's id and site as config gives them (the defaults when the config is bad)."""
    config = config or Config()
    return {"id": config.kiosk_id, "site": config.kiosk.site}


def doctor_report(results: list[CheckResult], config: Config | None = None) -> dict:
    """What --json prints and the support bundle keeps: the build, the kiosk, the machine,
    every check."""
    info = build_info.current()
    return {
        "ok": all(result.ok for result in results),
        "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "kiosk": kiosk_identity(config),
        "host": platform.node(),
        "version": info.version,
        "commit": info.commit,
        "checks": [result.as_dict() for result in results],
    }


def _closing_line(results: list[CheckResult]) -> str:
    failed = [result.part for result in results if not result.ok]
    if not failed:
        return f"All {len(results)} checks passed."
    return f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}."


def _doctor(args: argparse.Namespace, config: Config | None) -> int:
    results = []
    for result in run_doctor(args.config, tuple(args.part or ()), args.timeout):
        results.append(result)
        if not args.json:
            print(result.line(), flush=True)
    if args.json:
        json.dump(doctor_report(results, config), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_closing_line(results))
    return 0 if all(result.ok for result in results) else 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "doctor", help="check every part of this kiosk and say what to do about failures",
        description="Checks the config, card reader, camera, face models, gateway, HIS, queue, "
                    "disk and clock in turn. Exit code 0 when all pass, 1 otherwise.")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document (for fleet monitoring)")
    parser.add_argument("--part", action="append", choices=[part for part, _ in CHECKS],
                        help="check only this part (repeatable; the config is always checked)")
    parser.add_argument("--timeout", type=seconds(0.1, 3600), default=DEFAULT_TIMEOUT_S,
                        metavar="S",
                        help=f"seconds one check may take (default {DEFAULT_TIMEOUT_S:g})")
    parser.set_defaults(handler=_doctor, reports_bad_config=True)
