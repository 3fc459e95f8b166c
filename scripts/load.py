"""Load and abuse: a realistic mix of requests (or a hostile one) at bounded concurrency for a
bounded time, with /healthz sampled alongside, and the server's memory and CPU read from /proc.

    .venv/bin/python scripts/load.py [--mix readme|hostile|fanout|both] [--concurrency 8] [--duration 30]
                                     [--url URL [--pid PID]] [--seed 1]

Without --url it serves the API itself (`orggraph serve` in a child process, against the
configured Neo4j; the local server is started when NEO4J_URI is unset), after loading the seed.
Prints, per kind of request: count, p50/p95/p99/max latency and HTTP statuses; in all: requests
per second, 5xx and errors without `extensions.code` (both must be 0), the error codes seen;
/healthz p50/p99/max while the load runs; the server's RSS (start, peak, end) and CPU per
request. See docs/operations.md. Figures are printed, not asserted: this is a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.config import load_settings  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from scripts.served import ORGGRAPH, ROOT, ServedApi, percentile, proc_cpu_seconds, proc_rss_mb  # noqa: E402

Request = tuple[str, dict[str, Any]]  # (kind, httpx request arguments)
CITY_AND_COUNTIES = ["620700", "620702", "620721", "620722", "620723", "620724", "620725"]
DATES = ["2018-06-01", "2019-03-01", "2019-12-24", "2024-01-01"]
TERMS = ["消防", "自然资源", "局", "管理", "市监局", "应急", "农业", "文化", "卫生健康", "审批"]
BODY_FIELDS = "id name shortName kind functions { code } sections { id name }"


def gql(query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    return {"json": {"query": query, "variables": variables or {}}, "headers": headers}


@dataclass
class Ids:
    bodies: list[str]
    duties: list[str]


def readme_mix(ids: Ids, rng: random.Random) -> list[tuple[int, Callable[[], Request]]]:
    """What analysts and front ends ask, with weights."""

    def body() -> str:
        return rng.choice(ids.bodies)

    return [
        (
            20,
            lambda: (
                "search",
                gql(
                    "query($t: String!) { search(text: $t, first: 20) { kind score matchedText "
                    "body { id name } duty { id text } } }",
                    {"t": rng.choice(TERMS)},
                ),
            ),
        ),
        (
            15,
            lambda: (
                "bodies",
                gql(
                    "query($j: ID, $n: Int!) { bodies(jurisdiction: $j, first: $n) { totalCount "
                    f"edges {{ cursor node {{ {BODY_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}",
                    {"j": rng.choice(CITY_AND_COUNTIES), "n": rng.choice([5, 20, 50])},
                ),
            ),
        ),
        (
            15,
            lambda: (
                "body",
                gql(
                    f"query($id: ID!, $d: Date) {{ body(id: $id, asOf: $d) {{ {BODY_FIELDS} "
                    "managedBodies { id name } nameplates { name } } }",
                    {"id": body(), "d": rng.choice(DATES)},
                ),
            ),
        ),
        (
            15,
            lambda: (
                "counterparts",
                gql(
                    "query($id: ID!, $dir: Direction!) { counterparts(bodyId: $id, "
                    'direction: $dir, asOf: "2019-12-24") { answers { jurisdiction { code name } '
                    "found reason matches { match basis body { id name } } } } }",
                    {"id": body(), "dir": rng.choice(["UP", "DOWN", "BOTH"])},
                ),
            ),
        ),
        (
            10,
            lambda: (
                "orgChart",
                gql(
                    "query($j: ID!, $d: Date) { orgChart(jurisdiction: $j, asOf: $d) { groups { "
                    "kind count bodies { id name nameplates { name } sections { id name } "
                    "managedBodies { id name } } } commissions { id name lead { id } } } }",
                    {"j": rng.choice(CITY_AND_COUNTIES), "d": rng.choice(DATES)},
                ),
            ),
        ),
        (
            5,
            lambda: (
                "dutyTrail",
                gql(
                    "query($id: ID!) { dutyTrail(dutyId: $id) { duty { text } holdings { "
                    "body { id name } validFrom { text } } moves { from { name } to { name } "
                    "event { type document { title } } } } }",
                    {"id": rng.choice(ids.duties)},
                ),
            ),
        ),
        (
            5,
            lambda: (
                "lineage",
                gql(
                    "query($id: ID!) { lineage(bodyId: $id, depth: 3) { steps { depth to { id name } "
                    "event { type date { text } } } } }",
                    {"id": body()},
                ),
            ),
        ),
        (
            5,
            lambda: (
                "changes",
                gql(
                    'query($j: ID!) { changes(jurisdiction: $j, from: "2018-06-01", to: "2019-12-24") '
                    "{ byType { type count } formed { id name } ended { id name } } }",
                    {"j": rng.choice(CITY_AND_COUNTIES)},
                ),
            ),
        ),
        (
            5,
            lambda: (
                "duties",
                gql(
                    "query($t: String) { duties(text: $t, first: 30) { duty { id text } holders { name } } }",
                    {"t": rng.choice(TERMS)},
                ),
            ),
        ),
        (
            2,
            lambda: (
                "report",
                gql(
                    (ROOT / "graph_service/reports/correspondence_query.graphql").read_text(),
                    {"parent": "620700", "asOf": "2019-12-24"},
                ),
            ),
        ),
        (3, lambda: ("serverInfo", gql("{ serverInfo { name neo4jVersion edition } }"))),
    ]


def fan_out(levels: int) -> str:
    definitions = ["fragment F0 on Query { serverInfo { edition } }"]
    definitions += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"query {{ ...F{levels} }}\n" + "\n".join(definitions)


def raw(body: bytes) -> dict[str, Any]:
    return {"content": body, "headers": {"content-type": "application/json"}}


def hostile_mix(ids: Ids, rng: random.Random) -> list[tuple[int, Callable[[], Request]]]:
    """What an attacker or a careless client sends; each must be answered or refused fast.
    Built once (the generator must not spend the CPU the server is measured on)."""
    counterparts = (
        'counterparts(bodyId: "620700.natural_resources") { answers { jurisdiction { name } '
        "matches { match documents { title } body { id name sections { name } } } } }"
    )
    long_literal = "消" * 20_000  # a 60 KB document, under the 64 KB cap
    deep = b'{"query": "{a}", "variables": {"v": ' + b"[" * 30_000 + b"]" * 30_000 + b"}}"
    requests: list[Request] = [
        ("fan-out 30", gql(fan_out(30))),
        ("fan-out 60", gql(fan_out(60))),
        ("30 aliased counterparts", gql("{ " + " ".join(f"a{i}: {counterparts}" for i in range(30)) + " }")),
        ("490 fields", gql("{ serverInfo { " + " ".join(["edition"] * 490) + " } }")),
        ("200 conflicting fields", gql("{ " + " ".join(f'body(id: "x{i}") {{ id }}' for i in range(200)) + " }")),
        ("60 KB literal", gql(f'{{ duties(text: "{long_literal}") {{ duty {{ id }} }} }}')),
        ("70 KB body", gql("{ serverInfo { edition } }", {"x": "x" * 70_000})),
        ("deep JSON", raw(deep)),
        ("not an object", raw(b"[1, 2, 3]")),
        ("invalid UTF-8", raw(b'{"query": "\xff\xfe"}')),
        (
            "bad date variable",
            gql(
                'query($d: Date) { orgChart(jurisdiction: "620700", asOf: $d) { groups { kind } } }',
                {"d": "2019-02-30"},
            ),
        ),
        ("wrong key", gql("{ serverInfo { edition } }", authorization="Bearer wrong")),
        ("2000 tokens", gql("{ " + " ".join(f"a{i}: serverInfo {{ edition }}" for i in range(500)) + " }")),
    ]
    big = "{ serverInfo { " + " ".join(["edition"] * 1490) + " } }"
    # a comment makes each text new, so none is served from the document cache
    unique: Callable[[], Request] = lambda: ("1,500 tokens, never seen", gql(f"# {rng.random()}\n{big}"))  # noqa: E731
    return [(1, _fixed(request)) for request in requests] + [(1, unique)]


def fan_out_mix(ids: Ids, rng: random.Random) -> list[tuple[int, Callable[[], Request]]]:
    """The fragment fan-out probe alone: 2^18 to 2^60 spreads in under 2 KB each, repeated as a
    probe sends them, and one made new each time (not served from the document cache)."""
    repeated = [(1, _fixed((f"fan-out {levels}", gql(fan_out(levels))))) for levels in (18, 20, 30, 60)]
    text = fan_out(60)
    unique: Callable[[], Request] = lambda: ("fan-out 60, never seen", gql(f"# {rng.random()}\n{text}"))  # noqa: E731
    return [*repeated, (1, unique)]


def _fixed(request: Request) -> Callable[[], Request]:
    return lambda: request


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    codes: Counter[str] = field(default_factory=Counter)
    server_errors: int = 0
    uncoded: int = 0
    healthz: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)


def record(results: Results, kind: str, response: httpx.Response, elapsed: float) -> None:
    results.latencies[kind].append(elapsed)
    results.statuses[kind][response.status_code] += 1
    if response.status_code >= 500:
        results.server_errors += 1
    try:
        body = response.json()
    except ValueError:
        results.uncoded += 1
        return
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code:
            results.codes[code] += 1
        else:
            results.uncoded += 1


async def run_load(
    url: str,
    mix: list[tuple[int, Callable[[], Request]]],
    args: argparse.Namespace,
    pid: int | None,
    rng: random.Random,
) -> Results:
    results = Results()
    weights = [w for w, _ in mix]
    makers = [m for _, m in mix]
    deadline = time.monotonic() + args.duration
    limits = httpx.Limits(max_connections=args.concurrency + 2)

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                kind, request = rng.choices(makers, weights)[0]()
                started = time.perf_counter()
                response = await client.post("/graphql", **request)
                record(results, kind, response, (time.perf_counter() - started) * 1000)

        async def sample() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=10) as probe:
                while time.monotonic() < deadline:
                    started = time.perf_counter()
                    await probe.get("/healthz")
                    results.healthz.append((time.perf_counter() - started) * 1000)
                    if pid:
                        results.rss.append(proc_rss_mb(pid))
                    await asyncio.sleep(0.05)

        await asyncio.gather(sample(), *(worker() for _ in range(args.concurrency)))
    return results


async def fetch_ids(url: str) -> Ids:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        bodies: list[str] = []
        after = None
        while True:
            response = await client.post(
                "/graphql",
                json={
                    "query": 'query($a: String) { bodies(first: 100, after: $a, asOf: "2019-12-24") '
                    "{ edges { node { id } } pageInfo { hasNextPage endCursor } } }",
                    "variables": {"a": after},
                },
            )
            page = response.json()["data"]["bodies"]
            bodies += [edge["node"]["id"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        duties = await client.post("/graphql", json={"query": '{ duties(text: "", first: 100) { duty { id } } }'})
        return Ids(bodies=bodies, duties=[hit["duty"]["id"] for hit in duties.json()["data"]["duties"]])


def report(title: str, results: Results, seconds: float, cpu: float | None) -> None:
    total = sum(len(v) for v in results.latencies.values())
    print(f"\n== {title}: {total:,} requests in {seconds:.0f} s ({total / seconds:.1f}/s)")
    print(f"{'kind':<26}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  statuses")
    for kind, samples in sorted(results.latencies.items()):
        statuses = " ".join(f"{s}:{n}" for s, n in sorted(results.statuses[kind].items()))
        print(
            f"{kind:<26}{len(samples):>6}{percentile(samples, 0.5):>9.1f}{percentile(samples, 0.95):>9.1f}"
            f"{percentile(samples, 0.99):>9.1f}{max(samples):>9.1f}  {statuses}"
        )
    print(f"5xx: {results.server_errors}   errors without extensions.code: {results.uncoded}")
    print("error codes: " + (", ".join(f"{c} {n:,}" for c, n in results.codes.most_common()) or "none"))
    h = results.healthz
    print(
        f"/healthz during the load: n={len(h)} p50 {statistics.median(h):.1f} ms, p99 {percentile(h, 0.99):.1f} ms, "
        f"max {max(h):.1f} ms"
    )
    if results.rss:
        print(
            f"server RSS: start {results.rss[0]:.0f} MB, peak {max(results.rss):.0f} MB, end {results.rss[-1]:.0f} MB"
        )
    if cpu is not None and total:
        print(f"server CPU: {cpu:.1f} s in all, {cpu / total * 1000:.1f} ms per request")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mix", choices=["readme", "hostile", "fanout", "both"], default="readme")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per mix")
    parser.add_argument("--url", help="a running API (default: serve one here)")
    parser.add_argument("--pid", type=int, help="the running API's pid, to read its RSS and CPU")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the mix")
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 256 or not 0 < args.duration <= 3600:
        parser.error("--concurrency must be 1..256 and --duration 0..3600 s")

    api = None
    url, pid = args.url, args.pid
    if url is None:
        settings = load_settings()
        if settings.uses_local_neo4j:
            LocalNeo4j.from_settings(settings, log=lambda m: print(m, file=sys.stderr)).start()
        subprocess.run([str(ORGGRAPH), "seed"], check=True, cwd=ROOT)
        api = ServedApi.start(free_port())
        url, pid = api.url, api.process.pid
    try:
        rng = random.Random(args.seed)
        ids = asyncio.run(fetch_ids(url))
        mixes = {"readme": readme_mix, "hostile": hostile_mix, "fanout": fan_out_mix}
        for name in ["readme", "hostile"] if args.mix == "both" else [args.mix]:
            cpu_before = proc_cpu_seconds(pid) if pid else None
            started = time.monotonic()
            results = asyncio.run(run_load(url, mixes[name](ids, rng), args, pid, rng))
            cpu = proc_cpu_seconds(pid) - cpu_before if pid and cpu_before is not None else None
            report(f"{name} mix, concurrency {args.concurrency}", results, time.monotonic() - started, cpu)
    finally:
        if api is not None:
            api.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
