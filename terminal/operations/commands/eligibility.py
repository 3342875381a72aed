"""`checkin eligibility`: look an HI card up at the gateway, for the desk and IT."""

from __future__ import annotations

import argparse
import json
import sys

from terminal.config import Config
from terminal.eligibility import EligibilityQuery, EligibilityResult
from terminal.services import open_eligibility_service

#: Exit codes: the card can be used / cannot be used (or the input is wrong) / the gateway gave
#: no verdict yet (EligibilityStatus.awaits_verdict: ask again later, as the queue does).
EXIT_USABLE, EXIT_NOT_USABLE, EXIT_PENDING = 0, 3, 4


def _print_result(result: EligibilityResult) -> None:
    facts = result.facts
    lines = [f"{result.status.value} (code {result.code or '-'})",
             f"  {result.message_vi}", f"  {result.message_en}",
             f"  → {result.next_step_vi}", f"  → {result.next_step_en}"]
    if facts.card_number:
        lines.append(f"  card {facts.card_number}, valid {facts.valid_from or '?'} to "
                     f"{facts.valid_to or '?'}")
    if facts.benefit:
        lines.append(f"  benefit level {facts.benefit.level}: {facts.benefit.share_en}")
    if facts.registered_facility:
        route = {True: "this clinic", False: "another facility", None: "?"}[result.route_ok]
        lines.append(f"  registered at {facts.registered_facility} ({route})")
    if facts.five_years_from:
        lines.append(f"  5 years continuous from {facts.five_years_from}")
    if facts.new_card and facts.new_card.card_number:
        lines.append(f"  new card {facts.new_card.card_number}, valid to "
                     f"{facts.new_card.valid_to or '?'}")
    if facts.visits:
        lines.append(f"  {result.visits_summary} (history from {facts.history_source})")
    copay = result.copay
    if copay is not None:
        threshold = f" of {copay.threshold_vnd:,} VND" if copay.threshold_vnd else ""
        lines.append(f"  co-pay this year {copay.paid_vnd:,} VND{threshold}, as of {copay.as_of}"
                     + (f"; exempt from {copay.exempt_from or '?'}" if copay.exempt else ""))
    if result.from_cache:
        lines.append(f"  answered from the cache (the gateway's answer of "
                     f"{result.looked_up_at:%H:%M}; --fresh asks again)")
    if result.gateway_note:
        lines.append(f"  note: {result.gateway_note}")
    if result.error_detail:
        lines.append(f"  detail: {result.error_detail}")
    print("\n".join(lines))


def _run(args: argparse.Namespace, config: Config) -> int:
    if args.number:
        query = EligibilityQuery.for_number(args.number, args.name, args.dob)
    else:
        query = EligibilityQuery(full_name=args.name, birth_date=args.dob,
                                 id_number=args.id or "", card_number=args.card or "")
    with open_eligibility_service(config) as service:
        result = service.lookup(query, force_fresh=args.fresh)
    if args.json:
        json.dump(result.to_json_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_result(result)
    if result.status.awaits_verdict:
        return EXIT_PENDING
    return EXIT_USABLE if result.status.is_usable else EXIT_NOT_USABLE


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "eligibility", help="look up a health-insurance card at the VSS gateway",
        description="Ask the VSS gateway (or the bundled simulator when gateway.base_url is "
                    "empty) whether an HI card is valid here today. Exit status: 0 the card can "
                    "be used, 3 it cannot (or the input is wrong), 4 no verdict yet (the gateway is "
                    "down or failing, or refused the clinic's account: ask again later).")
    number = parser.add_mutually_exclusive_group(required=True)
    number.add_argument("--id", metavar="ID_NUMBER", help="12-digit ID number (from the chip)")
    number.add_argument("--card", metavar="HI_NUMBER",
                        help="HI card number (15 characters, or 17)")
    number.add_argument("--number", metavar="NUMBER",
                        help="any number the gateway takes: 10-digit social-insurance number, "
                             "12-digit ID number or 15/17-character HI card number")
    parser.add_argument("--name", required=True, help="full name, as on the card or chip")
    parser.add_argument("--dob", required=True, metavar="dd/mm/yyyy|yyyy", help="birth date")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--fresh", action="store_true",
                        help="ask the gateway even if it answered for this person minutes ago")
    parser.set_defaults(handler=_run)
