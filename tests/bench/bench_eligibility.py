"""Eligibility lookups against the gateway simulator with 50 ms added latency: a pooled session
(keep-alive) vs a new connection per lookup, in the same run; prints lookups/s, p50/p95, ratios.

Two network models: (a) the simulator's latency fault alone (50 ms before each reply), and (b) the
same plus 50 ms per new connection, standing for the TCP handshake's round trip on a 50 ms path.
Then (c) quota care: the same cards looked up again minutes later, answered from the encrypted
lookup cache (a SQLite file) vs asked of the gateway (with its history and co-pay calls), in the
same run.

    python tests/bench/bench_eligibility.py [--lookups N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from offline_cache.key_store import FileKeyStore  # noqa: E402
from terminal.eligibility import EligibilityQuery, GatewayClient, GatewaySettings  # noqa: E402
from terminal.eligibility.lookup_cache import LookupCache  # noqa: E402
from terminal.services import EligibilityService  # noqa: E402
from terminal.simulators.gateway import (DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME,  # noqa: E402
                                  DEMO_USERNAME, GatewaySimulator)

QUERIES = [EligibilityQuery(full_name=name, birth_date=birth, id_number=number)
           for number, name, birth in (("001090004521", "Nguyễn Văn An", "15/03/1990"),
                                       ("079075118203", "Lê Văn Bình", "02/07/1975"),
                                       ("036088013579", "Hoàng Văn Em", "05/11/1988"))]


def _settings(sim: GatewaySimulator, pooled: bool = True, extras: bool = False) -> GatewaySettings:
    return GatewaySettings(base_url=sim.base_url, username=DEMO_USERNAME,
                           password=DEMO_PASSWORD, staff_name=DEMO_STAFF_NAME,
                           staff_id=DEMO_STAFF_ID, facility_code="79001", pooled=pooled,
                           history=extras, copay=extras)


def _timed(lookup, lookups: int) -> dict[str, float]:
    latencies = []
    started = time.perf_counter()
    for index in range(lookups):
        t0 = time.perf_counter()
        result = lookup(QUERIES[index % len(QUERIES)])
        latencies.append((time.perf_counter() - t0) * 1000)
        assert result.code == "000", result
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=20)
    return {"rate": lookups / elapsed, "p50": statistics.median(latencies), "p95": cuts[18]}


def run_cache(sim: GatewaySimulator, lookups: int) -> tuple[dict[str, float], dict[str, float]]:
    """The same cards through the service: every lookup forced to the gateway (as a staff
    retry), then answered from the cache file (as a card tapped again minutes later)."""
    with tempfile.TemporaryDirectory() as folder:
        cache = LookupCache(Path(folder, "lookup_cache.sqlite3"), 15 * 60,
                            key_store=FileKeyStore(Path(folder, "cache.key")))
        service = EligibilityService(GatewayClient(_settings(sim, extras=True)), cache=cache)
        service.client.login()
        gateway = _timed(lambda query: service.lookup(query, force_fresh=True), lookups)
        before = sim.stats()["requests"]
        cached = _timed(service.lookup, lookups)
        assert sim.stats()["requests"] == before, "a cached lookup reached the gateway"
        counts = service.lookup_counts()
        assert counts is not None and counts.cache_last_hour == lookups
        service.close()
    return gateway, cached


def run(sim: GatewaySimulator, pooled: bool, lookups: int) -> dict[str, float]:
    settings = _settings(sim, pooled)
    client = GatewayClient(settings)
    client.login()  # the token is shared by both modes' lookups; only lookups are timed
    before = sim.stats()["connections"]
    latencies = []
    started = time.perf_counter()
    for index in range(lookups):
        t0 = time.perf_counter()
        result = client.lookup(QUERIES[index % len(QUERIES)])
        latencies.append((time.perf_counter() - t0) * 1000)
        assert result.code == "000", result
    elapsed = time.perf_counter() - started
    client.close()
    cuts = statistics.quantiles(latencies, n=20)
    return {"rate": lookups / elapsed, "p50": statistics.median(latencies), "p95": cuts[18],
            "connections": sim.stats()["connections"] - before}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=60)
    args = parser.parse_args()
    with GatewaySimulator() as sim:
        for label, connect_ms in (("(a) 50 ms per reply", 0),
                                  ("(b) 50 ms per reply + 50 ms per new connection", 50)):
            sim.faults.set(latency_ms=50, connect_latency_ms=connect_ms, scope="all")
            new = run(sim, pooled=False, lookups=args.lookups)
            pooled = run(sim, pooled=True, lookups=args.lookups)
            print(f"{label}, {args.lookups} sequential lookups each")
            for name, r in (("new connection per lookup", new), ("pooled session", pooled)):
                print(f"  {name:27s} {r['rate']:6.2f} lookups/s  p50 {r['p50']:6.1f} ms  "
                      f"p95 {r['p95']:6.1f} ms  ({r['connections']:.0f} new connections)")
            print(f"  ratio pooled/new: throughput x{pooled['rate'] / new['rate']:.2f}, "
                  f"p50 x{new['p50'] / pooled['p50']:.2f} faster, "
                  f"p95 x{new['p95'] / pooled['p95']:.2f} faster")
        sim.faults.set(latency_ms=50, connect_latency_ms=0, scope="all")
        gateway, cached = run_cache(sim, args.lookups)
        print(f"(c) quota care, 50 ms per reply: {args.lookups} lookups of the same cards "
              f"(lookup + Lskcb2025 + co-pay)")
        for name, r in (("asked of the gateway", gateway), ("from the lookup cache", cached)):
            print(f"  {name:27s} {r['rate']:8.2f} lookups/s  p50 {r['p50']:7.2f} ms  "
                  f"p95 {r['p95']:7.2f} ms")
        print(f"  ratio cache/gateway: throughput x{cached['rate'] / gateway['rate']:.1f}, "
              f"p50 x{gateway['p50'] / cached['p50']:.1f} faster; gateway lookups saved: "
              f"{args.lookups} of {2 * args.lookups}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
