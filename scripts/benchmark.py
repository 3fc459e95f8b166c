"""Benchmark of the GraphQL root fields: latency over HTTP next to the same Cypher run directly.

    .venv/bin/python scripts/benchmark.py [--rounds 50] [--save bench/baseline.json]

Loads the seed into the configured Neo4j (the local server is started when NEO4J_URI is
unset), serves the API in this process on a free loopback port, then for each root field:
- p50 / p95 of the README's example query over HTTP (the whole request: HTTP, GraphQL, the
  statement, JSON);
- p50 / p95 of the statement the field sent for that request (as composed from the
  selection, with its parameters; recorded by the app's Database) run directly through the
  driver;
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
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from neo4j import GraphDatabase

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_service.app import create_app  # noqa: E402
from graph_service.config import load_settings  # noqa: E402
from graph_service.db.database import Database  # noqa: E402
from graph_service.ingest.loader import load_seed  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from graph_service.paths import SEED_DIR  # noqa: E402

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


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def db_hits(plan: Any) -> int:
    return int(plan.get("dbHits", 0) if isinstance(plan, dict) else getattr(plan, "db_hits", 0)) + sum(
        db_hits(child) for child in (plan.get("children", []) if isinstance(plan, dict) else plan.children)
    )


def serve(settings: Any, port: int, db: Database) -> uvicorn.Server:
    app = create_app(settings, db=db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the API did not start")
        time.sleep(0.05)
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
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
    port = free_port()
    statements: list[tuple[str, str, dict[str, Any]]] = []
    database = Database.from_settings(settings, timeout=settings.request_timeout)
    database.recorder = statements
    server = serve(settings.model_copy(update={"warm_up": False}), port, database)
    results: dict[str, dict[str, float]] = {}
    password = settings.neo4j_password.get_secret_value()
    with (
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http,
        GraphDatabase.driver(
            settings.effective_neo4j_uri,
            auth=(settings.neo4j_user, password),
            notifications_disabled_classifications=["UNRECOGNIZED"],
        ) as driver,
    ):
        for field, (example, statement_name) in CASES.items():
            body = {"query": EXAMPLES[example]}
            statements.clear()
            http.post("/graphql", json=body)
            _, text, params = next(s for s in statements if s[0] == statement_name)
            http_ms, cypher_ms = [], []
            for i in range(args.rounds + 5):
                start = time.perf_counter()
                response = http.post("/graphql", json=body)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200 or "errors" in response.json():
                    raise SystemExit(f"{field}: {response.text[:300]}")
                start = time.perf_counter()
                driver.execute_query(text, params, database_=settings.neo4j_database, routing_="r")
                direct = (time.perf_counter() - start) * 1000
                if i >= 5:
                    http_ms.append(elapsed)
                    cypher_ms.append(direct)
            _, summary, _ = driver.execute_query("PROFILE " + text, params, database_=settings.neo4j_database)
            results[field] = {
                "http_p50_ms": statistics.median(http_ms),
                "http_p95_ms": percentile(http_ms, 0.95),
                "cypher_p50_ms": statistics.median(cypher_ms),
                "cypher_p95_ms": percentile(cypher_ms, 0.95),
                "db_hits": db_hits(summary.profile),
            }
    server.should_exit = True

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
