"""The time of each Neo4j statement (a histogram), and a span for it while tracing is on.

There is no maintained OpenTelemetry instrumentation for the Python neo4j driver (the neo4j
driver team tracks the request without a plan, neo4j/neo4j-python-driver#888, and
opentelemetry-python-contrib has none), so graph_service.db.database wraps its own round trips
here. Spans follow OpenTelemetry's database conventions: the statement's registered name, the
database, the server; never a parameter value.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from graph_service.observability.metrics import NEO4J_SECONDS, child

if TYPE_CHECKING:
    from opentelemetry.trace import Tracer

#: set by graph_service.observability.tracing when tracing is configured; None: no spans, and
#: no OpenTelemetry import at all
_tracer: Tracer | None = None


def use_tracer(tracer: Tracer | None) -> None:
    global _tracer
    _tracer = tracer


@contextmanager
def statement(name: str, kind: str, database: str, server: str, *, traced: bool = True) -> Iterator[None]:
    """Time one statement; `name` is a QueryName value or `read/<root>`, never input. `traced`:
    false for a process's own periodic reads (the graph-version poll, each second), which would
    otherwise fill the traces with spans of no request."""
    start = time.perf_counter()
    try:
        if _tracer is None or not traced:
            yield
        else:
            from opentelemetry.trace import SpanKind  # tracing is on: imported already

            attributes = _attributes(name, kind, database, server)
            with _tracer.start_as_current_span(name, kind=SpanKind.CLIENT, attributes=attributes):
                yield
    finally:
        child(NEO4J_SECONDS, name, kind).observe(time.perf_counter() - start)


def _attributes(name: str, kind: str, database: str, server: str) -> dict[str, str | int]:
    host, _, port = server.rpartition("://")[2].partition(":")
    attributes: dict[str, str | int] = {
        "db.system.name": "neo4j",
        "db.system": "neo4j",  # the name before semantic conventions 1.26, still what many backends read
        "db.namespace": database,
        "db.operation.name": kind,
        "db.query.summary": name,
        "server.address": host,
    }
    if port.isdigit():
        attributes["server.port"] = int(port)
    return attributes
