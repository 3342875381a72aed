"""The fuzz loop: Hypothesis picks a seed and a mutation stream, derandomised so CI sees the same
inputs every run; the mutants (bit flips, boundary bytes, inserted, deleted, repeated and spliced
runs, TLV long lengths and nesting, truncation; or plain random bytes) run one by one under a
CPU-time alarm and tracemalloc. Outcomes are counted, never raised mid-run, so one run reports every finding."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.targets import Target

#: Boundary bytes: BER length forms, constructed tags, high bit, zero, all ones.
INTERESTING = (0x00, 0x01, 0x02, 0x06, 0x0C, 0x13, 0x1F, 0x30, 0x31, 0x7F, 0x80, 0x81, 0x82,
               0x83, 0x84, 0xFF, 0x7C, 0x22, 0x5B, 0x7B, 0x3D, 0x0A)

TALLIES: list = []  # each target's tally, for the session summary (tests/fuzz/conftest.py)


def fuzz_scale() -> float:
    """FUZZ_SCALE (default 1): how many times the CI number of inputs to try."""
    try:
        return max(float(os.environ.get("FUZZ_SCALE", "1")), 0.01)
    except ValueError:
        return 1.0


class Hang(BaseException):
    """Raised by the CPU-time alarm inside a parser that ran past its bound (a BaseException, so
    a parser's own `except Exception` cannot swallow it)."""


@dataclass
class Finding:
    kind: str  # crash, hang, memory
    detail: str
    data: bytes

    @property
    def name(self) -> str:
        return f"{self.kind}-{hashlib.sha256(self.data).hexdigest()[:12]}"


@dataclass
class Tally:
    target: str
    outcomes: Counter = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    max_time_s: float = 0.0
    max_memory: int = 0
    seconds: float = 0.0

    @property
    def tried(self) -> int:
        return sum(self.outcomes.values())

    def line(self) -> str:
        o = self.outcomes
        return (f"fuzz {self.target:8} {self.tried:6} inputs: {o['ok']:5} parsed, "
                f"{o['typed']:5} typed errors, {o['crash']} crashes, {o['hang']} hangs, "
                f"{o['memory']} over-memory; slowest {self.max_time_s * 1000:.1f} ms CPU, "
                f"peak {self.max_memory / 1024:.0f} KiB; {self.seconds:.1f} s")


def mutate(seed: bytes, seeds: list[bytes], rng: random.Random) -> bytes:
    """`seed` changed by one to eight mutations chosen by `rng` (one input in eight: random bytes).
    Inputs grow to a few hundred kB at most (runs of 5000, repeated chunks, nesting)."""
    if rng.random() < 0.125:
        return rng.randbytes(rng.randrange(0, 512))
    data = bytearray(seed)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(11)
        pos = rng.randrange(max(len(data), 1))
        if op == 0 and data:
            data[pos] ^= 1 << rng.randrange(8)
        elif op == 1 and data:
            data[pos] = rng.choice(INTERESTING)
        elif op == 2:
            data[pos:pos] = rng.randbytes(rng.randint(1, 8))
        elif op == 3 and data:
            del data[pos:pos + rng.randint(1, 32)]
        elif op == 4 and data:
            chunk = data[pos:pos + rng.randint(1, 64)]
            at = rng.randrange(len(data) + 1)
            data[at:at] = chunk * rng.randint(1, 16)
        elif op == 5:
            del data[pos:]
        elif op == 6:
            other = rng.choice(seeds)
            data = data[:pos] + other[rng.randrange(len(other) + 1):]
        elif op == 7 and pos + 1 < len(data):  # a BER long length of 1-4 bytes, often huge
            data[pos + 1:pos + 1] = bytes([0x80 | rng.randint(1, 4)])
        elif op == 8:  # wrapped in more constructed objects (nesting)
            for _ in range(rng.randint(1, 40)):
                data = bytearray(b"\x30" + _length(len(data)) + data)
        elif op == 9 and data:
            data[pos] = rng.choice((0x00, 0xFF))
        elif op == 10 and data:  # a long run of a short chunk: deep nesting, huge numbers
            data[pos:pos] = data[pos:pos + rng.randint(1, 4)] * rng.randint(100, 5000)
    return bytes(data)


def _length(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else bytes([0x80 | 4]) + n.to_bytes(4, "big")


def _on_alarm(_signum, _frame) -> None:
    raise Hang()


def run_one(target: Target, data: bytes, tally: Tally) -> None:
    """Call the target on `data` under its bounds and count the outcome."""
    # Traced around the call only: tracing Hypothesis's own work would slow the run tenfold.
    tracemalloc.start()
    kind, detail = "ok", ""
    started = time.process_time()  # CPU time: a loaded machine must not look like a hang
    signal.setitimer(signal.ITIMER_PROF, target.time_s)
    try:
        target.parse(data)
    except target.errors as exc:
        kind = "typed"
        if not getattr(exc, "message", None):
            kind, detail = "crash", f"{type(exc).__name__} without a plain message"
    except Hang:
        kind, detail = "hang", f"over {target.time_s} s of CPU"
    except BaseException as exc:  # noqa: BLE001 - every other exception is the finding
        if isinstance(exc, KeyboardInterrupt):
            raise
        kind, detail = "crash", f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    elapsed = time.process_time() - started
    if kind in ("ok", "typed") and elapsed > target.time_s:
        kind, detail = "hang", f"{elapsed:.2f} s of CPU"
    if kind in ("ok", "typed") and peak > target.memory:
        kind, detail = "memory", f"peak {peak >> 20} MiB"
    tally.outcomes[kind] += 1
    tally.max_time_s = max(tally.max_time_s, elapsed)
    tally.max_memory = max(tally.max_memory, peak)
    if kind not in ("ok", "typed") and len(tally.findings) < 20:
        tally.findings.append(Finding(kind, detail, data))


def fuzz(target: Target, scale: float | None = None) -> Tally:
    """Run `target` on its seeds, then on `examples * scale` mutants and random inputs."""
    seeds = target.seeds()
    if not seeds:
        raise FileNotFoundError(f"no seeds in tests/fuzz/corpus/{target.name}/")
    tally = Tally(target.name)
    examples = max(1, round(target.examples * (fuzz_scale() if scale is None else scale)))
    previous = signal.signal(signal.SIGPROF, _on_alarm)
    started = time.perf_counter()
    try:
        for seed in seeds:  # also the warm-up: imports and caches are not an input's cost
            run_one(target, seed, Tally(target.name))
        for seed in seeds:
            run_one(target, seed, tally)
        # Hypothesis picks the seed and the mutation stream (derandomised: the same inputs on
        # every run); the mutations themselves are plain Python, 50x cheaper than drawing each.
        @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(st.integers(0, len(seeds) - 1), st.integers(0, 2**64 - 1))
        def each(index: int, stream: int) -> None:
            data = mutate(seeds[index], seeds, random.Random(stream))
            if target.text:
                data = data.decode("utf-8", "replace").encode("utf-8")
            run_one(target, data, tally)

        each()
    finally:
        signal.signal(signal.SIGPROF, previous)
        tally.seconds = time.perf_counter() - started
    return tally


def save_findings(tally: Tally, folder: Path) -> list[Path]:
    """Write each finding's input to `folder` (to add to the corpus once fixed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for finding in tally.findings:
        path = folder / f"{tally.target}-{finding.name}.bin"
        path.write_bytes(finding.data)
        written.append(path)
    return written
