"""`checkin secrets set NAME` / `checkin secrets check NAME`: keep the gateway password in the OS
keyring (or a 0600 file where there is none), never in the config file in clear.
`checkin secrets pin-hash`: the salted hash of a receptionist PIN, for `terminal.kiosk_pin`."""

from __future__ import annotations

import argparse
import getpass
import sys

from terminal.config import Config
from terminal.errors import TerminalError
from terminal.kiosk.pin import hash_pin
from terminal.secrets import read_secret, store_secret

#: The secrets IT sets this way, and what each one is.
SECRETS = {"gateway.password": "the password of the clinic's VSS gateway account"}


def _value_from_user(name: str) -> str:
    """Prompted twice (not echoed) at a terminal; the first line of stdin from a script."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    value = getpass.getpass(f"{name}: ")
    if getpass.getpass(f"{name} (again): ") != value:
        raise TerminalError("The two entries differ; nothing was stored.")
    return value


def _in_clear(name: str, config: Config) -> bool:
    table, _, key = name.partition(".")
    return bool(getattr(getattr(config, table), key, ""))


def _set(args: argparse.Namespace, config: Config) -> int:
    value = _value_from_user(args.name)
    if not value:
        raise TerminalError(f"Empty value: {args.name} was not stored.")
    where = store_secret(args.name, value)
    place = "the OS keyring" if where == "keyring" else f"{where} (readable by this user only)"
    print(f"{args.name} stored in {place}.")
    if _in_clear(args.name, config):
        print(f"Warning: {config.source} still sets {args.name} in clear, and that value wins. "
              f"Delete it from the file.", file=sys.stderr)
        return 1
    return 0


def _check(args: argparse.Namespace, config: Config) -> int:
    if _in_clear(args.name, config):
        print(f"{args.name} is set in clear in {config.source}: move it with "
              f"`checkin secrets set {args.name}` and delete it from the file.")
        return 1
    if read_secret(args.name, config):
        print(f"{args.name} is set.")
        return 0
    print(f"{args.name} is not set: set it with `checkin secrets set {args.name}`.")
    return 1


def _pin_hash(_args: argparse.Namespace, _config: Config) -> int:
    pin = _value_from_user("PIN")
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise TerminalError("The PIN must be 4 to 12 digits; nothing was printed.")
    print(f'kiosk_pin = "{hash_pin(pin)}"')
    print("Put this line in the [terminal] table of the config.", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("secrets", help="set or check the gateway password")
    sub = parser.add_subparsers(dest="secrets_command", metavar="ACTION", required=True)
    names = ", ".join(f"{name} ({meaning})" for name, meaning in SECRETS.items())
    set_parser = sub.add_parser(
        "set", help="store a secret, read from a prompt or stdin",
        description=f"Stores a secret in the OS keyring, or in a file only this user can read "
                    f"where there is no keyring. Names: {names}. The value is asked for twice "
                    f"at a terminal, or read as one line from stdin.")
    set_parser.add_argument("name", choices=sorted(SECRETS))
    set_parser.set_defaults(handler=_set)
    check = sub.add_parser("check", help="say whether a secret is set (never its value)")
    check.add_argument("name", choices=sorted(SECRETS))
    check.set_defaults(handler=_check)
    pin = sub.add_parser("pin-hash", help="print the hash of a receptionist PIN for the config",
                         description="Asks for the PIN twice (or reads one line from stdin) and "
                                     "prints the `kiosk_pin` line for the [terminal] table; the "
                                     "PIN itself is stored nowhere.")
    pin.set_defaults(handler=_pin_hash)
