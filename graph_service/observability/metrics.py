"""The Prometheus metrics the service records, and the labels they may take.

Every label value is bounded: GraphQL operation names are the client's choice, so a name is
kept only while it is a well-formed GraphQL name of at most 64 characters and one of the first
METRICS_MAX_OPERATIONS distinct ones this process saw; any other is "other". Error codes,
query names, routes and methods come from the service itself, and are checked all the same.

The metrics live in prometheus_client's default registry, as that library intends; with
PROMETHEUS_MULTIPROC_DIR set (several uvicorn workers), their values go to files there, which
/metrics sums (graph_service.observability.metrics_endpoint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter, Histogram, disable_created_metrics

# the `_created` series double the output and no dashboard here reads them
disable_created_metrics()  # type: ignore[no-untyped-call]

ANONYMOUS = "anonymous"
OTHER = "other"
MAX_NAME_LENGTH = 64

#: seconds: from a cached read (~1 ms) to REQUEST_TIMEOUT's default (30 s)
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

GRAPHQL_REQUESTS = Counter(
    "orggraph_graphql_requests",
    "GraphQL requests, by operation name and status (ok: no errors; error: any error, refusals included).",
    ["operation", "status"],
)
GRAPHQL_SECONDS = Histogram(
    "orggraph_graphql_request_seconds",
    "Time to answer a GraphQL request (from the route to the response), by operation name.",
    ["operation"],
    buckets=LATENCY_BUCKETS,
)
GRAPHQL_ERRORS = Counter(
    "orggraph_graphql_errors",
    "GraphQL requests answered with at least one error of this extensions.code.",
    ["code"],
)
NEO4J_SECONDS = Histogram(
    "orggraph_neo4j_statement_seconds",
    "Time of one Neo4j statement (round trip and reading its records), by registered query or read root "
    "and kind (read, write, schema).",
    ["query", "kind"],
    buckets=LATENCY_BUCKETS,
)
HTTP_REQUESTS = Counter(
    "orggraph_http_requests",
    "HTTP requests on every route, by route template, method and status code.",
    ["route", "method", "status"],
)

_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,39}")


def operation_name(name: str | None) -> str | None:
    """A client's operation name fit for a log line: "other" for a string that is no GraphQL
    name of at most 64 characters (the client's bytes never reach a log line or a label)."""
    if name is None:
        return None
    if len(name) > MAX_NAME_LENGTH or not _GRAPHQL_NAME.fullmatch(name):
        return OTHER
    return name


class OperationLabels:
    """The operation label of a request: its name while the set of names stays small."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.seen: set[str] = set()

    def label(self, name: str | None) -> str:
        if name is None:
            return ANONYMOUS
        if name in self.seen:
            return name
        if operation_name(name) == OTHER or len(self.seen) >= self.limit:
            return OTHER
        self.seen.add(name)
        return name


def error_code(code: object) -> str:
    return code if isinstance(code, str) and _CODE.fullmatch(code) else "OTHER"


def record_graphql(operation: str, seconds: float, codes: Iterable[object]) -> None:
    """One GraphQL request answered: `operation` is already a bounded label."""
    distinct = {error_code(code) for code in codes}
    child(GRAPHQL_REQUESTS, operation, "error" if distinct else "ok").inc()
    child(GRAPHQL_SECONDS, operation).observe(seconds)
    for code in distinct:
        child(GRAPHQL_ERRORS, code).inc()


_children: dict[tuple[object, ...], Any] = {}


def child(metric: Counter | Histogram, *labels: str) -> Any:
    """metric.labels(*labels), kept: labels() validates and locks on every call, which the
    read path would pay a few times per request (the label sets are bounded, so is this)."""
    key = (metric, *labels)
    found = _children.get(key)
    if found is None:
        found = _children[key] = metric.labels(*labels)
    return found
