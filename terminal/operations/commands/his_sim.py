"""`checkin his-sim`: run the bundled clinic HIS simulator in the foreground (tests, demo, testers)."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from terminal.checkin.departments import his_capacities, load_departments
from terminal.operations.cli_args import port
from terminal.simulators.his.server import HisSimulator


def _run(args: argparse.Namespace, config) -> int:
    # the config's departments file gives the rooms' capacities, held across all kiosks
    simulator = HisSimulator(args.host, args.port, Path(args.store) if args.store else None,
                             capacities=his_capacities(load_departments(config)))
    print(f"HIS simulator listening on {simulator.start()}", flush=True)
    print("  POST /queue-numbers, GET /rooms, POST /checkins, POST /checkins/ID/eligibility, "
          "GET /checkins, "
          "POST|DELETE /_sim/faults; Ctrl-C stops.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("his-sim", help="run the clinic HIS simulator (receives "
                                                   "check-ins, fails on demand)")
    parser.add_argument("--port", type=port(), default=8089, help="port to listen on (0: any free)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--store", metavar="FILE",
                        help="JSON file that keeps what arrived across restarts (holds patient "
                             "data: for simulated patients only)")
    parser.set_defaults(handler=_run)
