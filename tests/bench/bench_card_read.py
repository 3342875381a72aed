"""Benchmark of a full card read (simulated citizen "an", ~20 KB photo): our read strategy against
a fixed-223-byte-block baseline (SELECT each file, then 223-byte READ BINARYs), in the same run.
In-process with a per-command latency (the simulator's slow-card fault) and, when pcscd with vpcd
is running, through the real PC/SC stack. Then access control: PACE-CAN against BAC (the same card
without EF.CardAccess), whole read and handshake alone, commands and time in the same run.
Run: python tests/bench/bench_card_read.py"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drivers.idcard.errors import ChipError  # noqa: E402
from drivers.idcard.protocol.file_reader import CardCapabilities  # noqa: E402
from drivers.idcard.pcsc import PcscTransport, list_readers  # noqa: E402
from drivers.idcard.access_key import AccessKey  # noqa: E402
from drivers.idcard.lds import EF_CARD_ACCESS  # noqa: E402
from drivers.idcard.protocol.session import open_access_control, read_card  # noqa: E402
from drivers.idcard.transport import MeteredTransport  # noqa: E402
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


# --- Access control: PACE-CAN vs BAC -----------------------------------------------------------

def _access_cost(transport: CardTransport, key: AccessKey) -> tuple[str, int, float, int, float]:
    """(protocol, handshake commands, handshake ms, whole-read commands, whole-read ms), medians."""
    handshakes, reads, protocol, handshake_commands, read_commands = [], [], "", 0, 0
    for _ in range(RUNS):
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
                           image: CardImage) -> None:
    """PACE-CAN on the CCCD against BAC on the same card without EF.CardAccess (a BAC-only chip)."""
    can_only = AccessKey(can=image.access_key.can)
    pace = _access_cost(pace_transport, can_only)
    bac = _access_cost(bac_transport, image.access_key.without_can())
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


def access_control_section(image: CardImage) -> None:
    compare_access_control(
        f"access control, in-process, {LATENCY_MS:g} ms per command",
        InProcessTransport(ChipEngine(image, faults=ChipFaults(delay_ms=LATENCY_MS))),
        InProcessTransport(ChipEngine(bac_only(image), faults=ChipFaults(delay_ms=LATENCY_MS))),
        image)


def access_control_pcsc_section(image: CardImage) -> None:
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
            rows[name] = _access_cost(transport, key)
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
    with tempfile.TemporaryDirectory() as folder:
        image = build_card_image(load_profile("an"), load_test_pki(Path(folder)))
    dg2 = len(image.files[0x0102])
    print(f"Card: profile 'an', {sum(map(len, image.files.values()))} bytes in "
          f"{len(image.files)} files (DG2 {dg2} bytes); {RUNS} reads each, median")
    slow = ChipEngine(image, faults=ChipFaults(delay_ms=LATENCY_MS))
    _compare(f"in-process, {LATENCY_MS:g} ms per command", InProcessTransport(slow), image)
    access_control_section(image)
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
    access_control_pcsc_section(image)


if __name__ == "__main__":
    main()
