"""Benchmark of the GraphQL root fields: latency over HTTP next to the same Cypher run directly.

    .venv/bin/python scripts/benchmark.py [--rounds 50] [--save bench/baseline.json]

Loads the seed into the configured Neo4j (the local server is started when NEO4J_URI is
unset), records the statement each field sends for its README example (the app in this
process), serves the API in its own process (`orggraph serve`) on a free loopback port, then
for each root field:
- p50 / p95 of the README's example query over HTTP (the whole request: HTTP, GraphQL, the
  statement, JSON), sent by a lean keep-alive client (scripts/lean_http.py: httpx alone costs
  more CPU per request than the server);
- p50 / p95 of the statement the field sent for that request (as composed from the
  selection, with its parameters; recorded by the app's Database) run directly through the
  async driver;
- their ratio, and the database hits of that statement (PROFILE).
With --compare (default bench/baseline.json when it exists), a query whose db hits grew by
more than 10% since the baseline is flagged, so a costlier query shows up in review.
Figures are printed, not asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient
from neo4j import AsyncGraphDatabase

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_service.app import create_app  # noqa: E402
from graph_service.config import Settings, load_settings  # noqa: E402
from graph_service.db.database import Database  # noqa: E402
from graph_service.ingest.loader import load_seed  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from graph_service.paths import SEED_DIR  # noqa: E402
from scripts.lean_http import LeanHttp  # noqa: E402
from scripts.served import ServedApi, percentile  # noqa: E402

DAY = dt.date(2019, 12, 24)
EXAMPLES = dict(
    re.findall(r"<!-- example: ([\w-]+) -->\s*```graphql\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
)

# root field -> (the README example that asks it, the name of the statement it sends)
CASES: dict[str, tuple[str, str]] = {
    "counterparts": ("counterparts-in-every-county", "read/counterparts"),
    "dutyTrail": ("duty-trail", "read/duty_trail"),
    "lineage": ("lineage-back", "read/lineage"),
    "orgChart": ("org-chart-2019", "read/org_chart"),
    "changes": ("changes", "read/changes"),
    "search": ("search-fire", "read/search"),
    "bodies": ("bodies-page", "read/bodies"),
}


def db_hits(plan: Any) -> int:
    return int(plan.get("dbHits", 0) if isinstance(plan, dict) else getattr(plan, "db_hits", 0)) + sum(
        db_hits(child) for child in (plan.get("children", []) if isinstance(plan, dict) else plan.children)
    )


def captured_statements(settings: Settings) -> dict[str, tuple[str, dict[str, Any]]]:
    """The statement each field sends for its README example (text and parameters), recorded
    by the app's Database in this process; the timings are taken from a served process."""
    recorded: list[tuple[str, str, dict[str, Any]]] = []
    database = Database.from_settings(settings, timeout=settings.request_timeout)
    database.recorder = recorded
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    with TestClient(create_app(settings.model_copy(update={"warm_up": False}), db=database)) as client:
        for field, (example, statement_name) in CASES.items():
            recorded.clear()
            response = client.post("/graphql", json={"query": EXAMPLES[example]})
            if response.status_code != 200 or "errors" in response.json():
                raise SystemExit(f"{field}: {response.text[:300]}")
            _, text, params = next(s for s in recorded if s[0] == statement_name)
            found[field] = (text, params)
        assert client.portal is not None
        client.portal.call(database.close)  # on the loop that used it
    return found


