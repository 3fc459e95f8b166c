"""Load and abuse: a realistic mix of requests (or a hostile one) at bounded concurrency for a
bounded time, with /healthz sampled alongside, and the server's memory and CPU read from /proc.

    .venv/bin/python scripts/load.py [--mix readme|hostile|fanout|both] [--concurrency 8] [--duration 30]
                                     [--url URL [--pid PID]] [--seed 1] [--client httpx|lean]
                                     [--writes-per-second N [--bookmark-reads 4]]
                                     [--compare-cache [--segments 4]]

Without --url it serves the API itself (`orggraph serve` in a child process, against the
configured Neo4j; the local server is started when NEO4J_URI is unset), after loading the seed.
Prints, per kind of request: count, p50/p95/p99/max latency and HTTP statuses; in all: requests
per second, 5xx and errors without `extensions.code` (both must be 0), the error codes seen;
/healthz p50/p99/max while the load runs; the server's RSS (start, peak, end) and CPU per
request, this load generator's own CPU per request, and the result cache's hits and misses
(from /metrics). See docs/operations.md. Figures are printed, not asserted: this is a measurement.

--client lean sends the mix with scripts/lean_http.py (keep-alive, prebuilt requests, no
Accept-Encoding, so answers come uncompressed) instead of httpx, whose ~4.5 ms of CPU per request
caps what one load generator can send on 2 cores (bench/peer/README.md); requests with headers of
their own (the hostile mix's wrong key) still go by httpx.

--writes-per-second N adds a writer: N times a second it records a reform event through the API
with an editor key (the 2024 social-work department of tests/test_curation.py, under a fresh id
each time) or retracts the one it recorded last, alternately, so the graph is back to its seed
state after every second write (and at the end). Before each write it reads the check query (the
city's 2024 chart and the event's audit entries) so that the answer from before the write is
cached; after it, --bookmark-reads reads carry the write's X-OrgGraph-Bookmark and must see the
write (the body there after a record, gone after a retraction, the audit entry listed), and one
read without the bookmark, to the same process, should too. The same reads go to a replica: another
process serving the same Neo4j with its cache on, which reads the graph version only once a
minute (CHANGE_FEED_POLL_SECONDS=60), so that without the bookmark it still serves the answer from
before the write (as a replica may, within its poll interval) and with it must not. Stale answers
are counted by place (with the bookmark they must be 0). The served processes get API_KEYS with
a fresh editor key's digest; against --url, give an editor key in ORGGRAPH_EDITOR_KEY (and
--replica-url for the second place).

--compare-cache serves the API twice, as configured (result cache on) and with
RESULT_CACHE_BYTES=0, and sends the readme mix to each for --duration in all, in --segments
slices that alternate between the two (the writer, if any, writes through the process under load
at the time); it prints each one's report and the ratio of their throughputs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
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
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.auth import digest, new_key  # noqa: E402
from graph_service.config import load_settings  # noqa: E402
from graph_service.db.causal import HEADER as BOOKMARK  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from scripts.lean_http import LeanHttp  # noqa: E402
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


# The writer's event: the city party committee's 2024 social-work department, the event of
# tests/test_curation.py (SOCIAL_WORK), each time under ids never used before (a retracted id is
# not recorded again). Retracting it removes what it created (the body, the moved duties' holdings).
RECORD = """mutation($e: ReformEventInput!) {
  recordReformEvent(input: $e) { applied event { id } }
}"""
RETRACT = 'mutation($id: ID!) { retractReformEvent(eventId: $id, reason: "load test: recorded to measure") { id } }'
NEW_BODY = "620700.social_work"
# what the write changes, in one read: the city's chart after the event's date, and its audit trail
SEEN = """query Seen($event: ID!) {
  orgChart(jurisdiction: "620700", asOf: "2024-06-01") { groups { bodies { bodyId } } }
  auditLog(eventId: $event) { action }
}"""


def social_work(suffix: str) -> dict[str, Any]:
    document = f"doc.zhangye-social-work-{suffix}"
    return {
        "id": f"event.620700.social_work_{suffix}",
        "type": "FORMED",
        "date": "2024-03",
        "jurisdiction": "620700",
        "document": document,
        "newDocument": {
            "id": document,
            "title": "张掖市组建市委社会工作部",
            "kind": "decision",
            "date": "2024",
            "confirmed": False,
            "note": "load test data (scripts/load.py --writes-per-second): the national 2023 plan's pattern",
        },
        "description": "The city party committee forms its social-work department, taking duties from civil affairs.",
        "inferred": True,
        "note": "load test data, retracted again by the load test",
        "dutiesFrom": ["620700.civil_affairs"],
        "newBodies": [
            {
                "id": NEW_BODY,
                "name": "中共张掖市委社会工作部",
                "shortName": "市委社会工作部",
                "kind": "PARTY_ORGAN",
                "functions": ["social_work"],
                "required": True,
            }
        ],
        "dutyMoves": [
            {
                "duty": "duty.620700.social_organisation_registration",
                "text": "社会组织登记管理和执法监督",
                "function": "social_work",
                "from": "620700.civil_affairs",
                "to": NEW_BODY,
            },
            {
                "duty": "duty.620700.volunteer_services",
                "text": "统筹推进志愿服务体系建设",
                "function": "social_work",
                "from": "620700.civil_affairs",
                "to": NEW_BODY,
            },
        ],
    }


@dataclass
class Checks:
    """Reads after writes at one place (the writing process, or a replica), and how many were stale."""

    bookmark_reads: int = 0
    stale_with_bookmark: int = 0
    plain_reads: int = 0
    stale_without_bookmark: int = 0
    primed_stale: int = 0  # the read before a write already showed it (nothing to check then)


@dataclass
class Writes:
    """The writer's tally: writes, and the reads after them by place."""

    recorded: int = 0
    retracted: int = 0
    failed: list[str] = field(default_factory=list)  # writes refused or failing (the first few)
    write_ms: list[float] = field(default_factory=list)
    checks: dict[str, Checks] = field(default_factory=lambda: defaultdict(Checks))


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    codes: Counter[str] = field(default_factory=Counter)
    server_errors: int = 0
    uncoded: int = 0
    healthz: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    seconds: float = 0.0  # wall time under load
    server_cpu: float = 0.0  # s, the served process's, over the load
    client_cpu: float = 0.0  # s, this load generator's, over the load
    writes: Writes = field(default_factory=Writes)


