"""The `checkin` command line: one subcommand per module in terminal/operations/commands/.

Each module there has `register(subparsers)`, which adds its parser and sets `handler` to a
function `(args, config) -> exit code`. The config is loaded and validated once, here; a
command that sets `reports_bad_config` gets None for an invalid one and reports it itself.
Other layers add subcommands through the `checkin.commands` entry-point group (a `register`
function each), so the core never imports them: ui/ adds `run` and `screenshots` that way.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import logging
import pkgutil
import sys

from drivers.errors import DriverError
from offline_cache.errors import OutboxError
from terminal.operations import build_info, commands
from terminal.config import Config, ConfigError, load_config
from terminal.errors import TerminalError
from terminal.operations.logs import configure_logging

log = logging.getLogger(__name__)

#: Entry-point group of subcommands that live outside terminal/ (value: a `register` function).
PLUGIN_GROUP = "checkin.commands"


class _VersionAction(argparse.Action):
    """`--version`: the build's version, commit, date and the stack's versions, then exit."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="print the version and build information, then exit") -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print("\n".join(build_info.current().lines()))
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="checkin",
        description="Clinic check-in terminal: chip ID card, face check, HI eligibility, offline queue.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--config", metavar="FILE",
                        help="TOML config file (default: $CHECKIN_CONFIG, the user's or /etc's "
                             "checkin.toml, else the embedded default)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also log to standard error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    registered = set(subparsers.choices)
    for entry_point in sorted(importlib.metadata.entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        if entry_point.name in registered:  # the same distribution seen twice on sys.path
            continue
        registered.add(entry_point.name)
        try:
            register = entry_point.load()
        except ImportError as exc:  # e.g. the kiosk's Qt libraries are not installed on this box
            log.warning("subcommand %s is not available: %s", entry_point.name, exc)
            continue
        register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        config: Config | None = load_config(args.config)
    except ConfigError as exc:
        if not getattr(args, "reports_bad_config", False):
            print(f"checkin: {exc.message}", file=sys.stderr)
            return 2
        config = None  # the command (doctor, support-bundle) reports it in its own output
    logged = config or Config()
    try:
        configure_logging(logged.log_dir, logged.logging.level, logged.logging.max_bytes,
                          logged.logging.backups, to_stderr=args.verbose, kiosk=logged.kiosk_id,
                          site=logged.kiosk.site, syslog=logged.logging.syslog,
                          syslog_facility=logged.logging.syslog_facility)
    except OSError as exc:
        print(f"checkin: cannot write logs to {logged.log_dir} (or the syslog socket "
              f"{logged.logging.syslog or 'not used'}): {exc.strerror}", file=sys.stderr)
    try:
        return int(args.handler(args, config) or 0)
    except (TerminalError, OutboxError, DriverError) as exc:  # the layers' own: plain words
        log.error("%s: %s (%s)", args.command, exc.message, exc.detail)
        print(f"checkin: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line here, the traceback in the log for a developer
        log.exception("%s failed", args.command)
        print(f"checkin: {args.command} failed unexpectedly ({type(exc).__name__}); the details "
              f"are in the log. Call IT.", file=sys.stderr)
        return 1
