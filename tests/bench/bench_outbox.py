"""Outbox benchmark: durable enqueue latency (p50/p99) and drain throughput to the HIS simulator,
each against a naive baseline measured in the same run (a connection and a commit per item, no
batching, no keep-alive). Run: python tests/bench/bench_outbox.py [--items N]"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from offline_cache.key_store import FileKeyStore, KeySet  # noqa: E402
from offline_cache.outbox import Outbox  # noqa: E402
from offline_cache.payload_cipher import PayloadCipher  # noqa: E402
from terminal.delivery.checkin_payload import KIND_CHECKIN  # noqa: E402
from terminal.delivery.his_client import HisClient  # noqa: E402
from terminal.delivery.sender import Sender, SenderSettings  # noqa: E402
from terminal.simulators.his.server import HisSimulator  # noqa: E402
from tests.support.sample_checkins import sample_checkin  # noqa: E402

NAIVE_DDL = ("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, key TEXT UNIQUE, "
             "payload BLOB, delivered INTEGER DEFAULT 0)")


def _records(n: int, prefix: str) -> list[tuple[str, dict]]:
    return [(r.checkin_id, r.to_dict()) for r in (sample_checkin(i, prefix) for i in range(n))]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[98] * 1000


def enqueue_ours(folder: Path, records) -> list[float]:
    outbox = Outbox(folder / "ours.sqlite3", key_store=FileKeyStore(folder / "ours.key"))
    samples = []
    for key, payload in records:
        started = time.perf_counter()
        outbox.enqueue(KIND_CHECKIN, payload, key)
        samples.append(time.perf_counter() - started)
    outbox.close()
    return samples


def enqueue_naive(folder: Path, records, cipher: PayloadCipher) -> list[float]:
    path = folder / "naive.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(NAIVE_DDL)
    samples = []
    for key, payload in records:
        started = time.perf_counter()
        conn = sqlite3.connect(path)  # default rollback journal, synchronous=FULL
        conn.execute("INSERT OR IGNORE INTO items (key, payload) VALUES (?, ?)",
                     (key, cipher.seal(payload, key.encode())))
        conn.commit()
        conn.close()
        samples.append(time.perf_counter() - started)
    return samples


def drain_ours(folder: Path, his: HisSimulator) -> tuple[int, float]:
    outbox = Outbox(folder / "ours.sqlite3", key_store=FileKeyStore(folder / "ours.key"))
    sender = Sender(outbox, [HisClient(his.base_url)], SenderSettings(batch=20))
    started = time.perf_counter()
    delivered = 0
    while handled := sender.run_once():
        delivered += handled
    elapsed = time.perf_counter() - started
    outbox.close()
    return delivered, elapsed


def drain_naive(folder: Path, his: HisSimulator, cipher: PayloadCipher) -> tuple[int, float]:
    path = folder / "naive.sqlite3"
    started = time.perf_counter()
    delivered = 0
    while True:
        conn = sqlite3.connect(path)
        row = conn.execute("SELECT id, key, payload FROM items WHERE delivered = 0 "
                           "ORDER BY id LIMIT 1").fetchone()
        conn.close()
        if row is None:
            break
        item_id, key, blob = row
        answer = requests.post(f"{his.base_url}/checkins", json=cipher.open(blob, key.encode()),
                               headers={"Idempotency-Key": key}, timeout=10)
        answer.raise_for_status()
        conn = sqlite3.connect(path)
        conn.execute("UPDATE items SET delivered = 1 WHERE id = ?", (item_id,))
        conn.commit()
        conn.close()
        delivered += 1
    return delivered, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args()
    cipher = PayloadCipher(KeySet.generate())
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        folder = Path(tmp)
        ours = enqueue_ours(folder, _records(args.items, "ours"))
        naive = enqueue_naive(folder, _records(args.items, "naive"), cipher)
        (o50, o99), (n50, n99) = _percentiles(ours), _percentiles(naive)
        print(f"enqueue, {args.items} durable items (fsync per enqueue):")
        print(f"  outbox   p50 {o50:7.3f} ms   p99 {o99:7.3f} ms")
        print(f"  naive    p50 {n50:7.3f} ms   p99 {n99:7.3f} ms")
        print(f"  ratio (naive / outbox): p50 {n50 / o50:.2f}x   p99 {n99 / o99:.2f}x")
        with HisSimulator() as his_ours, HisSimulator() as his_naive:
            count_o, secs_o = drain_ours(folder, his_ours)
            count_n, secs_n = drain_naive(folder, his_naive, cipher)
        rate_o, rate_n = count_o / secs_o, count_n / secs_n
        print(f"drain to the HIS simulator over loopback HTTP ({count_o} / {count_n} items):")
        print(f"  outbox   {rate_o:8.1f} items/s")
        print(f"  naive    {rate_n:8.1f} items/s")
        print(f"  ratio (outbox / naive): {rate_o / rate_n:.2f}x")


if __name__ == "__main__":
    main()