def record(results: Results, kind: str, status: int, body: bytes, elapsed: float) -> None:
    results.latencies[kind].append(elapsed)
    results.statuses[kind][status] += 1
    if status >= 500:
        results.server_errors += 1
    try:
        answer = orjson.loads(body)
    except orjson.JSONDecodeError:
        results.uncoded += 1
        return
    for error in (answer.get("errors") if isinstance(answer, dict) else None) or []:
        code = (error.get("extensions") or {}).get("code")
        if code:
            results.codes[code] += 1
        else:
            results.uncoded += 1


@dataclass
class Target:
    """A served API under load: its name in the report, base URL and process id (for /proc)."""

    name: str
    url: str
    pid: int | None


async def send(
    client: httpx.AsyncClient, lean: LeanHttp | None, url: str, request: dict[str, Any]
) -> tuple[int, bytes]:
    """POST one request of a mix: by the lean client when it has no headers of its own."""
    if lean is not None and "json" in request and not request.get("headers"):
        return await lean.post(url + "/graphql", orjson.dumps(request["json"]))
    response = await client.post("/graphql", **request)
    return response.status_code, response.content


def seen(answer: dict[str, Any], action: str) -> tuple[bool, bool]:
    """(whether the chart holds the new body, whether the audit trail lists `action`)."""
    data = answer.get("data") or {}
    chart = (data.get("orgChart") or {}).get("groups") or []
    present = any(body["bodyId"] == NEW_BODY for group in chart for body in group["bodies"])
    return present, any(entry["action"] == action for entry in data.get("auditLog") or [])


