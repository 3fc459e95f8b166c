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
With ORGGRAPH_CACHED_URL (run.py sets it: a second orggraph process, its result cache on, while
ORGGRAPH_URL's has RESULT_CACHE_BYTES=0) three more systems take part in both phases, interleaved
like the others: "orggraph-cached" (the same POSTs, answered from the warm cache), "orggraph-get"
(the same query by GET, a hit too) and "orggraph-304" (that GET with If-None-Match of the ETag it
got: 304, nothing run). Their tables say what the cache saves against issue 24's targets.
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
    ORGGRAPH_CACHED_URL,
    ORGGRAPH_URL,
    PEER_PARAMS,
    PEER_URL,
    Case,
    peer_generated_cypher,
)
from lean_get import LeanGet, Prepared
from neo4j import AsyncDriver, AsyncGraphDatabase

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: its scripts/ helpers

from scripts.lean_http import LeanHttp  # noqa: E402
from scripts.served import percentile, proc_cpu_seconds  # noqa: E402

#: the cached orggraph's ways of asking: POST (a hit), GET (a hit), GET with If-None-Match (a 304)
CACHED = ("orggraph-cached", "orggraph-get", "orggraph-304")
SYSTEMS = (
    ("orggraph", *CACHED, "peer", "cypher", "peer-cypher")
    if ORGGRAPH_CACHED_URL
    else ("orggraph", "peer", "cypher", "peer-cypher")
)
#: the columns of the latency and throughput tables (GET and 304 have their own table)
COLUMNS = tuple(s for s in SYSTEMS if s not in ("orggraph-get", "orggraph-304"))
#: the process (BENCH_PIDS name) that serves each system's requests
SERVER = {"orggraph": "orggraph", "peer": "peer", **dict.fromkeys(CACHED, "orggraph-cached")}
#: issue 24's targets: throughput with the cache at least this many times the uncached, by question
THROUGHPUT_TARGET = {"a": 3.0, "b": 1.5, "c": 1.5, "d": 1.5}
CPU_TARGET_MS = 0.5  # server CPU per cached request, at most


def rotated(i: int) -> tuple[str, ...]:
    k = i % len(SYSTEMS)
    return SYSTEMS[k:] + SYSTEMS[:k]


class Runner:
    def __init__(self, http: LeanHttp, driver: AsyncDriver, deadline: float) -> None:
        self.http, self.driver, self.deadline = http, driver, deadline
        self.expected: dict[tuple[str, str], int] = {}
        self.get = LeanGet(timeout=60)
        self.gets: dict[str, Prepared] = {}  # by question: the plain GET and the conditional one
        self.conditional: dict[str, Prepared] = {}
        self.etags: dict[str, str] = {}

    async def prepare_gets(self) -> None:
        """Each question's GET, and its conditional form with the ETag the cached orggraph gives."""
        for case in CASES:
            plain = self.get.prepare(ORGGRAPH_CACHED_URL, case.orggraph_query, case.orggraph_vars)
            answer = await self.get.send(plain)
            etag = answer.headers.get("etag")
            if answer.status != 200 or not etag:
                raise SystemExit(f"orggraph GET ({case.key}): {answer.status}, ETag {etag!r}: {answer.body[:300]!r}")
            self.gets[case.key], self.etags[case.key] = plain, etag
            self.conditional[case.key] = self.get.prepare(
                ORGGRAPH_CACHED_URL, case.orggraph_query, case.orggraph_vars, {"If-None-Match": etag}
            )

    def call(self, system: str, case: Case) -> Callable[[], Awaitable[None]]:
        if system == "orggraph-304":
            conditional = self.conditional[case.key]

            async def revalidate() -> None:
                answer = await self.get.send(conditional)
                if answer.status != 304:
                    raise SystemExit(
                        f"{system} ({case.key}): {answer.status} instead of 304 (did the graph change during "
                        f"the run? a write elsewhere changes every ETag): {answer.body[:300]!r}"
                    )
                self._check(system, case, 0)

            return revalidate
        if system == "orggraph-get":
            plain = self.gets[case.key]

            async def run_get() -> None:
                answer = await self.get.send(plain)
                body: dict[str, Any] = orjson.loads(answer.body)
                if answer.status != 200 or body.get("errors"):
                    raise SystemExit(f"{system} ({case.key}): {answer.body[:300]!r}")
                self._check(system, case, len(case.orggraph_canon(body["data"])))

            return run_get
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
            (PEER_URL, case.peer_query, case.peer_vars, case.peer_canon)
            if system == "peer"
            else (
                ORGGRAPH_CACHED_URL if system == "orggraph-cached" else ORGGRAPH_URL,
                case.orggraph_query,
                case.orggraph_vars,
                case.orggraph_canon,
            )
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


