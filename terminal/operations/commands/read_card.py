"""`checkin read-card`: read a chip ID card (or passport) on the configured reader and show what
it holds, whether passive authentication passed per data group, and what the read cost."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from drivers.idcard.access_key import (AccessKey, access_key_from_can, access_key_from_cccd,
                                       access_key_from_fields, access_key_from_mrz,
                                       can_of_id_number)
from drivers.idcard.errors import ChipError
from drivers.idcard.lds.dg13 import CardDate, VnIdentity
from drivers.idcard.protocol.session import CardRead, read_card
from drivers.idcard.sim.profile import FORGERIES
from drivers.idcard.trust.store import TrustStore
from drivers.idcard.transport import CardTransport
from terminal.checkin.chip_reader import authenticity_of
from terminal.checkin.trust import open_trust_store
from terminal.config import Config
from terminal.devices import open_transport
from terminal.errors import TerminalError
from terminal.privacy import mask_id, mask_name

log = logging.getLogger(__name__)

_ID_FIELDS = {"id_number", "old_id_number", "document_number", "optional_data"}
_NAME_FIELDS = {"full_name", "father_name", "mother_name", "spouse_name", "surname", "given_names"}
_HIDDEN_FIELDS = {"place_of_origin", "place_of_residence", "identifying_marks", "text"}


def _mask(key: str, value: Any, show: bool) -> Any:
    if show or not isinstance(value, str) or not value:
        return value
    if key in _ID_FIELDS:
        return mask_id(value)
    if key in _NAME_FIELDS:
        return mask_name(value.replace("<", " "))
    if key in _HIDDEN_FIELDS:
        return "***"
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, CardDate):
        return value.value.isoformat() if value.value else value.text
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _identity_json(identity: VnIdentity | None, show: bool) -> dict[str, Any] | None:
    if identity is None:
        return None
    fields = {f.name: getattr(identity, f.name) for f in dataclasses.fields(identity)
              if f.name != "unknown_fields"}
    out = {key: _mask(key, _plain(value), show) for key, value in fields.items()}
    out["unknown_fields"] = sorted(identity.unknown_fields)
    return out


def card_read_json(result: CardRead, show: bool) -> dict[str, Any]:
    """The read as one JSON-ready object; identifiers and names masked unless `show`."""
    mrz_fields = ("document_type", "issuing_state", "document_number", "birth_date", "expiry_date",
                  "surname", "given_names", "nationality", "sex", "optional_data")
    pa = result.passive_auth
    return {
        "mrz": {**{key: _mask(key, _plain(getattr(result.mrz, key)), show) for key in mrz_fields},
                "no_expiry": result.mrz.no_expiry},
        "identity": _identity_json(result.identity, show),
        "photo": None if result.face is None else {
            "format": result.face.format, "width": result.face.width,
            "height": result.face.height, "sha256": result.face.sha256},
        "passive_auth": {f"DG{number}": check.value
                         for number, check in sorted(pa.data_groups.items())},
        "sod_signature": pa.sod_signature.value,
        "certificate_chain": pa.certificate_chain.value,
        "signer_trust": pa.trust.value,
        "signer_trust_detail": pa.trust_detail,
        "tampered": pa.tampered,
        "chip_proof": {"method": result.chip_proof.method.value,
                       "outcome": result.chip_proof.outcome.value,
                       "detail": result.chip_proof.detail},
        "genuine": authenticity_of(pa, result.chip_proof).genuine,
        "access_control": result.access_control,
        "extended_length": result.extended_length,
        # what the read learned of the card type (docs/chip-protocol.md, read strategy)
        "card_capabilities": dataclasses.asdict(result.capabilities),
        "apdus": result.apdus,
        "bytes_read": result.bytes_read,
        "elapsed_ms": round(result.elapsed_ms, 1),
    }


_ACCESS_WORDS = {"pace-can": "PACE with the card number (CAN)",
                 "pace-mrz": "PACE with the card details (MRZ)",
                 "bac": "Basic Access Control (card details)"}


def _print_human(summary: dict[str, Any]) -> None:
    mrz, identity = summary["mrz"], summary["identity"]
    print(f"Document:   {mrz['document_type']} {mrz['issuing_state']} no. {mrz['document_number']}")
    print(f"Name (MRZ): {mrz['surname']}, {mrz['given_names']}   sex {mrz['sex']}   "
          f"born {mrz['birth_date']}   expires "
          f"{'never (no expiry, 991231)' if mrz['no_expiry'] else mrz['expiry_date']}")
    if identity is None:
        print("DG13:       none on this card (not a CCCD)")
    else:
        for key, value in identity.items():
            if value not in ("", None, []):
                print(f"  {key.replace('_', ' '):20} {value}")
    photo = summary["photo"]
    if photo:
        print(f"Photo:      {photo['format']} {photo['width']}x{photo['height']} "
              f"sha256 {photo['sha256'][:16]}…")
    checks = ", ".join(f"{dg} {check}" for dg, check in summary["passive_auth"].items())
    print(f"Passive authentication: {checks}; SOD signature {summary['sod_signature']}; "
          f"certificate chain {summary['certificate_chain']}")
    print(f"Signer:     {summary['signer_trust']}"
          + (f" ({summary['signer_trust_detail']})" if summary["signer_trust_detail"] else ""))
    proof = summary["chip_proof"]
    print(f"Chip:       {proof['method']} {proof['outcome']}"
          + (f" ({proof['detail']})" if proof["detail"] else ""))
    if summary["tampered"]:
        print("WARNING: the card's data does not match what its issuer signed (tampered).")
    print(f"Access:     {_ACCESS_WORDS.get(summary['access_control'], summary['access_control'])}")
    if proof["outcome"] == "failed":
        print("WARNING: the chip is not the one the card was issued with (a copy).")
    print(f"Cost:       {summary['apdus']} commands, {summary['bytes_read']} bytes, "
          f"{summary['elapsed_ms']:.0f} ms (extended length: {summary['extended_length']})")


def _access_key(args: argparse.Namespace) -> AccessKey | None:
    if args.mrz:
        return access_key_from_mrz(args.mrz)
    if args.can:
        return access_key_from_can(args.can)
    if args.id and not (args.dob or args.expiry):
        return access_key_from_can(can_of_id_number(args.id))  # PACE-CAN: the last 6 digits
    if args.doc or args.id:
        if not (args.dob and args.expiry):
            raise TerminalError("--doc needs --dob YYMMDD and --expiry YYMMDD too (--id needs "
                                "both or neither).")
        if args.id:
            return access_key_from_cccd(args.id, args.dob, args.expiry)
        return access_key_from_fields(args.doc, args.dob, args.expiry)
    if args.dob or args.expiry:
        raise TerminalError("--dob and --expiry go with --doc or --id.")
    return None


def _transport(args: argparse.Namespace, config: Config, key: AccessKey | None,
               stack: ExitStack) -> tuple[CardTransport, AccessKey, TrustStore | None]:
    if args.reader:  # a reader named on the command line is the one meant, whatever kind says
        config = dataclasses.replace(config, reader=dataclasses.replace(
            config.reader, kind="pcsc", name=args.reader))
    transport, chip = open_transport(config, stack, forgery=args.forgery)
    if chip is not None:  # the simulated card: its printed key when none is given
        return (transport, key or chip.profile.printed_access_key,
                open_trust_store(config, list(chip.trust_store)))
    if key is None:
        raise TerminalError("Give the card's key: --can (6 digits), --id, --mrz, or --doc "
                            "with --dob and --expiry.")
    return transport, key, open_trust_store(config)


def _handle(args: argparse.Namespace, config: Config) -> int:
    try:
        with ExitStack() as stack:
            transport, key, trust_store = _transport(args, config, _access_key(args), stack)
            result = read_card(transport, key, trust_store=trust_store,
                               crl_required=config.trust.crl_required)
    except ChipError as exc:
        raise TerminalError(exc.message, exc.detail) from exc
    summary = card_read_json(result, args.show)
    if args.save_photo and result.face is not None:
        _write_private(Path(args.save_photo), result.face.data)
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_human(summary)
    log.info("read-card: %d commands, %d bytes, tampered=%s", result.apdus, result.bytes_read,
             result.passive_auth.tampered)
    cloned = result.chip_proof.outcome.value == "failed"
    return 3 if result.passive_auth.tampered or cloned else 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "read-card", help="read a chip ID card or passport and show its data",
        description="Read the chip of a CCCD (or any ICAO eMRTD passport) and show the identity, "
                    "passive authentication per data group, and the read's cost. Identifiers and "
                    "names are masked unless --show. Access control follows the card: PACE with the "
                    "CAN (--can, or --id alone) or the MRZ when EF.CardAccess offers it, else BAC "
                    "(--json access_control: pace-can, pace-mrz or bac). With reader.kind = \"simulated\" (the default "
                    "config) the built-in simulated card of reader.sim_profile is read, and when "
                    "no key is given the key printed on that simulated card is used (a tester's "
                    "shortcut). Exit status: 0 read, 1 error, 3 read but tampered or a cloned chip.")
    parser.add_argument("--reader", metavar="NAME",
                        help="read the card on this PC/SC reader (part of its name), whatever "
                             "reader.kind says (default: the config's reader)")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--mrz", metavar="TEXT", help="the MRZ lines (TD1 3x30 or TD3 2x44)")
    key.add_argument("--doc", metavar="N", help="document number (up to 9 characters)")
    key.add_argument("--id", metavar="ID12", help="the CCCD's 12-digit ID number (alone: its last 6 "
                     "digits as the CAN; with --dob and --expiry: the CAN and the MRZ key)")
    key.add_argument("--can", metavar="DIGITS", help="the card access number: on a CCCD the last 6 "
                     "digits of the ID number (PACE-CAN)")
    parser.add_argument("--dob", metavar="YYMMDD", help="birth date, with --doc or --id")
    parser.add_argument("--expiry", metavar="YYMMDD",
                        help="expiry date, with --doc or --id; 'none' for a card with no expiry "
                             "(Không thời hạn: the chip takes 991231)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show", action="store_true", help="show identifiers and names in clear")
    parser.add_argument("--save-photo", metavar="FILE", help="write the chip's photo to FILE")
    parser.add_argument("--forgery", choices=FORGERIES, default=None,
                        help="simulated reader only: read a forged copy of the simulated card")
    parser.set_defaults(handler=_handle)


def _write_private(path: Path, data: bytes) -> None:
    """A patient's photo: readable by this user only, whatever the umask or an older file said."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