async def writer(
    url: str, replica: str | None, key: str, per_second: float, reads: int, deadline: float, writes: Writes
) -> None:
    """Record and retract alternately, `per_second` writes a second until `deadline`. Around each
    write, at the writing process and at `replica` (another process, which polls the graph version
    rarely): a read before it (so the answer from before is cached there), then after it one read
    without the bookmark and `reads` reads with it, each checked to see the write."""
    run = f"{int(time.time())}{random.SystemRandom().randrange(10**6):06d}"
    editor = {"authorization": f"Bearer {key}"}
    pending: str | None = None  # recorded, not yet retracted
    n = 0
    places = {"the writing process": url, **({"another process": replica} if replica else {})}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def read(place: str, event: str, headers: dict[str, str]) -> dict[str, Any]:
            response = await client.post(
                places[place] + "/graphql", json={"query": SEEN, "variables": {"event": event}}, headers=headers
            )
            answer: dict[str, Any] = response.json()
            if response.status_code != 200 or answer.get("errors"):
                raise SystemExit(f"the writer's check read failed: {response.status_code} {response.text[:300]}")
            return answer

        try:
            while time.monotonic() < deadline:
                started = time.monotonic()
                recording = pending is None
                suffix = f"{run}x{n}"
                event_id = f"event.620700.social_work_{suffix}" if pending is None else pending
                action = "record" if recording else "retract"
                expected = (recording, True)  # the body there after a record, gone after a retraction
                # the answer from before the write, cached at each place (same request, same key)
                for place in places:
                    if seen(await read(place, event_id, {}), action) == expected:
                        writes.checks[place].primed_stale += 1
                t0 = time.perf_counter()
                if recording:
                    response = await client.post(
                        "/graphql", json={"query": RECORD, "variables": {"e": social_work(suffix)}}, headers=editor
                    )
                else:
                    response = await client.post(
                        "/graphql", json={"query": RETRACT, "variables": {"id": event_id}}, headers=editor
                    )
                writes.write_ms.append((time.perf_counter() - t0) * 1000)
                answer = response.json()
                bookmark = response.headers.get(BOOKMARK)
                applied = not recording or ((answer.get("data") or {}).get("recordReformEvent") or {}).get("applied")
                if response.status_code != 200 or answer.get("errors") or not bookmark or not applied:
                    writes.failed.append(f"{action} {event_id}: {response.status_code} {response.text[:200]}")
                    if len(writes.failed) >= 3:
                        raise SystemExit("the writer's writes keep failing:\n" + "\n".join(writes.failed))
                else:
                    if recording:
                        writes.recorded += 1
                        pending = event_id
                        n += 1
                    else:
                        writes.retracted += 1
                        pending = None
                    for place, checks in ((place, writes.checks[place]) for place in places):
                        # without the bookmark first: a bookmark read makes the process read the
                        # version again, after which every read there sees the write
                        checks.plain_reads += 1
                        checks.stale_without_bookmark += seen(await read(place, event_id, {}), action) != expected
                        answers = await asyncio.gather(
                            *(read(place, event_id, {BOOKMARK: bookmark}) for _ in range(reads))
                        )
                        checks.bookmark_reads += len(answers)
                        checks.stale_with_bookmark += sum(seen(a, action) != expected for a in answers)
                await asyncio.sleep(max(0.0, started + 1 / per_second - time.monotonic()))
        finally:
            if pending is not None:  # back to the seed's state
                response = await client.post(
                    "/graphql", json={"query": RETRACT, "variables": {"id": pending}}, headers=editor
                )
                if response.status_code == 200 and not response.json().get("errors"):
                    writes.retracted += 1
                else:
                    print(f"could not retract {pending}: {response.text[:300]}", file=sys.stderr)