async def measure(
    settings: Settings, url: str, statements: dict[str, tuple[str, dict[str, Any]]], rounds: int
) -> dict[str, dict[str, float]]:
    """HTTP and the statement alone, interleaved, for each field."""
    results: dict[str, dict[str, float]] = {}
    http = LeanHttp(timeout=30)
    password = settings.neo4j_password.get_secret_value()
    async with AsyncGraphDatabase.driver(
        settings.effective_neo4j_uri,
        auth=(settings.neo4j_user, password),
        notifications_disabled_classifications=["UNRECOGNIZED"],
    ) as driver:
        try:
            for field, (example, _) in CASES.items():
                body = orjson.dumps({"query": EXAMPLES[example]})
                text, params = statements[field]
                http_ms, cypher_ms = [], []
                for i in range(rounds + 5):
                    start = time.perf_counter()
                    status, answer = await http.post(f"{url}/graphql", body)
                    elapsed = (time.perf_counter() - start) * 1000
                    if status != 200 or "errors" in orjson.loads(answer):
                        raise SystemExit(f"{field}: {answer[:300]!r}")
                    start = time.perf_counter()
                    await driver.execute_query(text, params, database_=settings.neo4j_database, routing_="r")
                    direct = (time.perf_counter() - start) * 1000
                    if i >= 5:
                        http_ms.append(elapsed)
                        cypher_ms.append(direct)
                _, summary, _ = await driver.execute_query("PROFILE " + text, params, database_=settings.neo4j_database)
                results[field] = {
                    "http_p50_ms": statistics.median(http_ms),
                    "http_p95_ms": percentile(http_ms, 0.95),
                    "cypher_p50_ms": statistics.median(cypher_ms),
                    "cypher_p95_ms": percentile(cypher_ms, 0.95),
                    "db_hits": db_hits(summary.profile),
                }
        finally:
            await http.aclose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=50, help="timed runs of each query (after 5 warm-ups)")
    parser.add_argument("--save", type=Path, help="write the figures as JSON (e.g. bench/baseline.json)")
    parser.add_argument("--compare", type=Path, default=ROOT / "bench" / "baseline.json")
    args = parser.parse_args()

    settings = load_settings()
    if settings.uses_local_neo4j:
        LocalNeo4j.from_settings(settings, log=lambda m: print(m, file=sys.stderr)).start()

    async def seed() -> str:
        db = Database.from_settings(settings)
        try:
            return (await load_seed(db, SEED_DIR)).summary().splitlines()[0]
        finally:
            await db.close()

    print(asyncio.run(seed()), file=sys.stderr)
    statements = captured_statements(settings)
    # the API in its own process, as users run it (its requests are not rate limited here)
    served = ServedApi.start(
        free_port(),
        env={"NEO4J_URI": settings.effective_neo4j_uri, "RATE_LIMIT_PER_KEY": "0", "RATE_LIMIT_PER_ADDRESS": "0"},
    )
    try:
        results = asyncio.run(measure(settings, served.url, statements, args.rounds))
    finally:
        served.stop()

    baseline = json.loads(args.compare.read_text()) if args.compare and args.compare.exists() else {}
    print(
        f"{'root field':<14}{'HTTP p50':>10}{'HTTP p95':>10}{'Cypher p50':>12}{'Cypher p95':>12}"
        f"{'ratio p50':>11}{'db hits':>9}  db hits vs baseline"
    )
    for field, r in results.items():
        before = baseline.get("fields", {}).get(field, {}).get("db_hits")
        flag = ""
        if before:
            change = (r["db_hits"] - before) / before
            flag = f"{change:+.0%}" + ("  COSTLIER" if change > 0.10 else "")
        print(
            f"{field:<14}{r['http_p50_ms']:>10.1f}{r['http_p95_ms']:>10.1f}{r['cypher_p50_ms']:>12.1f}"
            f"{r['cypher_p95_ms']:>12.1f}{r['http_p50_ms'] / r['cypher_p50_ms']:>10.1f}x{r['db_hits']:>9}  {flag}"
        )
    print(
        f"(milliseconds; {args.rounds} rounds each, HTTP and Cypher interleaved in one run; "
        "ratio = HTTP p50 / Cypher p50)"
    )
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps({"rounds": args.rounds, "fields": results}, indent=2) + "\n")
        print(f"saved {args.save}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
