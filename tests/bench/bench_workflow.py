"""Card on the reader to decision: the parallel workflow (lookup and face capture start while the
chip is still read) against the same steps run one after another, in the same run.

Real parts: the simulated chip with a per-command delay like a contactless link, the replay
camera in real time, the gateway simulator on loopback with 150 ms latency per reply.
Run: python tests/bench/bench_workflow.py [--rounds N] [--apdu-ms MS] [--latency-ms MS]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drivers.idcard.sim.chip import ChipFaults  # noqa: E402
from drivers.idcard.sim.profile import load_profile  # noqa: E402
from terminal.checkin.assembly import SimOptions, Terminal, build_terminal  # noqa: E402
from terminal.checkin.records import CheckinState  # noqa: E402
from terminal.config import config_from_dict  # noqa: E402

PROFILE = "an"


def _open(data_dir: str, parallel: bool, apdu_ms: float, latency_ms: int) -> Terminal:
    config = config_from_dict({"paths": {"data_dir": data_dir}})
    terminal = build_terminal(config, sim=SimOptions(PROFILE, ChipFaults(delay_ms=apdu_ms)),
                              parallel=parallel)
    assert terminal.eligibility.simulator is not None
    terminal.eligibility.simulator.faults.set(latency_ms=latency_ms)
    return terminal


def _measure(terminal: Terminal) -> dict[str, float]:
    record = terminal.workflow.run(load_profile(PROFILE).printed_access_key)
    if record.decision is None:
        raise SystemExit(f"check-in ended {record.state.value}: {record.failure}")
    assert record.state in (CheckinState.DONE, CheckinState.REVIEW)
    return record.step_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--apdu-ms", type=float, default=4.0,
                        help="delay per chip command (contactless round trip)")
    parser.add_argument("--latency-ms", type=int, default=150, help="gateway simulator latency")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
        terminals = {mode: _open(f"{tmp}/{mode}", mode, args.apdu_ms, args.latency_ms)
                     for mode in (True, False)}
        try:
            _measure(terminals[True])  # warm-up: face models, gateway login, first DB writes
            _measure(terminals[False])
            for _ in range(args.rounds):  # interleaved, so both modes see the same machine load
                for mode in (False, True):
                    runs[mode].append(_measure(terminals[mode]))
        finally:
            for terminal in terminals.values():
                terminal.close()
    print(f"card on reader → decision, median of {args.rounds} check-ins "
          f"(chip {args.apdu_ms:g} ms/command, gateway latency {args.latency_ms} ms)")
    for mode, name in ((False, "sequential (baseline)"), (True, "parallel")):
        steps = {k: statistics.median(r[k] for r in runs[mode])
                 for k in ("read_identity", "read_photo", "eligibility", "face", "total")}
        print(f"  {name:22s} total {steps['total']:7.0f} ms   (read identity "
              f"{steps['read_identity']:.0f}, photo {steps['read_photo']:.0f}, eligibility "
              f"{steps['eligibility']:.0f}, face {steps['face']:.0f})")
    sequential = statistics.median(r["total"] for r in runs[False])
    parallel = statistics.median(r["total"] for r in runs[True])
    print(f"  speed-up: sequential / parallel = {sequential / parallel:.2f}x")


if __name__ == "__main__":
    main()
