"""Benchmark of a full card read (simulated citizen "an", ~20 KB photo): our read strategy against
a fixed-223-byte-block baseline (SELECT each file, then 223-byte READ BINARYs), in the same run.
In-process with a per-command latency (the simulator's slow-card fault) and, when pcscd with vpcd
is running, through the real PC/SC stack. Run: python tests/bench/bench_card_read.py"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drivers.idcard.errors import ChipError  # noqa: E402
from drivers.idcard.protocol.file_reader import CardCapabilities  # noqa: E402
from drivers.idcard.pcsc import PcscTransport, list_readers  # noqa: E402
from drivers.idcard.protocol.session import read_card  # noqa: E402
from drivers.idcard.sim.card_image import CardImage, build_card_image  # noqa: E402
from drivers.idcard.sim.chip import ChipEngine, ChipFaults  # noqa: E402
from drivers.idcard.sim.pki import load_test_pki  # noqa: E402
from drivers.idcard.sim.profile import load_profile  # noqa: E402
from drivers.idcard.sim.vpcd import VpcdCard  # noqa: E402
from drivers.idcard.transport import CardTransport, InProcessTransport  # noqa: E402

LATENCY_MS = 4.0  # a contactless round trip plus the reader's turnaround, per command
RUNS = 5
VPCD_READER = "Virtual PCD 00 00"


def _measure(transport: CardTransport, image: CardImage,
             baseline: bool) -> tuple[int, int, float]:
    times, result = [], None
    for _ in range(RUNS):
        # The baseline: SELECT each file by id, then fixed 223-byte READ BINARYs (what many
        # readers do). Ours starts knowing nothing of the card each time, like a new card.
        known = CardCapabilities(extended_length=False, short_ids=False) if baseline else None
        started = time.perf_counter()
        result = read_card(transport, image.access_key, capabilities=known)
        times.append((time.perf_counter() - started) * 1000)
    assert result is not None
    return result.apdus, result.bytes_read, statistics.median(times)


def _compare(label: str, transport: CardTransport, image: CardImage) -> None:
    base = _measure(transport, image, baseline=True)
    ours = _measure(transport, image, baseline=False)
    print(f"\n{label}")
    print(f"  {'strategy':28} {'commands':>8} {'bytes':>8} {'ms (median)':>12}")
    print(f"  {'fixed 223-byte blocks':28} {base[0]:8d} {base[1]:8d} {base[2]:12.1f}")
    print(f"  {'ours (short id + extended)':28} {ours[0]:8d} {ours[1]:8d} {ours[2]:12.1f}")
    print(f"  ratio baseline/ours: commands x{base[0] / ours[0]:.1f}, time x{base[2] / ours[2]:.1f}")


def _pcsc_available() -> bool:
    try:
        return any(name.startswith(VPCD_READER) for name in list_readers())
    except ChipError:
        return False


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        image = build_card_image(load_profile("an"), load_test_pki(Path(folder)))
    dg2 = len(image.files[0x0102])
    print(f"Card: profile 'an', {sum(map(len, image.files.values()))} bytes in "
          f"{len(image.files)} files (DG2 {dg2} bytes); {RUNS} reads each, median")
    slow = ChipEngine(image, faults=ChipFaults(delay_ms=LATENCY_MS))
    _compare(f"in-process, {LATENCY_MS:g} ms per command", InProcessTransport(slow), image)
    if not _pcsc_available():
        print("\npcscd with the vpcd reader is not running: PC/SC part skipped")
        return
    engine = ChipEngine(image)
    card = VpcdCard(engine, engine.atr).start()
    transport = PcscTransport(VPCD_READER, timeout_s=10)
    try:
        if not card.wait_connected(10) or not transport.wait_for_card(10):
            print("\nvpcd did not take the simulated card: PC/SC part skipped")
            return
        _compare("PC/SC: pyscard -> pcscd -> vpcd -> simulated chip (no added latency)",
                 transport, image)
    finally:
        transport.close()
        card.stop()


if __name__ == "__main__":
    main()