async def run_load(
    target: Target,
    mix: list[tuple[int, Callable[[], Request]]],
    args: argparse.Namespace,
    rng: random.Random,
    duration: float,
    results: Results,
) -> None:
    """The mix at args.concurrency for `duration` s against `target`, added to `results`."""
    weights = [w for w, _ in mix]
    makers = [m for _, m in mix]
    url, pid = target.url, target.pid
    limits = httpx.Limits(max_connections=args.concurrency + 2)
    lean = LeanHttp(timeout=60) if args.client == "lean" else None
    server_before = proc_cpu_seconds(pid) if pid else 0.0
    client_before = time.process_time()
    started = time.monotonic()
    deadline = started + duration

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                kind, request = rng.choices(makers, weights)[0]()
                began = time.perf_counter()
                status, body = await send(client, lean, url, request)
                record(results, kind, status, body, (time.perf_counter() - began) * 1000)

        async def sample() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=10) as probe:
                while time.monotonic() < deadline:
                    began = time.perf_counter()
                    await probe.get("/healthz")
                    results.healthz.append((time.perf_counter() - began) * 1000)
                    if pid:
                        results.rss.append(proc_rss_mb(pid))
                    await asyncio.sleep(0.05)

        tasks = [sample(), *(worker() for _ in range(args.concurrency))]
        if args.writes_per_second > 0:
            tasks.append(
                writer(
                    url,
                    args.replica_url,
                    args.editor_key,
                    args.writes_per_second,
                    args.bookmark_reads,
                    deadline,
                    results.writes,
                )
            )
        try:
            await asyncio.gather(*tasks)
        finally:
            if lean is not None:
                await lean.aclose()
    results.seconds += time.monotonic() - started
    results.client_cpu += time.process_time() - client_before
    if pid:
        results.server_cpu += proc_cpu_seconds(pid) - server_before


def cache_counts(url: str) -> dict[str, float]:
    """The result cache's hits and misses so far, from /metrics (empty when it has none)."""
    try:
        text = httpx.get(f"{url}/metrics", timeout=10).text
    except httpx.HTTPError:
        return {}
    counts: dict[str, float] = {}
    for name in ("hits", "misses"):
        values = re.findall(rf"^orggraph_result_cache_{name}_total(?:{{[^}}]*}})? ([0-9.e+]+)$", text, re.MULTILINE)
        if values:
            counts[name] = sum(float(v) for v in values)
    return counts


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


def report(title: str, results: Results, cache: dict[str, float] | None = None) -> None:
    seconds = results.seconds
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
    if results.server_cpu and total:
        cpu = results.server_cpu
        print(f"server CPU: {cpu:.1f} s in all, {cpu / total * 1000:.1f} ms per request")
    if total:
        cpu = results.client_cpu
        print(f"load generator CPU: {cpu:.1f} s in all, {cpu / total * 1000:.2f} ms per request")
    if cache:
        looked = cache.get("hits", 0) + cache.get("misses", 0)
        share = f" ({100 * cache.get('hits', 0) / looked:.0f}% of lookups)" if looked else ""
        print(f"result cache: {cache.get('hits', 0):,.0f} hits{share}, {cache.get('misses', 0):,.0f} misses")
    w = results.writes
    if w.recorded or w.retracted or w.failed:
        print(
            f"writes: {w.recorded} recorded + {w.retracted} retracted, p50 {percentile(w.write_ms, 0.5):.0f} ms, "
            f"{len(w.failed)} failed{': ' + w.failed[0] if w.failed else ''}"
        )
        for place, c in w.checks.items():
            print(
                f"stale answers after a write, at {place}: {c.stale_with_bookmark} of {c.bookmark_reads} reads with "
                f"its bookmark (must be 0); {c.stale_without_bookmark} of {c.plain_reads} reads without it"
                + (f" ({c.primed_stale} reads before a write already showed it)" if c.primed_stale else "")
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mix", choices=["readme", "hostile", "fanout", "both"], default="readme")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per mix (and per server)")
    parser.add_argument("--url", help="a running API (default: serve one here)")
    parser.add_argument("--pid", type=int, help="the running API's pid, to read its RSS and CPU")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the mix")
    parser.add_argument("--client", choices=["httpx", "lean"], default="httpx", help="what sends the mix")
    parser.add_argument("--writes-per-second", type=float, default=0.0, help="curated writes a second (0: none)")
    parser.add_argument("--bookmark-reads", type=int, default=4, help="reads with each write's bookmark")
    parser.add_argument(
        "--compare-cache", action="store_true", help="also serve RESULT_CACHE_BYTES=0 and alternate between the two"
    )
    parser.add_argument("--segments", type=int, default=4, help="with --compare-cache: slices per server")
    parser.add_argument("--uncached-url", help="with --url and --compare-cache: a running API with its cache off")
    parser.add_argument("--uncached-pid", type=int, help="its pid")
    parser.add_argument("--replica-url", help="with --url and --writes-per-second: another process to check reads at")
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 256 or not 0 < args.duration <= 3600:
        parser.error("--concurrency must be 1..256 and --duration 0..3600 s")
    if not 0 <= args.writes_per_second <= 20 or not 1 <= args.bookmark_reads <= 32 or not 1 <= args.segments <= 60:
        parser.error("--writes-per-second must be 0..20, --bookmark-reads 1..32 and --segments 1..60")
    if args.compare_cache and args.mix != "readme":
        parser.error("--compare-cache measures the readme mix")
    if args.url and args.compare_cache and not args.uncached_url:
        parser.error("--compare-cache with --url needs --uncached-url")
    args.editor_key = os.environ.get("ORGGRAPH_EDITOR_KEY", "")
    if args.replica_url:
        args.replica_url = args.replica_url.rstrip("/").removesuffix("/graphql")
    if args.url and args.writes_per_second > 0 and not args.editor_key:
        parser.error("--writes-per-second against --url needs an editor key in ORGGRAPH_EDITOR_KEY")

    started: list[ServedApi] = []
    targets: list[Target] = []
    try:
        if args.url is None:
            settings = load_settings()
            if settings.uses_local_neo4j:
                LocalNeo4j.from_settings(settings, log=lambda m: print(m, file=sys.stderr)).start()
            subprocess.run([str(ORGGRAPH), "seed"], check=True, cwd=ROOT)
            args.editor_key = new_key()
            env = {"API_KEYS": f"loadtest:editor:{digest(args.editor_key)}"}
            served = ServedApi.start(free_port(), env, timeout=180)
            started.append(served)
            targets.append(Target("cache on" if args.compare_cache else "served", served.url, served.process.pid))
            if args.compare_cache:
                uncached = ServedApi.start(free_port(), {**env, "RESULT_CACHE_BYTES": "0"}, timeout=180)
                started.append(uncached)
                targets.append(Target("cache off", uncached.url, uncached.process.pid))
            if args.writes_per_second > 0:  # a replica that polls the graph version once a minute
                replica = ServedApi.start(free_port(), {**env, "CHANGE_FEED_POLL_SECONDS": "60"}, timeout=180)
                started.append(replica)
                args.replica_url = replica.url
        else:
            targets.append(Target("cache on" if args.compare_cache else "served", args.url.rstrip("/"), args.pid))
            if args.compare_cache:
                targets.append(Target("cache off", args.uncached_url.rstrip("/"), args.uncached_pid))
        run(args, targets)
    finally:
        for served in reversed(started):
            served.stop()
    return 0


