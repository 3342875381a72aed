"""`checkin gateway-sim`: serve the VSS gateway simulator for testers until Ctrl-C."""

from __future__ import annotations

import argparse
import threading

from terminal.operations.cli_args import port, seconds
from terminal.config import Config
from terminal.simulators.gateway import DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME, DEMO_USERNAME
from terminal.simulators.gateway import GatewaySimulator


def _serve(args: argparse.Namespace, _config: Config) -> int:
    with GatewaySimulator(args.data, host=args.host, port=args.port,
                          token_lifetime_s=args.token_lifetime) as sim:
        print(f"VSS gateway simulator on {sim.base_url}", flush=True)
        print(f"  account {DEMO_USERNAME} / {DEMO_PASSWORD}; staff {DEMO_STAFF_NAME} "
              f"({DEMO_STAFF_ID})")
        print(f"  faults: GET/POST/DELETE {sim.base_url}/_sim/faults, tokens: POST "
              f"{sim.base_url}/_sim/tokens, stats: GET {sim.base_url}/_sim/stats")
        print("  Ctrl-C stops it.", flush=True)
        threading.Event().wait()  # until KeyboardInterrupt
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("gateway-sim", help="serve the VSS gateway simulator",
                                   description="A real HTTP server with the gateway's endpoints "
                                               "and result codes, from synthetic cards.")
    parser.add_argument("--port", type=port(), default=8088,
                        help="port (0: a free one; default 8088)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--data", metavar="FILE", help="cards file (default: the shipped one)")
    parser.add_argument("--token-lifetime", type=seconds(1, 366 * 86400, "token lifetime"),
                        default=3600.0, metavar="S",
                        help="seconds a token lives (default 3600)")
    parser.set_defaults(handler=_serve)
