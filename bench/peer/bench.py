"""Side-by-side benchmark: orggraph's GraphQL API, the @neo4j/graphql peer, one hand-written Cypher
query through the Python driver ("cypher"), and the statement the peer generated run directly through
the same driver ("peer-cypher"), asked the same four questions (cases.py) on the same Neo4j.

    NEO4J_PASSWORD=... .venv/bin/python bench/peer/bench.py [--rounds 150] [--requests 400] \\
        [--concurrency 8] [--out results.json]

1. Sequential latency: `--rounds` rounds after `--warmup` warm-ups; in every round each question is
   asked once of each system, the order of the systems rotating from round to round, so drifting
   machine load falls on all four alike. p50 / p95 per system and question.
2. Throughput: for each question, `--requests` requests per system at `--concurrency` in flight,
   sent in chunks of `--chunk` that alternate between the systems (A, B, C, A, B, C ...);
   throughput = requests / the summed wall time of that system's chunks. Latency under load too.
Every answer is checked (HTTP 200, no GraphQL errors, expected row count). Bounded: a fixed count
of requests, and the run stops at `--max-seconds`. Loopback targets only (cases.py refuses others).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import neo4j
import orjson
from cases import (
    CASES,
    NEO4J_PASSWORD,
    NEO4J_URI,
    NEO4J_USER,
    ORGGRAPH_URL,
    PEER_PARAMS,
    PEER_URL,
    Case,
    peer_generated_cypher,
)
from neo4j import AsyncDriver, AsyncGraphDatabase

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: its scripts/ helpers

from scripts.lean_http import LeanHttp  # noqa: E402
from scripts.served import percentile, proc_cpu_seconds  # noqa: E402

SYSTEMS = ("orggraph", "peer", "cypher", "peer-cypher")


def rotated(i: int) -> tuple[str, ...]:
    k = i % len(SYSTEMS)
    return SYSTEMS[k:] + SYSTEMS[:k]


class Runner:
    def __init__(self, http: LeanHttp, driver: AsyncDriver, deadline: float) -> None:
        self.http, self.driver, self.deadline = http, driver, deadline
        self.expected: dict[tuple[str, str], int] = {}

    def call(self, system: str, case: Case) -> Callable[[], Awaitable[None]]:
        if system == "peer-cypher":
            text, params = peer_generated_cypher(case.key), PEER_PARAMS[case.key]

            async def run_generated() -> None:
                result = await self.driver.execute_query(text, params, routing_="r")
                self._check(system, case, len(result.records))

            return run_generated
        if system == "cypher":

            async def run_cypher() -> None:
                result = await self.driver.execute_query(case.cypher, case.cypher_params, routing_="r")
                self._check(system, case, len(case.cypher_canon([r.data() for r in result.records])))

            return run_cypher
        url, query, variables, canon = (
            (ORGGRAPH_URL, case.orggraph_query, case.orggraph_vars, case.orggraph_canon)
            if system == "orggraph"
            else (PEER_URL, case.peer_query, case.peer_vars, case.peer_canon)
        )
        payload = orjson.dumps({"query": query, "variables": variables})

        async def run_http() -> None:
            status, answer = await self.http.post(url, payload)
            body: dict[str, Any] = orjson.loads(answer)
            if status != 200 or body.get("errors"):
                raise SystemExit(f"{system} ({case.key}): {answer[:300]!r}")
            self._check(system, case, len(canon(body["data"])))

        return run_http

    def _check(self, system: str, case: Case, rows: int) -> None:
        expected = self.expected.setdefault((system, case.key), rows)
        if rows != expected:
            raise SystemExit(f"{system} ({case.key}): {rows} rows, expected {expected}")
        if time.monotonic() > self.deadline:
            raise SystemExit("--max-seconds reached: stopping")


async def timed(fn: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await fn()
    return (time.perf_counter() - start) * 1000


async def sequential(runner: Runner, rounds: int, warmup: int) -> dict[str, dict[str, list[float]]]:
    samples: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in range(warmup + rounds):
        for case in CASES:
            for system in rotated(r):
                ms = await timed(runner.call(system, case))
                if r >= warmup:
                    samples[case.key][system].append(ms)
    return samples


async def burst(fn: Callable[[], Awaitable[None]], count: int, concurrency: int) -> tuple[float, list[float]]:
    remaining = count
    latencies: list[float] = []

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            latencies.append(await timed(fn))

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, latencies


def watched_processes() -> dict[str, int]:
    """BENCH_PIDS="orggraph=PID,peer=PID,neo4j=PID" (run.py sets it): whose CPU time to account."""
    pairs = (item.split("=", 1) for item in os.environ.get("BENCH_PIDS", "").split(",") if "=" in item)
    return {name: int(pid) for name, pid in pairs}


def cpu_snapshot(pids: dict[str, int]) -> dict[str, float]:
    return {"client": time.process_time(), **{name: proc_cpu_seconds(pid) for name, pid in pids.items()}}


async def throughput(runner: Runner, requests: int, concurrency: int, chunk: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    pids = watched_processes()
    for case in CASES:
        for system in SYSTEMS:  # warm the connections and plans at this concurrency
            await burst(runner.call(system, case), concurrency * 2, concurrency)
        wall = dict.fromkeys(SYSTEMS, 0.0)
        lat: dict[str, list[float]] = {s: [] for s in SYSTEMS}
        cpu: dict[str, dict[str, float]] = {s: defaultdict(float) for s in SYSTEMS}
        for i in range(requests // chunk):
            for system in rotated(i):
                before = cpu_snapshot(pids)
                seconds, latencies = await burst(runner.call(system, case), chunk, concurrency)
                after = cpu_snapshot(pids)
                for name in before:
                    cpu[system][name] += after[name] - before[name]
                wall[system] += seconds
                lat[system] += latencies
        for system in SYSTEMS:
            count = len(lat[system])
            out[case.key][system] = {
                "requests": count,
                "seconds": wall[system],
                "rps": count / wall[system],
                "p50_ms": statistics.median(lat[system]),
                "p95_ms": percentile(lat[system], 0.95),
                "cpu_ms_per_request": {name: 1000 * used / count for name, used in cpu[system].items()},
            }
    return out


async def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=150)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--chunk", type=int, help="requests per chunk (default: 100, or --requests if fewer)")
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.chunk is None:
        args.chunk = min(100, args.requests)
    if args.rounds < 1 or args.requests < 1 or args.chunk < 1 or args.concurrency < 1:
        raise SystemExit("--rounds, --requests, --chunk and --concurrency must be at least 1")
    if args.requests % args.chunk:
        raise SystemExit("--requests must be a multiple of --chunk")

    started = time.time()
    load_before = os.getloadavg()
    http = LeanHttp(timeout=60)
    async with AsyncGraphDatabase.driver(
        NEO4J_URI, auth=(NEO4J_USER, NEO4J_PASSWORD), notifications_disabled_classifications=["UNRECOGNIZED"]
    ) as driver:
        try:
            runner = Runner(http, driver, time.monotonic() + args.max_seconds)
            seq = await sequential(runner, args.rounds, args.warmup)
            load_mid = os.getloadavg()
            thr = await throughput(runner, args.requests, args.concurrency, args.chunk)
        finally:
            await http.aclose()
    load_after = os.getloadavg()

    print(
        f"Sequential latency, ms ({args.rounds} rounds after {args.warmup} warm-ups; systems interleaved, "
        f"order rotating each round)"
    )
    print("q  " + "".join(f"{s + ' p50':>18}{'p95':>8}" for s in SYSTEMS) + f"{'orggraph/peer p50':>19}")
    sequential_table: dict[str, Any] = {}
    for case in CASES:
        row = {
            s: {
                "p50_ms": statistics.median(seq[case.key][s]),
                "p95_ms": percentile(seq[case.key][s], 0.95),
                "n": len(seq[case.key][s]),
            }
            for s in SYSTEMS
        }
        sequential_table[case.key] = row
        print(
            f"{case.key:<3}"
            + "".join(f"{row[s]['p50_ms']:>18.1f}{row[s]['p95_ms']:>8.1f}" for s in SYSTEMS)
            + f"{row['orggraph']['p50_ms'] / row['peer']['p50_ms']:>18.1f}x"
        )
    print(
        f"\nThroughput at concurrency {args.concurrency}: {args.requests} requests per system and question, "
        f"in chunks of {args.chunk} alternating between systems (req/s; p50 and p95 latency under load, ms)"
    )
    print("q  " + "".join(f"{s + ' req/s':>20}{'p50':>8}{'p95':>8}" for s in SYSTEMS) + f"{'peer/orggraph req/s':>21}")
    for case in CASES:
        t = thr[case.key]
        print(
            f"{case.key:<3}"
            + "".join(f"{t[s]['rps']:>20.1f}{t[s]['p50_ms']:>8.1f}{t[s]['p95_ms']:>8.1f}" for s in SYSTEMS)
            + f"{t['peer']['rps'] / t['orggraph']['rps']:>20.1f}x"
        )
    if watched_processes():
        print(
            "\nCPU per request during each system's throughput chunks, ms (client: this load generator; "
            "/proc counts in 10 ms ticks, so small figures are coarse)"
        )
        names = ["client", *watched_processes()]
        print("q  system      " + "".join(f"{name:>10}" for name in names) + f"{'total':>10}")
        for case in CASES:
            for system in SYSTEMS:
                used = thr[case.key][system]["cpu_ms_per_request"]
                print(
                    f"{case.key:<3}{system:<12}"
                    + "".join(f"{used.get(name, 0.0):>10.2f}" for name in names)
                    + f"{sum(used.values()):>10.2f}"
                )
    print(
        f"\nload average (1 min) before / between phases / after: {load_before[0]:.2f} / {load_mid[0]:.2f} / "
        f"{load_after[0]:.2f}; {os.cpu_count()} CPUs; wall {time.time() - started:.0f} s"
    )
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                    "client": {
                        "python": platform.python_version(),
                        "http": "lean_http.py (keep-alive, prebuilt requests)",
                        "neo4j": neo4j.__version__,
                    },
                    "cpus": os.cpu_count(),
                    "loadavg": {"before": load_before, "between": load_mid, "after": load_after},
                    "rows": {f"{s}/{k}": n for (s, k), n in runner.expected.items()},
                    "sequential": sequential_table,
                    "throughput": thr,
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
