"""Benchmark: parsing a simulated card's files (EF.COM, DG1, DG2 with image decode, DG13, EF.SOD)
and passive authentication, against a baseline of only hashing the same bytes (the least any
reader must do). Run: python tests/bench/bench_chip_data.py"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drivers.idcard.lds.com import parse_com  # noqa: E402
from drivers.idcard.lds.dg1 import parse_dg1  # noqa: E402
from drivers.idcard.lds.dg2 import parse_dg2  # noqa: E402
from drivers.idcard.lds.dg13 import parse_dg13  # noqa: E402
from drivers.idcard.passive_auth import check_passive_auth  # noqa: E402
from drivers.idcard.sim.card_image import build_card_image  # noqa: E402
from drivers.idcard.sim.pki import load_test_pki  # noqa: E402
from drivers.idcard.sim.profile import load_profile  # noqa: E402

ROUNDS = 30


def _timed(action, rounds: int = ROUNDS) -> float:
    action()  # warm-up: first calls pay for imports and codec set-up
    start = time.perf_counter()
    for _ in range(rounds):
        action()
    return (time.perf_counter() - start) / rounds


def main() -> None:
    pki = load_test_pki(Path(tempfile.mkdtemp()))
    for name in ("an", "chi"):
        card = build_card_image(load_profile(name), pki)
        groups = {n: card.data_group(n) for n in (1, 2, 13)}

        def baseline() -> None:
            for data in card.files.values():
                hashlib.sha256(data).digest()

        def full_read() -> None:
            parse_com(card.files[0x011E])
            parse_dg1(groups[1])
            parse_dg2(groups[2])
            parse_dg13(groups[13])
            check_passive_auth(card.files[0x011D], groups, [pki.csca_certificate])

        build = _timed(lambda: build_card_image(load_profile(name), pki), 5)
        base, full = _timed(baseline), _timed(full_read)
        dg2 = _timed(lambda: parse_dg2(groups[2]))
        print(f"{name} ({parse_dg2(groups[2]).format}, DG2 {len(groups[2])} B): "
              f"hash-only baseline {base * 1e3:.2f} ms, parse all + PA {full * 1e3:.2f} ms "
              f"(ratio {full / base:.1f}x; DG2 decode {dg2 * 1e3:.2f} ms), "
              f"build card {build * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