async def throughput(
    runner: Runner, requests: int, concurrency: int, chunk: int, cached_factor: int
) -> dict[str, dict[str, Any]]:
    """Per question and system: req/s, latency under load and CPU per request. The cached systems
    send `cached_factor` times as many requests per chunk: their CPU per request is a fraction of a
    /proc tick (10 ms) per chunk, so more requests make the figure precise."""
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
                size = chunk * (cached_factor if system in CACHED else 1)
                seconds, latencies = await burst(runner.call(system, case), size, concurrency)
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


def targets(seq: dict[str, dict[str, Any]], thr: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Issue 24's targets, per question, from the figures measured."""
    out: dict[str, dict[str, Any]] = {}
    for case in CASES:
        t, k = thr[case.key], case.key

        def server(system: str, t: dict[str, Any] = t) -> float:
            return float(t[system]["cpu_ms_per_request"].get(SERVER[system], float("nan")))

        ratio = t["orggraph-cached"]["rps"] / t["orggraph"]["rps"]
        out[k] = {
            "server_cpu_ms": {s: server(s) for s in ("orggraph", *CACHED)},
            "client_cpu_ms": {s: t[s]["cpu_ms_per_request"]["client"] for s in ("orggraph", *CACHED)},
            "rps": {s: t[s]["rps"] for s in ("orggraph", *CACHED)},
            "rps_ratio": ratio,
            "rps_target": THROUGHPUT_TARGET[k],
            "rps_met": ratio >= THROUGHPUT_TARGET[k],
            "cpu_met": server("orggraph-cached") <= CPU_TARGET_MS,
            # the same GET without If-None-Match, and the POST (no query string to decode)
            "cheaper_304_than_get_hit": server("orggraph-304") < server("orggraph-get"),
            "cheaper_304_than_post_hit": server("orggraph-304") < server("orggraph-cached"),
            "p50_ms": {s: seq[k][s]["p50_ms"] for s in ("orggraph", *CACHED)},
        }
    return out


def yes(met: bool) -> str:
    return "yes" if met else "NO"


def print_cache_tables(
    seq: dict[str, dict[str, Any]], thr: dict[str, dict[str, Any]], met: dict[str, dict[str, Any]]
) -> None:
    print(
        "\nRevalidation (the cached orggraph): the same question by POST (a cache hit), by GET (a hit) and by GET "
        "with If-None-Match of the ETag it got (304, nothing run); sequential p50/p95 ms, req/s at the "
        "concurrency above, CPU ms per request of the server and of this load generator"
    )
    print(f"q  {'':<16}{'p50':>8}{'p95':>8}{'req/s':>10}{'server CPU':>12}{'client CPU':>12}")
    for case in CASES:
        for system in CACHED:
            row, t = seq[case.key][system], thr[case.key][system]
            used = t["cpu_ms_per_request"]
            print(
                f"{case.key:<3}{system:<16}{row['p50_ms']:>8.2f}{row['p95_ms']:>8.2f}{t['rps']:>10.1f}"
                f"{used.get(SERVER[system], float('nan')):>12.3f}{used['client']:>12.3f}"
            )
    print(
        f"\nResult cache against issue 24's targets: server CPU per cached request <= {CPU_TARGET_MS} ms; a 304 "
        "cheaper than a hit (the same GET without If-None-Match; and the POST, which has no query string to "
        "decode); req/s with the cache >= 3x uncached on (a), >= 1.5x on (b)-(d)"
    )
    print(
        f"q  {'server CPU ms: uncached':>24}{'hit':>7}{'GET hit':>9}{'304':>7}{'<=0.5':>7}{'304<GET':>9}{'304<POST':>9}"
        f"{'req/s: uncached':>17}{'cached':>9}{'ratio':>8}{'target':>8}{'met':>5}{'p50 ms: uncached':>18}{'cached':>8}"
    )
    for case in CASES:
        m = met[case.key]
        cpu, rps, p50 = m["server_cpu_ms"], m["rps"], m["p50_ms"]
        print(
            f"{case.key:<3}{cpu['orggraph']:>24.2f}{cpu['orggraph-cached']:>7.3f}{cpu['orggraph-get']:>9.3f}"
            f"{cpu['orggraph-304']:>7.3f}{yes(m['cpu_met']):>7}{yes(m['cheaper_304_than_get_hit']):>9}"
            f"{yes(m['cheaper_304_than_post_hit']):>9}"
            f"{rps['orggraph']:>17.1f}{rps['orggraph-cached']:>9.1f}{m['rps_ratio']:>7.1f}x{m['rps_target']:>7.1f}x"
            f"{yes(m['rps_met']):>5}{p50['orggraph']:>18.1f}{p50['orggraph-cached']:>8.1f}"
        )


async def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=150)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--chunk", type=int, help="requests per chunk (default: 100, or --requests if fewer)")
    parser.add_argument(
        "--cached-factor", type=int, default=4, help="the cached systems' chunks are this many times larger"
    )
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.chunk is None:
        args.chunk = min(100, args.requests)
    if min(args.rounds, args.requests, args.chunk, args.concurrency, args.cached_factor) < 1:
        raise SystemExit("--rounds, --requests, --chunk, --concurrency and --cached-factor must be at least 1")
    if args.requests % args.chunk:
        raise SystemExit("--requests must be a multiple of --chunk")

    started = time.time()
    load_before = os.getloadavg()
    http = LeanHttp(timeout=60)
    async with AsyncGraphDatabase.driver(
        NEO4J_URI, auth=(NEO4J_USER, NEO4J_PASSWORD), notifications_disabled_classifications=["UNRECOGNIZED"]
    ) as driver:
        runner = Runner(http, driver, time.monotonic() + args.max_seconds)
        try:
            if ORGGRAPH_CACHED_URL:
                await runner.prepare_gets()
            seq = await sequential(runner, args.rounds, args.warmup)
            load_mid = os.getloadavg()
            thr = await throughput(runner, args.requests, args.concurrency, args.chunk, args.cached_factor)
        finally:
            await http.aclose()
            await runner.get.aclose()
    load_after = os.getloadavg()

    print(
        f"Sequential latency, ms ({args.rounds} rounds after {args.warmup} warm-ups; systems interleaved, "
        f"order rotating each round)"
    )
    print("q  " + "".join(f"{s + ' p50':>20}{'p95':>8}" for s in COLUMNS) + f"{'orggraph/peer p50':>19}")
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
            + "".join(f"{row[s]['p50_ms']:>20.1f}{row[s]['p95_ms']:>8.1f}" for s in COLUMNS)
            + f"{row['orggraph']['p50_ms'] / row['peer']['p50_ms']:>18.1f}x"
        )
    cached_note = (
        f" (the cached systems {args.cached_factor} times as many, in chunks {args.cached_factor} times larger)"
        if ORGGRAPH_CACHED_URL
        else ""
    )
    print(
        f"\nThroughput at concurrency {args.concurrency}: {args.requests} requests per system and question"
        f"{cached_note}, in chunks of {args.chunk} alternating between systems "
        "(req/s; p50 and p95 latency under load, ms)"
    )
    print("q  " + "".join(f"{s + ' req/s':>22}{'p50':>8}{'p95':>8}" for s in COLUMNS) + f"{'peer/orggraph req/s':>21}")
    for case in CASES:
        t = thr[case.key]
        print(
            f"{case.key:<3}"
            + "".join(f"{t[s]['rps']:>22.1f}{t[s]['p50_ms']:>8.1f}{t[s]['p95_ms']:>8.1f}" for s in COLUMNS)
            + f"{t['peer']['rps'] / t['orggraph']['rps']:>20.1f}x"
        )
    if watched_processes():
        print(
            "\nCPU per request during each system's throughput chunks, ms (client: this load generator; "
            "/proc counts in 10 ms ticks, so small figures are coarse)"
        )
        names = ["client", *watched_processes()]
        print("q  system          " + "".join(f"{name:>17}" for name in names) + f"{'total':>10}")
        for case in CASES:
            for system in SYSTEMS:
                used = thr[case.key][system]["cpu_ms_per_request"]
                print(
                    f"{case.key:<3}{system:<16}"
                    + "".join(f"{used.get(name, 0.0):>17.3f}" for name in names)
                    + f"{sum(used.values()):>10.2f}"
                )
    met = targets(sequential_table, thr) if ORGGRAPH_CACHED_URL and watched_processes() else {}
    if met:
        print_cache_tables(sequential_table, thr, met)
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
                        "http": "lean_http.py (keep-alive, prebuilt requests); lean_get.py for GETs",
                        "neo4j": neo4j.__version__,
                    },
                    "cpus": os.cpu_count(),
                    "loadavg": {"before": load_before, "between": load_mid, "after": load_after},
                    "rows": {f"{s}/{k}": n for (s, k), n in runner.expected.items()},
                    "etags": runner.etags,
                    "sequential": sequential_table,
                    "throughput": thr,
                    "targets": met,
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
