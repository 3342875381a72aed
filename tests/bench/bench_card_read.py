"""Benchmark of a full card read (simulated citizen "an", ~20 KB photo) for each chip dialect the
simulator speaks: our read strategy, for the first card of a type (learning what it takes) and the
next one (remembered), against the fixed-223-byte-block baseline (SELECT each file, a 4-byte
header, then 223-byte READ BINARYs) measured in the same run on the same card. In-process with a
per-command latency (the simulator's slow-card fault) and, when pcscd with vpcd is running, through
the real PC/SC stack. Run: python tests/bench/bench_card_read.py [--runs N] [--only NAME ...]

Each comparison is a Case in CASES: a label, how the chip behaves, and how the baseline and ours
read it. Then access control: PACE-CAN against BAC (the same card without EF.CardAccess), whole
read and handshake alone, commands and time in the same run."""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drivers.idcard.access_key import AccessKey  # noqa: E402
from drivers.idcard.errors import ChipError  # noqa: E402
from drivers.idcard.lds import EF_CARD_ACCESS  # noqa: E402
from drivers.idcard.pcsc import PcscTransport, list_readers  # noqa: E402
from drivers.idcard.protocol.capabilities import (CapabilityMemory,  # noqa: E402
                                                  conservative_capabilities)
from drivers.idcard.protocol.session import CardRead, open_access_control, read_card  # noqa: E402
from drivers.idcard.sim.card_image import CardImage, build_card_image  # noqa: E402
from drivers.idcard.sim.chip import ChipEngine, ChipFaults  # noqa: E402
from drivers.idcard.sim.dialects import DIALECTS, ChipDialect  # noqa: E402
from drivers.idcard.sim.pki import load_test_pki  # noqa: E402
from drivers.idcard.sim.profile import load_profile  # noqa: E402
from drivers.idcard.sim.vpcd import VpcdCard  # noqa: E402
from drivers.idcard.transport import CardTransport, InProcessTransport, MeteredTransport  # noqa: E402

LATENCY_MS = 4.0  # a contactless round trip plus the reader's turnaround, per command
VPCD_READER = "Virtual PCD 00 00"

#: A way to read a card: (transport, card image, memory of card types) -> the read.
Reading = Callable[[CardTransport, CardImage, CapabilityMemory], CardRead]


def fixed_223_blocks(transport: CardTransport, image: CardImage, _memory: CapabilityMemory) -> CardRead:
    """The baseline many readers use: SELECT each file, its 4-byte header, 223-byte blocks."""
    return read_card(transport, image.access_key, capabilities=conservative_capabilities())


def learning(transport: CardTransport, image: CardImage, memory: CapabilityMemory) -> CardRead:
    """Ours: the fewest commands the card takes, learned and remembered per card type."""
    return read_card(transport, image.access_key, memory=memory)


@dataclass(frozen=True)
class Case:
    """One comparison: the chip's behaviour, the baseline's reading and ours."""

    label: str
    dialect: ChipDialect
    baseline: Reading = fixed_223_blocks
    ours: Reading = learning
    profile: str = "an"
    faults: ChipFaults = field(default_factory=ChipFaults)


CASES: list[Case] = [Case(name, dialect) for name, dialect in DIALECTS.items()
                     if not name.startswith("wrong-key")]


@dataclass
class Measured:
    commands: int
    ms: float


def _median(reading: Reading, transport: CardTransport, image: CardImage, runs: int,
            memory_for_each: Callable[[], CapabilityMemory]) -> Measured:
    times, commands = [], 0
    for _ in range(runs):
        memory = memory_for_each()
        started = time.perf_counter()
        result = reading(transport, image, memory)
        times.append((time.perf_counter() - started) * 1000)
        commands = result.apdus
    return Measured(commands, statistics.median(times))


