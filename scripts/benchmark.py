"""Benchmark of the API's queries: latency over HTTP next to the same Cypher run directly, with
db hits, on the real seed or on the real seed inside a synthetic data set of a larger size.

    .venv/bin/python scripts/benchmark.py [--rounds 20] [--save bench/baseline.json]
    .venv/bin/python scripts/benchmark.py --dataset seed --save /tmp/bench-seed.json
    .venv/bin/python scripts/benchmark.py --dataset 15x8 --compare-seed /tmp/bench-seed.json
    LOCAL_NEO4J_PAGECACHE=2g .venv/bin/python scripts/benchmark.py --dataset national \\
        --compare-seed /tmp/bench-seed.json

The data set (`--dataset`):
- `seed` (default): seed/ alone (Zhangye city 620700, its six counties, Gansu).
- `CxM` (e.g. `15x8`, `60x8`, `99x12`; at most 99 cities): one synthetic province of C cities of M counties, and
  `national`: the synthetic nation (31 provinces, 333 cities, 2,850 counties), both TOGETHER with
  the real seed, so the README's examples (which ask about Zhangye) still answer, in a graph with
  the synthetic bulk around them. They are written by
  `scripts/generate_synthetic.py --cities C --counties M | --scale national --seed 42
  --with-real-seed --out WORK/NAME`: the generator copies seed/ (with its `texts/`, which the
  quotes are checked against) to the top of the folder and leaves the function catalogue to the
  real seed's files instead of writing its own copy of it; synthetic codes and ids are
  fictitious (99xxxx ...), so nothing else collides. A folder generated earlier with the same
  arguments, the same generator and the same seed/ is reused (`WORK/NAME/.benchmark.json`
  says what made it): the national set takes about a minute to write.

The data set is loaded as a user loads it, `SEED_DIR=FOLDER orggraph seed --allow-deletions`
in a process of its own (a re-load that changes nothing is a diff only; `--no-load` skips it
when the database holds the set already). This REPLACES the configured database's graph: give
the benchmark a Neo4j of its own for synthetic sets, e.g.
`LOCAL_NEO4J_HOME=/tmp/bench-neo4j LOCAL_NEO4J_BOLT_PORT=7787` (the local server is started when
NEO4J_URI is unset), and reload seed/ after (`orggraph seed --allow-deletions`).

The queries: every `<!-- example: NAME -->` GraphQL block of README.md, in its order, and the
issue's explicit ones that README does not hold as such (EXTRA: `bodies(first: 50) { totalCount }`
in the city and over every jurisdiction). A mutation or a query that needs variables cannot run
as a read-only example and is listed as skipped; the `error-*` examples are timed too, as the
errors they are meant to give (a request refused before it reaches Neo4j sends no statement).
For each query: p50 / p95 over HTTP (the whole request: HTTP, GraphQL, the statements, JSON; the
API served in its own process, `orggraph serve`, sent by a lean keep-alive client,
scripts/lean_http.py); p50 / p95 of the statements that request sent (as composed from its
selection, with its parameters, recorded by the app's Database in this process) run directly
through the async driver one after another; and their database hits (PROFILE, summed).

`--save FILE` writes the figures as JSON. `--compare FILE` (default bench/baseline.json for the
seed) flags a root field (CASES) whose db hits grew by more than 10% since that baseline.
`--compare-seed FILE` (the JSON of a `--dataset seed --save FILE` run) adds per query the ratio of
its HTTP p50, Cypher p50 and db hits to the seed's, and flags "over 2x" where the HTTP p50 or the
db hits are more than twice the seed's: a query about one city should cost about the same
whatever surrounds the city (index seeks, not label scans).
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient
from graphql import OperationDefinitionNode, OperationType, parse
from neo4j import AsyncGraphDatabase, Record

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_service.app import create_app  # noqa: E402
from graph_service.config import Settings, load_settings  # noqa: E402
from graph_service.db.cypher import QueryName  # noqa: E402
from graph_service.db.database import Database  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from graph_service.paths import SEED_DIR  # noqa: E402
from scripts.lean_http import LeanHttp  # noqa: E402
from scripts.served import ORGGRAPH, ServedApi, percentile  # noqa: E402

GENERATOR = ROOT / "scripts" / "generate_synthetic.py"
EXAMPLES = dict(
    re.findall(r"<!-- example: ([\w-]+) -->\s*```graphql\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
)
#: the issue's cases README does not hold as such (issue 13: "bodies(first: 50) { totalCount }")
EXTRA = {
    "bodies-50-total-city": '{ bodies(jurisdiction: "620700", asOf: "2019-12-24", first: 50) { totalCount } }',
    "bodies-50-total-all": '{ bodies(asOf: "2019-12-24", first: 50) { totalCount } }',
}
QUERIES = {**EXAMPLES, **EXTRA}

# root field -> the README example that asks it (the rows bench/baseline.json keeps, by field)
CASES: dict[str, str] = {
    "counterparts": "counterparts-in-every-county",
    "dutyTrail": "duty-trail",
    "lineage": "lineage-back",
    "orgChart": "org-chart-2019",
    "changes": "changes",
    "search": "search-fire",
    "bodies": "bodies-page",
}
WARM_UPS = 5
OVER = 2.0  # the bound: within 2x of the seed's figures


@dataclass
class Query:
    """A query to time and what its request sent."""

    name: str
    text: str
    expect_error: bool
    statements: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    unrecorded: int = 0  # round trips the recorder did not see (none expected: a failure to say)
    error: str | None = None  # the error code its answer gave at capture


def db_hits(plan: Any) -> int:
    return int(plan.get("dbHits", 0) if isinstance(plan, dict) else getattr(plan, "db_hits", 0)) + sum(
        db_hits(child) for child in (plan.get("children", []) if isinstance(plan, dict) else plan.children)
    )


def skip_reason(text: str) -> str | None:
    """Why a README example cannot run here as a read-only query without input, or None."""
    operations = [d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode)]
    if any(op.operation is not OperationType.QUERY for op in operations):
        return "a mutation or subscription: not read-only (and needs an editor key)"
    if any(op.variable_definitions for op in operations):
        return "needs variables"
    return None


def error_codes(answer: dict[str, Any]) -> str:
    return ",".join(sorted({str((e.get("extensions") or {}).get("code", "?")) for e in answer.get("errors", [])}))


# --- the data set --------------------------------------------------------------------------
def generator_args(dataset: str, seed: int) -> list[str]:
    if dataset == "national":
        shape = ["--scale", "national"]
    elif found := re.fullmatch(r"(\d+)x(\d+)", dataset):
        shape = ["--cities", found[1], "--counties", found[2]]
    else:
        raise SystemExit(f"--dataset: seed, national or CITIESxCOUNTIES (e.g. 15x8), not {dataset!r}")
    return [*shape, "--seed", str(seed), "--with-real-seed"]


def digest(*paths: Path) -> str:
    """Of the files under the paths (names and bytes), to tell a stale generated folder."""
    h = hashlib.sha256()
    for top in paths:
        for path in sorted(p for p in ([top] if top.is_file() else top.rglob("*")) if p.is_file()):
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def prepare(dataset: str, work: Path, seed: int) -> Path:
    """The folder to load: seed/, or the synthetic set with the real seed, generated unless the
    same arguments, generator and seed/ made it before."""
    if dataset == "seed":
        return SEED_DIR
    out = work / dataset
    made_by = {"args": generator_args(dataset, seed), "generator": digest(GENERATOR), "seed": digest(SEED_DIR)}
    marker = out / ".benchmark.json"
    if marker.is_file() and json.loads(marker.read_text()) == made_by:
        print(f"reusing {out} (generated before with the same arguments, generator and seed/)", file=sys.stderr)
        return out
    print(f"generating {out} ...", file=sys.stderr)
    started = time.perf_counter()
    command = [sys.executable, str(GENERATOR), *made_by["args"], "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    print(done.stdout.rstrip(), f"(generated in {time.perf_counter() - started:.0f} s)", sep="\n", file=sys.stderr)
    marker.write_text(json.dumps(made_by, indent=2) + "\n")  # last: a partly written folder is not reused
    return out


def load(folder: Path) -> None:
    """`orggraph seed --allow-deletions` as a user runs it, with SEED_DIR=folder."""
    print(f"loading {folder} (orggraph seed --allow-deletions) ...", file=sys.stderr)
    started = time.perf_counter()
    env = {**os.environ, "SEED_DIR": str(folder)}
    done = subprocess.run(
        [str(ORGGRAPH), "seed", "--allow-deletions"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"orggraph seed failed ({done.returncode}):\n{done.stderr[-2000:]}{done.stdout[-2000:]}")
    said = [  # its summary, without the progress of each batch
        line
        for line in done.stderr.splitlines()
        if re.match(r"seed:|  (created|updated|removed):", line) and not re.search(r"\d+/\d+$", line)
    ]
    print(*said, f"(loaded in {time.perf_counter() - started:.0f} s)", sep="\n", file=sys.stderr)


# --- what each query sends -----------------------------------------------------------------
class RecordingDatabase(Database):
    """Records the registered reads too (`read`: a connection's totalCount, the correspondence
    report's inputs), beside the composed statements the Database's recorder sees."""

    async def read(self, name: QueryName, **params: Any) -> list[Record]:
        if self.recorder is not None:
            self.recorder.append((name.value, self.queries.text(name), params))
        return await super().read(name, **params)


def captured(settings: Settings) -> tuple[list[Query], dict[str, str]]:
    """Each query's statements (name, text, parameters), recorded by the app's Database in this
    process as it answers the query once; the timings are taken from a served process. Returns
    the queries to time and the skipped ones with the reason."""
    recorded: list[tuple[str, str, dict[str, Any]]] = []
    database = RecordingDatabase.from_settings(settings, timeout=settings.request_timeout)
    database.recorder = recorded
    queries: list[Query] = []
    skipped: dict[str, str] = {}
    with TestClient(create_app(settings.model_copy(update={"warm_up": False}), db=database)) as client:
        for name, text in QUERIES.items():
            if reason := skip_reason(text):
                skipped[name] = reason
                continue
            query = Query(name, text, expect_error=name.startswith("error-"))
            recorded.clear()
            before = database.round_trips
            answer = client.post("/graphql", json={"query": text}).json()
            query.statements = list(recorded)
            query.unrecorded = database.round_trips - before - len(recorded)
            if "errors" in answer:
                query.error = error_codes(answer)
            queries.append(query)
        assert client.portal is not None
        client.portal.call(database.close)  # on the loop that used it
    return queries, skipped


async def measure(settings: Settings, url: str, queries: list[Query], rounds: int) -> dict[str, dict[str, Any]]:
    """HTTP and the statements alone, interleaved, for each query."""
    results: dict[str, dict[str, Any]] = {}
    http = LeanHttp(timeout=max(60.0, settings.request_timeout * 2))
    password = settings.neo4j_password.get_secret_value()
    async with AsyncGraphDatabase.driver(
        settings.effective_neo4j_uri,
        auth=(settings.neo4j_user, password),
        notifications_disabled_classifications=["UNRECOGNIZED"],
    ) as driver:

        async def run(text: str, params: dict[str, Any]) -> Any:
            return await driver.execute_query(text, params, database_=settings.neo4j_database, routing_="r")

        try:
            for query in queries:
                print(f"  {query.name} ...", file=sys.stderr)
                body = orjson.dumps({"query": query.text})
                http_ms: list[float] = []
                cypher_ms: list[float] = []
                failed: str | None = None
                for i in range(rounds + WARM_UPS):
                    if failed is None:
                        start = time.perf_counter()
                        status, raw = await http.post(f"{url}/graphql", body)
                        elapsed = (time.perf_counter() - start) * 1000
                        try:
                            answer = orjson.loads(raw)
                        except orjson.JSONDecodeError:
                            answer = {"errors": [{"extensions": {"code": f"HTTP {status}"}}]}
                        if ("errors" in answer) != query.expect_error:
                            failed = error_codes(answer) or "no error where one was expected"
                        elif i >= WARM_UPS:
                            http_ms.append(elapsed)
                    if query.statements:
                        start = time.perf_counter()
                        for _, text, params in query.statements:
                            await run(text, params)
                        if i >= WARM_UPS:
                            cypher_ms.append((time.perf_counter() - start) * 1000)
                hits = 0
                for _, text, params in query.statements:
                    _, summary, _ = await driver.execute_query(
                        "PROFILE " + text, params, database_=settings.neo4j_database
                    )
                    hits += db_hits(summary.profile)
                results[query.name] = {
                    "http_p50_ms": statistics.median(http_ms) if http_ms else None,
                    "http_p95_ms": percentile(http_ms, 0.95) if http_ms else None,
                    "cypher_p50_ms": statistics.median(cypher_ms) if cypher_ms else None,
                    "cypher_p95_ms": percentile(cypher_ms, 0.95) if cypher_ms else None,
                    "db_hits": hits if query.statements else None,
                    "statements": [name for name, _, _ in query.statements],
                    **({"error": query.error} if query.expect_error else {}),
                    **({"failed": failed} if failed else {}),
                }
        finally:
            await http.aclose()
    return results


async def graph_size(settings: Settings) -> tuple[int, int]:
    async with AsyncGraphDatabase.driver(
        settings.effective_neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value())
    ) as driver:
        (nodes,), _, _ = await driver.execute_query("MATCH (n) RETURN count(n)", database_=settings.neo4j_database)
        (rels,), _, _ = await driver.execute_query(
            "MATCH ()-[r]->() RETURN count(r)", database_=settings.neo4j_database
        )
        return int(nodes[0]), int(rels[0])


# --- the table -----------------------------------------------------------------------------
def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def times(value: float | None, seed: float | None) -> tuple[str, float | None]:
    if value is None or not seed:
        return "-", None
    ratio = value / seed
    return f"{ratio:.2f}x", ratio


def table(
    results: dict[str, dict[str, Any]],
    skipped: dict[str, str],
    baseline: dict[str, Any],
    seed: dict[str, Any] | None,
) -> list[str]:
    field_of = {example: root for root, example in CASES.items()}
    head = (
        f"{'query':<30}{'field':<13}{'stmts':>5}{'HTTP p50':>10}{'HTTP p95':>10}{'Cypher p50':>11}"
        f"{'Cypher p95':>11}{'db hits':>10}"
    )
    if seed is not None:
        head += f"{'p50 xseed':>10}{'Cy xseed':>9}{'hits xseed':>11}"
    lines = [head + "  notes"]
    over: list[str] = []
    for name, r in results.items():
        root = field_of.get(name, "")
        line = (
            f"{name:<30}{root:<13}{len(r['statements']):>5}{ms(r['http_p50_ms']):>10}{ms(r['http_p95_ms']):>10}"
            f"{ms(r['cypher_p50_ms']):>11}{ms(r['cypher_p95_ms']):>11}"
            f"{'-' if r['db_hits'] is None else r['db_hits']:>10}"
        )
        notes: list[str] = []
        if seed is not None:
            before = seed.get("queries", {}).get(name)
            if before is None:
                line += f"{'-':>10}{'-':>9}{'-':>11}"
                notes.append("not in the seed run")
            else:
                p50, p50_ratio = times(r["http_p50_ms"], before.get("http_p50_ms"))
                cypher, _ = times(r["cypher_p50_ms"], before.get("cypher_p50_ms"))
                hits, hits_ratio = times(r["db_hits"], before.get("db_hits"))
                line += f"{p50:>10}{cypher:>9}{hits:>11}"
                flagged = [what for what, ratio in (("p50", p50_ratio), ("db hits", hits_ratio)) if (ratio or 0) > OVER]
                if flagged:
                    notes.append(f"over 2x ({', '.join(flagged)})")
                    over.append(name)
        if root and (was := baseline.get("fields", {}).get(root, {}).get("db_hits")) and r["db_hits"] is not None:
            change = (r["db_hits"] - was) / was
            notes.append(f"db hits vs baseline {change:+.0%}" + (" COSTLIER" if change > 0.10 else ""))
        if "error" in r:
            notes.append(f"answers {r['error'] or 'no error'}, as meant")
        if r.get("failed"):
            notes.append(f"FAILED over HTTP: {r['failed']}")
        if r.get("unrecorded"):
            notes.append(f"{r['unrecorded']} statement(s) not recorded, not in the Cypher figures")
        lines.append(line + ("  " + "; ".join(notes) if notes else ""))
    for name, reason in skipped.items():
        lines.append(f"{name:<30}skipped: {reason}")
    if seed is not None:
        lines.append(
            f"over 2x the seed's HTTP p50 or db hits: {', '.join(over) if over else 'none'} "
            f"({len(over)} of {len(results)})"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--dataset", default="seed", help="seed (default), CITIESxCOUNTIES (e.g. 15x8) or national")
    parser.add_argument("--rounds", type=int, default=20, help="timed runs of each query (after 5 warm-ups)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/orggraph-bench"), help="where synthetic sets go")
    parser.add_argument("--random-seed", type=int, default=42, help="the generator's --seed")
    parser.add_argument("--no-load", action="store_true", help="the database holds the data set already")
    parser.add_argument("--save", type=Path, help="write the figures as JSON (e.g. bench/baseline.json)")
    parser.add_argument("--compare", type=Path, help="db hits per root field (default for seed: bench/baseline.json)")
    parser.add_argument("--compare-seed", type=Path, help="ratios to a `--dataset seed --save FILE` run's figures")
    args = parser.parse_args()

    folder = prepare(args.dataset, args.work, args.random_seed)
    settings = load_settings()
    if settings.uses_local_neo4j:
        LocalNeo4j.from_settings(settings, log=lambda m: print(m, file=sys.stderr)).start()
    if not args.no_load:
        load(folder)
    nodes, rels = asyncio.run(graph_size(settings))
    queries, skipped = captured(settings)
    # the API in its own process, as users run it (its requests are not rate limited here)
    served = ServedApi.start(
        free_port(),
        env={"NEO4J_URI": settings.effective_neo4j_uri, "RATE_LIMIT_PER_KEY": "0", "RATE_LIMIT_PER_ADDRESS": "0"},
        timeout=600,  # its warm-up, on a large graph with a cold page cache
    )
    try:
        results = asyncio.run(measure(settings, served.url, queries, args.rounds))
    finally:
        served.stop()
    for query in queries:
        if query.unrecorded:
            results[query.name]["unrecorded"] = query.unrecorded

    compare = args.compare or (ROOT / "bench" / "baseline.json" if args.dataset == "seed" else None)
    baseline = json.loads(compare.read_text()) if compare and compare.exists() else {}
    seed = json.loads(args.compare_seed.read_text()) if args.compare_seed else None
    if seed is not None and seed.get("dataset", "seed") != "seed":
        print(f"warning: {args.compare_seed} is a {seed['dataset']} run, not the seed's", file=sys.stderr)
    print(f"data set {args.dataset} ({folder}): {nodes:,} nodes, {rels:,} relationships")
    print("\n".join(table(results, skipped, baseline, seed)))
    print(
        f"(milliseconds; {args.rounds} rounds each after {WARM_UPS} warm-ups, HTTP and Cypher interleaved; "
        "Cypher = the request's statements run directly one after another; db hits = PROFILE, summed; "
        "field = the root field bench/baseline.json keeps this query for"
        + ("; xseed = this figure / the seed run's" if seed is not None else "")
        + ")"
    )
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        fields = {root: results[example] for root, example in CASES.items() if example in results}
        saved = {
            "dataset": args.dataset,
            "rounds": args.rounds,
            "graph": {"nodes": nodes, "relationships": rels},
            "fields": fields,
            "queries": results,
            "skipped": skipped,
        }
        args.save.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n")
        print(f"saved {args.save}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
