"""`checkin demo`: whole check-ins, headless, with the simulated chip (in process, or through pcscd
and the virtual reader), the replay camera and the gateway simulator, each step printed with its
time; `--json` prints one JSON object per check-in instead."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from terminal.checkin import events as ev
from terminal.checkin.records import AccessKeySource, CheckinRecord
from terminal.config import Config


def describe(event: ev.Event) -> str | None:
    """One line for a person watching the demo (identities masked); None for noise."""
    match event:
        case ev.StateChanged(state=state):
            return f"state: {state.value}"
        case ev.StepFinished(step=step, ms=ms):
            return f"  {step.value} done in {ms:.0f} ms"
        case ev.StepFailed(failure=f):
            return f"  {f.step.value} failed ({f.code}): {f.message}"
        case ev.IdentityRead(identity=identity):
            return f"  identity read: {identity.masked_name} {identity.masked_id}"
        case ev.FaceGuidance(message=message):
            return f"  camera: {message}"
        case ev.EligibilityChecked(eligibility=e):
            return f"  eligibility: {e.status.value} {e.result_code} {e.message}".rstrip()
        case ev.FaceChecked(face=face):
            distance = "" if face.distance is None else f" (distance {face.distance:.2f})"
            return f"  face: {face.verdict.value}{distance}"
        case ev.Decided(decision=d):
            reasons = "; ".join(r.message for r in d.reasons)
            return f"  decision: {d.verdict.value}, {d.payer.value}" + (f" ({reasons})" if reasons else "")
        case ev.TicketIssued(ticket=ticket):
            return f"  ticket: {ticket.label}"
    return None


def summary(record: CheckinRecord, profile: str) -> dict:
    """The `--json` object of one check-in."""
    d, e = record.decision, record.eligibility
    return {"checkin_id": record.checkin_id, "profile": profile, "state": record.state.value,
            "decision": d.verdict.value if d else None, "payer": d.payer.value if d else None,
            "reasons": list(d.reason_codes) if d else [],
            "eligibility": e.status.value if e else None,
            "eligibility_code": e.result_code if e else None,
            "ticket": record.ticket.label if record.ticket else None,
            "failure": record.failure.code if record.failure else None,
            "step_ms": record.step_ms}


def _printer(quiet: bool) -> Callable[[ev.Event], None]:
    def show(event: ev.Event) -> None:
        line = None if quiet else describe(event)
        if line is not None:
            elapsed = getattr(event, "elapsed_ms", None)
            stamp = f"{elapsed:7.0f} ms " if elapsed is not None else " " * 11
            print(stamp + line, flush=True)
    return show


def _run_one(config: Config, args: argparse.Namespace, profile: str) -> CheckinRecord:
    # imported here: the assembly loads the simulators and the face models, which the other
    # subcommands never need
    from drivers.idcard.sim.profile import load_profile
    from terminal.checkin.assembly import SimOptions, build_terminal

    sim = SimOptions(profile=profile, over_pcscd=args.via_pcscd)
    with build_terminal(config, _printer(args.json), sim=sim,
                        parallel=not args.sequential) as terminal:
        if args.gateway_latency_ms and terminal.eligibility.simulator is not None:
            terminal.eligibility.simulator.faults.set(latency_ms=args.gateway_latency_ms)
        if args.scan:
            return terminal.workflow.run(None, AccessKeySource.QR)
        return terminal.workflow.run(load_profile(profile).printed_access_key)


def _demo(args: argparse.Namespace, config: Config) -> int:
    from drivers.idcard.sim.profile import list_profiles

    profiles = (list_profiles() if args.profile == "all"
                else [p.strip() for p in (args.profile or config.reader.sim_profile).split(",")])
    failed = 0
    for i in range(args.count):
        profile = profiles[i % len(profiles)]
        if not args.json:
            print(f"— check-in {i + 1} of {args.count}: simulated citizen {profile!r}", flush=True)
        record = _run_one(config, args, profile)
        failed += record.failure is not None
        if args.json:
            print(json.dumps(summary(record, profile), ensure_ascii=False), flush=True)
        else:
            print(f"= {record.state.value}, card to decision "
                  f"{record.step_ms.get('total', 0):.0f} ms\n", flush=True)
    return 0 if failed == 0 or args.allow_failures else 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="run whole check-ins headless with the simulated chip, camera and gateway",
        description="Runs check-ins with the simulated chip, the replay camera and the bundled "
                    "gateway simulator, printing each step and its time.")
    parser.add_argument("--count", type=int, default=1, help="check-ins to run (default 1)")
    parser.add_argument("--profile", default="",
                        help="simulated citizen(s), comma-separated, or `all` (default: "
                             "reader.sim_profile); used in turn")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per check-in instead of the steps")
    parser.add_argument("--via-pcscd", action="store_true",
                        help="serve the simulated chip through pcscd and the vsmartcard virtual "
                             "reader (needs vsmartcard-vpcd) instead of in process")
    parser.add_argument("--scan", action="store_true",
                        help="read the access key from the QR of the card's front (replay camera) "
                             "instead of typing the printed data")
    parser.add_argument("--sequential", action="store_true",
                        help="run lookup and face check one after another (for comparison)")
    parser.add_argument("--gateway-latency-ms", type=int, default=0,
                        help="added to every reply of the gateway simulator")
    parser.add_argument("--allow-failures", action="store_true",
                        help="exit 0 even when a check-in failed (wrong key, card removed)")
    parser.set_defaults(handler=_demo)