def _measure(case: Case, transport: CardTransport, image: CardImage,
             runs: int) -> tuple[Measured, Measured, Measured]:
    base = _median(case.baseline, transport, image, runs, CapabilityMemory)
    first = _median(case.ours, transport, image, runs, CapabilityMemory)  # knows nothing each time
    known = CapabilityMemory()
    case.ours(transport, image, known)  # one card of the type seen before
    ours = _median(case.ours, transport, image, runs, lambda: known)
    return base, first, ours


def _header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'case':22} {'baseline':>16} {'ours, 1st card':>16} {'ours, next':>16}"
          f" {'baseline/next':>18}")
    print(f"  {'':22} {'cmds':>6} {'ms':>9} {'cmds':>6} {'ms':>9} {'cmds':>6} {'ms':>9}"
          f" {'cmds':>8} {'time':>9}")


def _row(label: str, base: Measured, first: Measured, ours: Measured) -> None:
    print(f"  {label:22} {base.commands:6d} {base.ms:9.1f} {first.commands:6d} {first.ms:9.1f}"
          f" {ours.commands:6d} {ours.ms:9.1f} x{base.commands / ours.commands:7.1f}"
          f" x{base.ms / ours.ms:8.1f}")


def _pcsc_available() -> bool:
    try:
        return any(name.startswith(VPCD_READER) for name in list_readers())
    except ChipError:
        return False


# --- Access control: PACE-CAN vs BAC -----------------------------------------------------------

def _access_cost(transport: CardTransport, key: AccessKey,
                 runs: int) -> tuple[str, int, float, int, float]:
    """(protocol, handshake commands, handshake ms, whole-read commands, whole-read ms), medians."""
    handshakes, reads, protocol, handshake_commands, read_commands = [], [], "", 0, 0
    for _ in range(runs):
        metered = MeteredTransport(transport)
        metered.connect()
        started = time.perf_counter()
        try:
            protocol = open_access_control(metered, key).protocol
        finally:
            metered.disconnect()
        handshakes.append((time.perf_counter() - started) * 1000)
        handshake_commands = metered.cost.commands
        started = time.perf_counter()
        result = read_card(transport, key)
        reads.append((time.perf_counter() - started) * 1000)
        read_commands = result.apdus
    return (protocol, handshake_commands, statistics.median(handshakes), read_commands,
            statistics.median(reads))


def compare_access_control(label: str, pace_transport: CardTransport, bac_transport: CardTransport,
                           image: CardImage, runs: int) -> None:
    """PACE-CAN on the CCCD against BAC on the same card without EF.CardAccess (a BAC-only chip)."""
    can_only = AccessKey(can=image.access_key.can)
    pace = _access_cost(pace_transport, can_only, runs)
    bac = _access_cost(bac_transport, image.access_key.without_can(), runs)
    print(f"\n{label}")
    print(f"  {'access control':20} {'handshake cmds':>14} {'handshake ms':>12} "
          f"{'read cmds':>9} {'read ms':>8}")
    for name, row in (("BAC", bac), ("PACE-CAN", pace)):
        print(f"  {name + ' (' + row[0] + ')':20} {row[1]:14d} {row[2]:12.1f} {row[3]:9d} {row[4]:8.1f}")
    print(f"  ratio PACE/BAC: handshake commands x{pace[1] / bac[1]:.1f}, time x{pace[2] / bac[2]:.1f}; "
          f"whole read commands x{pace[3] / bac[3]:.2f}, time x{pace[4] / bac[4]:.2f}")


def bac_only(image: CardImage) -> CardImage:
    """The same card as a BAC-only chip: no EF.CardAccess."""
    files = {fid: data for fid, data in image.files.items() if fid != EF_CARD_ACCESS.file_id}
    short_ids = {sid: fid for sid, fid in image.short_ids.items() if fid != EF_CARD_ACCESS.file_id}
    return dataclasses.replace(image, files=files, short_ids=short_ids)


