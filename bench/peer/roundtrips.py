"""Round trips and database work per request: orggraph next to the peer and the hand-written Cypher.

    ORGGRAPH_ROOT=path/to/orggraph NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... \\
        .venv/bin/python bench/peer/roundtrips.py

orggraph: runs its GraphQL schema in this process (no HTTP) with the project's own Database
handle, records every query it sends (by cypher/ file name) with its parameters, the time of the
whole execution and the time spent awaiting the driver; then PROFILEs each recorded query and adds
up the database hits. The peer: PROFILEs the statement @neo4j/graphql generated for the same
question (generated-cypher/, captured with DEBUG=@neo4j/graphql:*). Read-only: only read queries
are executed, and the app's start-up (schema statements) is not run.

ORGGRAPH_ROOT (default: this project) is the checkout whose graph_service is imported, so that a
"before" version is counted by the same harness. It relies on graph_service internals
(config.load_settings, db.database.Database._execute, and read_text where the read path composes
statements, graphql.context.Context.for_request, graphql.schema.build_schema); a checkout without
them exits with status 3 and says why (skipped).
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ORGGRAPH_ROOT = Path(os.environ.get("ORGGRAPH_ROOT") or HERE.parents[1]).resolve()
sys.path.insert(0, str(ORGGRAPH_ROOT))
sys.path.insert(0, str(HERE))

from cases import CASES, NEO4J_PASSWORD, NEO4J_URI, NEO4J_USER, PEER_PARAMS, peer_generated_cypher  # noqa: E402
from neo4j import GraphDatabase  # noqa: E402

SKIPPED = 3  # exit status: this checkout's internals do not fit the in-process counting

try:
    import graph_service
    from graph_service.config import load_settings
    from graph_service.db.database import Database
    from graph_service.graphql.context import Context
    from graph_service.graphql.schema import build_schema
except (ImportError, AttributeError) as exc:
    print(f"roundtrips skipped: cannot import orggraph internals from {ORGGRAPH_ROOT}: {exc!r}")
    sys.exit(SKIPPED)
if Path(graph_service.__file__).resolve().parents[1] != ORGGRAPH_ROOT:
    print(f"roundtrips skipped: graph_service came from {graph_service.__file__}, not from {ORGGRAPH_ROOT}")
    sys.exit(SKIPPED)
if not callable(getattr(Database, "_execute", None)):
    print(f"roundtrips skipped: {ORGGRAPH_ROOT}'s Database has no _execute to record the statements it sends")
    sys.exit(SKIPPED)

RUNS, WARMUPS = 25, 5
Sent = tuple[str, str, dict[str, Any]]  # (cypher/ file name, statement, parameters)


def db_hits(plan: Any) -> int:
    """Database hits of a profiled plan and its children (the driver gives a dict or an object)."""
    if isinstance(plan, dict):
        return int(plan.get("dbHits", 0)) + sum(db_hits(child) for child in plan.get("children", []))
    return int(getattr(plan, "db_hits", 0) or 0) + sum(db_hits(child) for child in plan.children)


def profile(driver: Any, text: str, params: dict[str, Any]) -> tuple[int, int]:
    text = re.sub(
        r"^\s*CYPHER 5\s*",
        "",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")),
    )
    records, summary, _ = driver.execute_query("PROFILE " + text, params, routing_="r")
    return db_hits(summary.profile), len(records)


async def orggraph_requests() -> dict[str, dict[str, Any]]:
    settings = load_settings()
    db = Database.from_settings(settings)
    schema = build_schema()
    sent: list[Sent] = []
    in_db: list[float] = []
    original = db._execute

    async def recording(query: Any, params: dict[str, Any], routing: Any, **kwargs: Any) -> Any:
        sent.append(((query.metadata or {}).get("query", "?"), str(query.text), dict(params)))
        start = time.perf_counter()
        try:
            return await original(query, params, routing, **kwargs)
        finally:
            in_db.append((time.perf_counter() - start) * 1000)

    db._execute = recording  # type: ignore[method-assign]
    # since the read path composes statements, they go through read_text (auto-commit reads)
    original_text = getattr(db, "read_text", None)
    if original_text is not None:

        async def recording_text(name: str, text: str, params: dict[str, Any]) -> Any:
            sent.append((name, text, dict(params)))
            start = time.perf_counter()
            try:
                return await original_text(name, text, params)
            finally:
                in_db.append((time.perf_counter() - start) * 1000)

        db.read_text = recording_text  # type: ignore[method-assign]
    compiler = getattr(schema, "compiler", None)

    def context() -> Any:
        return (
            Context.for_request(db, settings, compiler) if compiler is not None else Context.for_request(db, settings)  # type: ignore[call-arg]  # a checkout before issue 10
        )

    out: dict[str, dict[str, Any]] = {}
    try:
        for case in CASES:
            times: list[float] = []
            db_times: list[float] = []
            per_query: list[list[float]] = []
            for _ in range(RUNS):
                sent.clear()
                in_db.clear()
                start = time.perf_counter()
                result = await schema.execute(
                    case.orggraph_query,
                    variable_values=case.orggraph_vars,
                    context_value=context(),
                )
                times.append((time.perf_counter() - start) * 1000)
                if result.errors:
                    raise SystemExit(f"orggraph in process ({case.key}): {result.errors}")
                db_times.append(sum(in_db))
                per_query.append(list(in_db))
            out[case.key] = {
                "per_query_p50": [statistics.median(run[i] for run in per_query[WARMUPS:]) for i in range(len(sent))],
                "queries": list(sent),
                "execute_p50": statistics.median(times[WARMUPS:]),
                "driver_p50": statistics.median(db_times[WARMUPS:]),
            }
    finally:
        await db.close()
    return out


def main() -> None:
    print(f"orggraph in process from {Path(graph_service.__file__).resolve().parent}")
    try:
        orggraph = asyncio.run(orggraph_requests())
    except (AttributeError, TypeError) as exc:  # internals of another shape than this script expects
        print(f"roundtrips skipped: {ORGGRAPH_ROOT}'s internals do not fit the in-process counting: {exc!r}")
        sys.exit(SKIPPED)
    with GraphDatabase.driver(
        NEO4J_URI, auth=(NEO4J_USER, NEO4J_PASSWORD), notifications_disabled_classifications=["UNRECOGNIZED"]
    ) as driver:
        print(
            "question | orggraph round trips (queries) | orggraph db hits | peer round trips | peer db hits "
            "| hand Cypher db hits | orggraph in-process execute p50 / of it awaiting driver (ms)"
        )
        for case in CASES:
            o = orggraph[case.key]
            o_hits = sum(profile(driver, text, params)[0] for _, text, params in o["queries"])
            p_hits, _ = profile(driver, peer_generated_cypher(case.key), PEER_PARAMS[case.key])
            c_hits, _ = profile(driver, case.cypher, case.cypher_params)
            names = ", ".join(name.removeprefix("api/") for name, _, _ in o["queries"])
            print(
                f"({case.key}) | {len(o['queries'])} ({names}) | {o_hits} | 1 | {p_hits} | {c_hits} | "
                f"{o['execute_p50']:.1f} / {o['driver_p50']:.1f}"
            )
    print(
        f"(orggraph timings: {RUNS - WARMUPS} runs after {WARMUPS} warm-ups in one process, no HTTP; "
        "db hits from PROFILE)"
    )
    print("orggraph, time awaiting the driver per query, p50 ms (in the order sent):")
    for case in CASES:
        o = orggraph[case.key]
        print(
            f"({case.key}) "
            + ", ".join(
                f"{name.removeprefix('api/')} {ms:.1f}"
                for (name, _, _), ms in zip(o["queries"], o["per_query_p50"], strict=True)
            )
        )


if __name__ == "__main__":
    main()