def run(args: argparse.Namespace, targets: list[Target]) -> None:
    rng = random.Random(args.seed)
    ids = asyncio.run(fetch_ids(targets[0].url))
    mixes = {"readme": readme_mix, "hostile": hostile_mix, "fanout": fan_out_mix}
    load = os.getloadavg()
    print(
        f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min), {os.cpu_count()} CPUs; "
        f"client {args.client}; writes per second {args.writes_per_second:g}"
    )
    for name in ["readme", "hostile"] if args.mix == "both" else [args.mix]:
        mix = mixes[name](ids, rng)
        results = {target.name: Results() for target in targets}
        before = {target.name: cache_counts(target.url) for target in targets}
        segments = args.segments if len(targets) > 1 else 1
        for segment in range(segments):
            order = targets if segment % 2 == 0 else targets[::-1]  # alternating which goes first
            for target in order:
                asyncio.run(run_load(target, mix, args, rng, args.duration / segments, results[target.name]))
        load = os.getloadavg()
        for target in targets:
            after = cache_counts(target.url)
            cache = {k: after[k] - before[target.name].get(k, 0.0) for k in after}
            report(f"{name} mix, concurrency {args.concurrency}, {target.name}", results[target.name], cache)
        if len(targets) > 1:
            on, off = (results[t.name] for t in targets)
            rate = [sum(len(v) for v in r.latencies.values()) / r.seconds for r in (on, off)]
            print(
                f"\n{name} mix: {rate[0]:.1f} req/s with the result cache, {rate[1]:.1f} without: "
                f"{rate[0] / rate[1]:.1f}x ({segments} alternating slices of {args.duration / segments:.0f} s each)"
            )
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min)")


if __name__ == "__main__":
    raise SystemExit(main())