def access_control_section(image: CardImage, runs: int) -> None:
    compare_access_control(
        f"access control, in-process, {LATENCY_MS:g} ms per command",
        InProcessTransport(ChipEngine(image, faults=ChipFaults(delay_ms=LATENCY_MS))),
        InProcessTransport(ChipEngine(bac_only(image), faults=ChipFaults(delay_ms=LATENCY_MS))),
        image, runs)


def access_control_pcsc_section(image: CardImage, runs: int) -> None:
    """Through pcscd + vpcd: one card served after the other on the same reader."""
    rows = {}
    for name, served in (("pace", image), ("bac", bac_only(image))):
        # Like a hand swapping cards: pcscd must see the previous card gone first.
        watcher = PcscTransport(VPCD_READER, timeout_s=10)
        watcher.wait_for_removal(10)
        watcher.close()
        engine = ChipEngine(served)
        card = VpcdCard(engine, engine.atr).start()
        transport = PcscTransport(VPCD_READER, timeout_s=10)
        try:
            if not card.wait_connected(10) or not transport.wait_for_card(10):
                print("\nvpcd did not take the simulated card: PC/SC access control part skipped")
                return
            key = AccessKey(can=image.access_key.can) if name == "pace" else \
                image.access_key.without_can()
            rows[name] = _access_cost(transport, key, runs)
        finally:
            transport.close()
            card.stop()
    pace, bac = rows["pace"], rows["bac"]
    print("\naccess control, PC/SC: pyscard -> pcscd -> vpcd -> simulated chip")
    for name, row in (("BAC", bac), ("PACE-CAN", pace)):
        print(f"  {name + ' (' + row[0] + ')':20} {row[1]:14d} {row[2]:12.1f} {row[3]:9d} {row[4]:8.1f}")
    print(f"  ratio PACE/BAC: handshake commands x{pace[1] / bac[1]:.1f}, time x{pace[2] / bac[2]:.1f}; "
          f"whole read commands x{pace[3] / bac[3]:.2f}, time x{pace[4] / bac[4]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="reads per measurement (median)")
    parser.add_argument("--only", nargs="*", help="case labels to run (default: all)")
    args = parser.parse_args()
    cases = [case for case in CASES if not args.only or case.label in args.only]
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        pki = load_test_pki(Path(folder))
        images = {case.profile: build_card_image(load_profile(case.profile), pki) for case in cases}
        access_image = images.get("an") or build_card_image(load_profile("an"), pki)
    sizes = {name: sum(map(len, image.files.values())) for name, image in images.items()}
    print(f"Cards: {sizes} bytes; {args.runs} reads each, median")

    _header(f"in-process, {LATENCY_MS:g} ms per command")
    for case in cases:
        faults = ChipFaults(**{**case.faults.__dict__, "delay_ms": LATENCY_MS})
        transport = InProcessTransport(ChipEngine(images[case.profile], case.dialect, faults))
        _row(case.label, *_measure(case, transport, images[case.profile], args.runs))
    access_control_section(access_image, args.runs)

    if not _pcsc_available():
        print("\npcscd with the vpcd reader is not running: PC/SC part skipped")
        return
    _header("PC/SC: pyscard -> pcscd -> vpcd -> simulated chip (no added latency)")
    transport = PcscTransport(VPCD_READER, timeout_s=10)
    try:
        for case in cases:
            engine = ChipEngine(images[case.profile], case.dialect, case.faults)
            card = VpcdCard(engine, engine.atr).start()
            try:
                if not card.wait_connected(10) or not transport.wait_for_card(10):
                    print(f"  {case.label}: vpcd did not take the simulated card, skipped")
                    continue
                _row(case.label, *_measure(case, transport, images[case.profile], args.runs))
            finally:
                transport.disconnect()
                card.stop()
                transport.wait_for_removal(5)
    finally:
        transport.close()
    access_control_pcsc_section(access_image, args.runs)


if __name__ == "__main__":
    main()
