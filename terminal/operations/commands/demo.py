"""`checkin demo`: whole check-ins, headless, for simulated citizens: the simulated chip (through
pcscd and the virtual reader when pcscd shows it, else in process), the replay camera, and the
bundled gateway and HIS simulators, each step printed with its time; `--json` prints one JSON
object per check-in instead. The demo keeps its own data folder and never uses the clinic's
gateway or HIS, whatever the config says."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from terminal.operations.cli_args import whole_number
from terminal.checkin import events as ev
from terminal.checkin.coverage import SlipAnswers
from terminal.checkin.records import AccessKeySource, CheckinRecord
from terminal.config import Config

if TYPE_CHECKING:  # prometheus_client is loaded only when the demo runs
    from terminal.operations.monitoring.exporter import MetricsExporter
    from terminal.operations.monitoring.metrics import KioskMetrics

#: How long the demo waits for the HIS simulator to take a check-in before it moves on.
_SEND_WAIT_S = 5.0
READERS = ("auto", "pcscd", "in-process")
#: What the demo's patient answers when asked about a referral and an appointment slip (a card
#: registered elsewhere, coverage.py): `yes` a referral slip, `no` neither, `none` nothing (the
#: kiosk waits checkin.slip_answer_s, then the counter asks).
SLIP_ANSWERS = {"yes": SlipAnswers(referral=True, appointment=False),
                "no": SlipAnswers(referral=False, appointment=False), "none": None}


def describe(event: ev.Event) -> str | None:
    """One line for a person watching the demo (identities masked); None for noise."""
    match event:
        case ev.StateChanged(state=state):
            return f"state: {state.value}"
        case ev.StepFinished(step=step, ms=ms):
            return f"  {step.value} done in {ms:.0f} ms"
        case ev.StepFailed(failure=f):
            return f"  {f.step.value} failed ({f.code}): {f.message}"
        case ev.PatientIdentified(identity=identity):
            return f"  identity read: {identity.masked_name} {identity.masked_id}"
        case ev.FaceGuidance(message=message):
            return f"  camera: {message}"
        case ev.EligibilityChecked(eligibility=e):
            return f"  eligibility: {e.status.value} {e.result_code} {e.message}".rstrip()
        case ev.SlipsAsked(with_slip_pct=with_slip, without_slip_pct=without):
            return (f"  slips asked: the fund pays {_pct(with_slip)} with a referral or "
                    f"appointment slip, {_pct(without)} without")
        case ev.FaceChecked(face=face):
            distance = "" if face.distance is None else f" (distance {face.distance:.2f})"
            return f"  face: {face.verdict.value}{distance}"
        case ev.Decided(decision=d):
            reasons = "; ".join(r.message for r in d.reasons)
            return f"  decision: {d.verdict.value}, {d.payer.value}" + (f" ({reasons})" if reasons else "")
        case ev.TicketIssued(ticket=ticket):
            return f"  ticket: {ticket.label}"
    return None


def _pct(share: int | None) -> str:
    return "an unknown share" if share is None else f"{share}%"


def summary(record: CheckinRecord, profile: str, reader: str, sent_ms: float | None) -> dict:
    """The `--json` object of one check-in."""
    d, e, c = record.decision, record.eligibility, record.coverage
    return {"checkin_id": record.checkin_id, "profile": profile, "reader": reader,
            "state": record.state.value,
            "decision": d.verdict.value if d else None, "payer": d.payer.value if d else None,
            "reasons": list(d.reason_codes) if d else [],
            "eligibility": e.status.value if e else None,
            "eligibility_code": e.result_code if e else None,
            "route": c.route.value if c else None, "fund_pct": c.fund_pct if c else None,
            "slips": None if record.slips is None else dataclasses.asdict(record.slips),
            "ticket": record.ticket.label if record.ticket else None,
            "department": record.department or None,
            "ahead": record.ticket.ahead if record.ticket else None,
            "priority": record.priority.reason.value if record.priority else None,
            "slip": record.slip or None, "print_fault": record.print_fault or None,
            "failure": record.failure.code if record.failure else None,
            "step_ms": record.step_ms,
            "sent_to_his_ms": None if sent_ms is None else round(sent_ms, 1)}


def demo_config(config: Config) -> Config:
    """The config the demo runs on: the simulated chip and the replay camera, the bundled gateway
    and HIS simulators, and a data folder of its own (`demo` in the terminal's), so that no demo
    check-in reaches the clinic's day book, gateway account or HIS. The demo checks the same
    simulated citizens in again and again: the one-number-a-day guard is off for it."""
    r = dataclasses.replace
    return r(config, reader=r(config.reader, kind="simulated"),
             camera=r(config.camera, kind="replay"),
             gateway=r(config.gateway, base_url=""), his=r(config.his, base_url=""),
             queue=r(config.queue, path=""),
             checkin=r(config.checkin, journal_path="", one_ticket_a_day=False),
             paths=r(config.paths, data_dir=str(config.data_dir / "demo")))


def _printer(quiet: bool) -> Callable[[ev.Event], None]:
    def show(event: ev.Event) -> None:
        line = None if quiet else describe(event)
        if line is not None:
            elapsed = getattr(event, "elapsed_ms", None)
            stamp = f"{elapsed:7.0f} ms " if elapsed is not None else " " * 11
            print(stamp + line, flush=True)
    return show


def _wait_sent(terminal, record: CheckinRecord) -> float | None:
    """Milliseconds until the HIS simulator holds the check-in; None if it has no ticket or the
    HIS did not take it in time (it stays queued)."""
    if record.ticket is None:
        return None
    start = time.monotonic()
    his = terminal.his.simulator
    while time.monotonic() - start < _SEND_WAIT_S:
        if any(c.idempotency_key == record.checkin_id for c in his.received()):
            return (time.monotonic() - start) * 1000
        time.sleep(0.01)
    return None


def _run_one(config: Config, args: argparse.Namespace, profile: str, over_pcscd: bool,
             metrics: KioskMetrics | None,
             report: Callable[[CheckinRecord, float | None, str], None]) -> CheckinRecord:
    """One check-in on a terminal of its own; `report` is called before the terminal closes
    (so a metrics scrape during it still sees the queue and the devices)."""
    # imported here: the assembly loads the simulators and the face models, which the other
    # subcommands never need
    from drivers.idcard.sim.profile import load_profile
    from terminal.checkin.assembly import SimOptions, build_terminal

    sim = SimOptions(profile=profile, over_pcscd=over_pcscd)
    show, answers, workflow = _printer(args.json), SLIP_ANSWERS[args.slips], []

    def listen(event: ev.Event) -> None:
        show(event)
        if isinstance(event, ev.SlipsAsked) and answers is not None and workflow:
            # the patient answers at once, as on the kiosk's referral screen
            workflow[0].answer_slips(event.checkin_id, answers)
            if not args.json:
                print(f"{'':11}  slips answered: referral {'yes' if answers.referral else 'no'}"
                      f", appointment {'yes' if answers.appointment else 'no'}", flush=True)

    with build_terminal(config, listen, sim=sim, parallel=not args.sequential,
                        metrics=metrics) as terminal:
        workflow.append(terminal.workflow)
        fault = terminal.delivery.startup_fault
        if fault is not None:  # the kiosk shows it on the console; the demo says it here
            print(f"queue: {fault.message}", file=sys.stderr, flush=True)
        if args.gateway_latency_ms and terminal.eligibility.simulator is not None:
            terminal.eligibility.simulator.faults.set(latency_ms=args.gateway_latency_ms)
        if args.scan:
            record = terminal.workflow.run(None, AccessKeySource.QR, department=args.department)
        else:
            record = terminal.workflow.run(load_profile(profile).printed_access_key,
                                           department=args.department)
        report(record, _wait_sent(terminal, record), _place(terminal, record))
        return record


def _place(terminal, record: CheckinRecord) -> str:
    """Where the patient goes, for the person watching: the department, its room and floor."""
    if not record.department:
        return ""
    department = terminal.workflow.department(record.department)
    parts = [department.name_en or department.name_vi,
             f"room {department.room}" if department.room else "",
             f"floor {department.floor}" if department.floor else ""]
    return f"{department.code} ({', '.join(p for p in parts if p)})" if any(parts) \
        else department.code


def _reader(choice: str) -> str | None:
    """"pcscd" or "in-process" for the choice; None when pcscd was asked for and is not there."""
    from terminal.devices import pcscd_serves_vpcd

    if choice == "in-process":
        return choice
    if pcscd_serves_vpcd():
        return "pcscd"
    return None if choice == "pcscd" else "in-process"


def _print_end(record: CheckinRecord, sent_ms: float | None, place: str = "") -> None:
    sent = ("" if record.ticket is None else
            f", at the HIS {sent_ms:.0f} ms later" if sent_ms is not None else
            ", still queued for the HIS")
    ticket = f", ticket {record.ticket.label}" if record.ticket else ""
    where = f" at {place or record.department}" if record.department else ""
    ahead = (f", {record.ticket.ahead} waiting before it" if record.ticket is not None
             and record.ticket.ahead is not None else "")
    print(f"= {record.state.value}{ticket}{where}{ahead}, card to decision "
          f"{record.step_ms.get('total', 0):.0f} ms{sent}", flush=True)
    if record.slip:
        print(f"  slip: {record.slip}", flush=True)
    elif record.print_fault:
        print(f"  slip not printed: {record.print_fault}", flush=True)
    print(flush=True)


def _demo(args: argparse.Namespace, config: Config) -> int:
    from drivers.idcard.sim.profile import list_profiles
    from terminal.devices import VPCD_READER

    reader = _reader("pcscd" if args.via_pcscd else args.reader)
    if reader is None:
        print(f"pcscd does not show the virtual reader {VPCD_READER!r}: install vsmartcard-vpcd "
              "and start pcscd (packaging/setup.sh), or use --reader in-process.")
        return 2
    config = demo_config(config)
    profiles = (list_profiles() if args.profile == "all"
                else [p.strip() for p in (args.profile or config.reader.sim_profile).split(",")])
    from terminal.operations.monitoring.exporter import open_metrics

    exporter = open_metrics(config)
    try:
        failed = _run_all(args, config, profiles, reader, exporter)
    finally:
        if exporter is not None:
            exporter.close()
    return 0 if failed == 0 or args.allow_failures else 1


def _run_all(args: argparse.Namespace, config: Config, profiles: list[str], reader: str,
             exporter: MetricsExporter | None) -> int:
    failed = 0
    for i in range(args.count):
        profile = profiles[i % len(profiles)]
        if not args.json:
            print(f"— check-in {i + 1} of {args.count}: simulated citizen {profile!r}, "
                  f"chip {'through pcscd + vpcd' if reader == 'pcscd' else 'in process'}",
                  flush=True)
        linger_s = args.metrics_linger_s if exporter is not None and i == args.count - 1 else 0

        def report(record: CheckinRecord, sent_ms: float | None, place: str) -> None:
            if args.json:
                print(json.dumps(summary(record, profile, reader, sent_ms), ensure_ascii=False),
                      flush=True)
            else:
                _print_end(record, sent_ms, place)
            if linger_s:  # the last terminal stays up, so the final values can be scraped
                print(f"metrics: serving for {linger_s:g} s more", file=sys.stderr, flush=True)
                time.sleep(linger_s)

        record = _run_one(config, args, profile, reader == "pcscd",
                          exporter.metrics if exporter else None, report)
        failed += record.failure is not None
    return failed


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="run whole check-ins headless for simulated citizens",
        description="Runs check-ins for simulated citizens: the simulated chip, the replay camera "
                    "and the bundled gateway and HIS simulators, printing each step and its time. "
                    "Uses its own data folder (`demo` in the terminal's) and never the clinic's "
                    "gateway or HIS.")
    parser.add_argument("--count", type=whole_number(1, 10_000, "count"), default=1,
                        help="check-ins to run (default 1)")
    parser.add_argument("--profile", default="",
                        help="simulated citizen(s), comma-separated, or `all` (default: "
                             "reader.sim_profile); used in turn")
    parser.add_argument("--department", default="",
                        help="the department code chosen (clinic.departments_file; default: "
                             "the file's default, or its first)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per check-in instead of the steps")
    parser.add_argument("--reader", choices=READERS, default="auto",
                        help="pcscd: serve the simulated chip through pcscd and the vsmartcard "
                             "virtual reader; in-process: call the simulator directly; auto "
                             "(default): pcscd when it shows the virtual reader")
    parser.add_argument("--via-pcscd", action="store_true", help="same as --reader pcscd")
    parser.add_argument("--scan", action="store_true",
                        help="read the access key from the QR of the card's front (replay camera) "
                             "instead of typing the printed data")
    parser.add_argument("--sequential", action="store_true",
                        help="run lookup and face check one after another (for comparison)")
    parser.add_argument("--slips", choices=tuple(SLIP_ANSWERS), default="no",
                        help="what the patient answers when asked about a referral or "
                             "appointment slip (a card registered elsewhere): yes (a referral "
                             "slip), no (neither; default), none (no answer: the kiosk waits "
                             "checkin.slip_answer_s, then the counter asks)")
    parser.add_argument("--gateway-latency-ms", type=whole_number(0, 600_000, "latency"),
                        default=0,
                        help="added to every reply of the gateway simulator")
    parser.add_argument("--allow-failures", action="store_true",
                        help="exit 0 even when a check-in failed (wrong key, card removed)")
    parser.add_argument("--metrics-linger-s", type=float, default=0.0,
                        help="with [metrics] on, keep serving them this long after the last "
                             "check-in, so a Prometheus can scrape the final values")
    parser.set_defaults(handler=_demo)
