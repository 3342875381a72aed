"""`checkin sim-card`: simulated chip ID cards for testers: list the shipped citizens, make a new
one from a photo, serve one to pcscd through the vsmartcard virtual reader (vpcd), and place or
remove the card of a running kiosk on simulated devices."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import signal
from datetime import date
from pathlib import Path

from drivers.idcard.errors import ChipError
from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.dialects import DIALECTS, dialect
from drivers.idcard.sim.profile import FORGERIES, list_profiles, load_profile, make_profile
from drivers.idcard.sim.vpcd import DEFAULT_HOST, DEFAULT_PORT, VpcdCard
from terminal.operations.cli_args import port, seconds, whole_number
from terminal.config import Config
from terminal.devices import simulated_chip
from terminal.errors import TerminalError
from terminal.simulators.card_hand import CONTROL_FILE, PLACE, REMOVE, send_card_command

log = logging.getLogger(__name__)


def _serve(args: argparse.Namespace, _config: Config) -> int:
    try:
        profile = load_profile(args.profile)
        speaks = dialect(args.dialect or profile.dialect)
        if args.no_extended:
            speaks = dataclasses.replace(speaks, extended_length=False)
        if args.pace_tries is not None:
            speaks = dataclasses.replace(speaks, pace_tries=args.pace_tries)
        faults = ChipFaults(args.remove_after, args.delay_ms, args.corrupt_mac,
                            empty_reads=args.empty_reads, drip=args.drip,
                            refuse_pace=args.refuse_pace)
        chip = simulated_chip(profile, faults=faults, speaks=speaks, forgery=args.forgery)
    except ChipError as exc:
        raise TerminalError(exc.message, exc.detail) from exc
    engine = chip.engine
    card = VpcdCard(engine, engine.atr, args.host, args.port,
                    on_state=lambda state: print(f"card {state}", flush=True))
    key = profile.printed_access_key
    # A synthetic citizen: its printed data is what a tester types, so it is shown in clear.
    print(f"Serving simulated citizen {profile.name!r} (dialect {speaks.name!r}) to vpcd at "
          f"{args.host}:{args.port} (Ctrl-C to stop).\nPrinted on the card: ID {profile.id_number}, born "
          f"{key.birth_date}, expires {key.expiry_date} (YYMMDD).\nRead it with: checkin "
          f"read-card --id {profile.id_number} --dob {key.birth_date} --expiry {key.expiry_date}"
          + (f"\nor by PACE with its card number: checkin read-card --can {key.can}"
             if profile.pace else "\n(this chip has no PACE: BAC only)"),
          flush=True)
    # Ctrl-C, or a service manager's SIGTERM, takes the card away and ends.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: card.stop())
    try:
        card.run()
    except KeyboardInterrupt:
        card.stop()
    return 0


def _list(_args: argparse.Namespace, _config: Config) -> int:
    for name in list_profiles():
        profile = load_profile(name)
        print(f"{name:10} {profile.description}" +
              (f" [dialect {profile.dialect}]" if profile.dialect != "standard" else ""))
    print("\nChip dialects (serve --dialect NAME):")
    for name, speaks in DIALECTS.items():
        print(f"  {name:22} {speaks.description}")
    return 0


def _status_word(text: str) -> int:
    if text not in ("9000", "6282"):
        raise argparse.ArgumentTypeError("the status word is 9000 or 6282")
    return int(text, 16)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _make(args: argparse.Namespace, _config: Config) -> int:
    try:
        path = make_profile(Path(args.photo), name=args.profile, id_number=args.id,
                            full_name=args.name, birth_date=args.dob, sex=args.sex,
                            out_dir=Path(args.out), issue_date=args.issued)
    except ChipError as exc:
        raise TerminalError(exc.message, exc.detail) from exc
    print(f"Wrote {path}; serve it with: checkin sim-card serve --profile {path}")
    return 0


def _hand(args: argparse.Namespace, config: Config) -> int:
    word = PLACE if args.sim_card_command == "place" else REMOVE
    answer = send_card_command(config.data_dir / CONTROL_FILE, word)
    print("card on the reader" if answer == "placed" else "card off the reader")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("sim-card", help="simulated chip ID cards for testing")
    sub = parser.add_subparsers(dest="sim_card_command", metavar="ACTION", required=True)

    serve = sub.add_parser(
        "serve", help="serve a simulated card to pcscd through vpcd until Ctrl-C",
        description="Place a simulated card on the vsmartcard virtual reader (pcscd must run with "
                    "vsmartcard-vpcd; the reader shows as 'Virtual PCD 00 00'). Then read it with "
                    "pcsc_scan, or `checkin read-card` with reader.kind = \"pcsc\".")
    serve.add_argument("--profile", required=True, help="shipped citizen name or a profile .toml")
    serve.add_argument("--host", default=DEFAULT_HOST, help="vpcd host (default %(default)s)")
    serve.add_argument("--port", type=port(), default=DEFAULT_PORT,
                       help="vpcd port (default %(default)s)")
    serve.add_argument("--remove-after", type=whole_number(1, 10**9, "command count"), metavar="N",
                       help="fault: the card leaves the reader after N commands (once)")
    serve.add_argument("--delay-ms", type=seconds(0, 60_000, "delay"), default=0.0, metavar="N",
                       help="fault: a slow card, N ms added to every command")
    serve.add_argument("--corrupt-mac", action="store_true",
                       help="fault: every secure-messaging answer carries a wrong MAC")
    serve.add_argument("--no-extended", action="store_true",
                       help="a card that refuses extended-length commands")
    serve.add_argument("--dialect", metavar="NAME", choices=sorted(DIALECTS),
                       help="answer like this kind of chip (default: the profile's [chip] dialect; "
                            "`checkin sim-card list` lists them)")
    serve.add_argument("--empty-reads", type=_status_word, metavar="SW",
                       help="hostile card: every READ BINARY answers no data with SW (9000 or 6282)")
    serve.add_argument("--drip", type=int, metavar="N",
                       help="hostile card: at most N bytes per READ BINARY answer")
    serve.add_argument("--refuse-pace", action="store_true",
                       help="announce PACE but refuse it (MSE:Set AT 6A80): readers fall back to BAC")
    serve.add_argument("--pace-tries", type=int, metavar="N",
                       help="count wrong PACE tries per password: 63Cx, suspended at 1, blocked at 0")
    serve.add_argument("--forgery", choices=FORGERIES, default=None,
                       help="a forged card: home_made_signer = DG13 rewritten and EF.SOD signed "
                            "again by a home-made Document Signer; clone = the files on a chip "
                            "without their keys (default: the profile's scenario)")
    serve.set_defaults(handler=_serve)

    listing = sub.add_parser("list", help="list the shipped simulated citizens")
    listing.set_defaults(handler=_list)

    make = sub.add_parser("make", help="make a new simulated citizen from a face photo")
    make.add_argument("--photo", required=True, help="face photo (JPEG or PNG)")
    make.add_argument("--name", required=True, help="full name with diacritics, e.g. 'Lê Văn Tám'")
    make.add_argument("--profile", required=True, help="short profile name, e.g. tam")
    make.add_argument("--id", required=True, help="12-digit ID number")
    make.add_argument("--dob", required=True, type=_date, help="birth date YYYY-MM-DD")
    make.add_argument("--sex", required=True, choices=("Nam", "Nữ"), help="Nam or Nữ")
    make.add_argument("--issued", type=_date, help="issue date YYYY-MM-DD (default: today)")
    make.add_argument("--out", required=True, help="folder to write the profile to")
    make.set_defaults(handler=_make)

    for action, text in (("place", "place the simulated card on the reader of the running kiosk"),
                         ("remove", "take the simulated card off the reader of the running kiosk")):
        hand = sub.add_parser(action, help=text, description=(
            text[0].upper() + text[1:] + " (`checkin run` on simulated devices, with the same "
            "config: it listens on a loopback port written to sim-card.control in its data "
            "folder)."))
        hand.set_defaults(handler=_hand)
