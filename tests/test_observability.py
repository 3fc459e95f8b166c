"""What operators see (docs/observability.md): /metrics after real requests against the real
Neo4j, bounded labels, the request id on every response and in the JSON log line, and one
trace per request through HTTP, GraphQL and Neo4j, with tracing off costing nothing."""

from __future__ import annotations

import http.server
import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client.parser import text_string_to_metric_families

from graph_service.app import create_app
from graph_service.auth import digest
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.neo4j_local import free_port
from graph_service.observability import statements
from graph_service.observability.logs import JsonFormatter
from graph_service.observability.metrics import MAX_NAME_LENGTH
from graph_service.paths import PROJECT_ROOT
from tests.conftest import settings_for
from tests.graphql_client import wait_for_version
from tests.neo4j_provider import Neo4jTarget
from tests.serve_process import serve_env, wait_until_answering
from tests.served_app import served_app

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

JURISDICTION = "query JurisdictionName($code: ID!) { jurisdiction(code: $code) { name } }"
READER_KEY = "og_metrics-scraper-key"


def scrape(client: TestClient | httpx.Client) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")  # the Prometheus text format
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def series(samples: Samples, name: str, label: str) -> set[str]:
    return {dict(key)[label] for sample_name, key in samples if sample_name == name}


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


# --- /metrics ------------------------------------------------------------------------------


def test_a_named_operation_is_counted_and_timed_with_its_neo4j_statement(client: TestClient) -> None:
    wait_for_version(client)  # from then on answers are cached
    client.app.state.graphql.results.clear()  # type: ignore[attr-defined]  # whatever earlier tests asked
    before = scrape(client)
    for _ in range(3):
        response = client.post("/graphql", json={"query": JURISDICTION, "variables": {"code": "620700"}})
        assert response.json()["data"] == {"jurisdiction": {"name": "张掖市"}}
    after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    # the name comes from the document: the client sent no operationName
    assert delta("orggraph_graphql_requests_total", operation="JurisdictionName", status="ok") == 3
    assert delta("orggraph_graphql_request_seconds_count", operation="JurisdictionName") == 3
    assert delta("orggraph_graphql_request_seconds_sum", operation="JurisdictionName") > 0
    assert delta("orggraph_graphql_request_seconds_bucket", operation="JurisdictionName", le="+Inf") == 3
    # the same request again is answered by the result cache, without a statement (and counted so)
    assert delta("orggraph_result_cache_hits_total") == 2
    assert delta("orggraph_neo4j_statement_seconds_count", query="read/jurisdiction", kind="read") == 1
    assert delta("orggraph_neo4j_statement_seconds_sum", query="read/jurisdiction", kind="read") > 0
    assert delta("orggraph_http_requests_total", route="/graphql", method="POST", status="200") == 3
    # the scrape before this one was counted too
    assert delta("orggraph_http_requests_total", route="/metrics", method="GET", status="200") == 1


def test_errors_are_counted_by_code(client: TestClient) -> None:
    before = scrape(client)
    unknown = client.post("/graphql", json={"query": '{ body(id: "620700.no_such_bureau") { name } }'})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = client.post("/graphql", json={"query": JURISDICTION, "variables": {"code": [1]}})
    assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    refused = client.put("/graphql", json={"query": "{ __typename }"})
    assert refused.status_code == 405
    after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("orggraph_graphql_errors_total", code="NOT_FOUND") == 1
    assert delta("orggraph_graphql_errors_total", code="BAD_USER_INPUT") == 1
    assert delta("orggraph_graphql_errors_total", code="METHOD_NOT_ALLOWED") == 1
    assert delta("orggraph_graphql_requests_total", operation="anonymous", status="error") == 2
    assert delta("orggraph_graphql_requests_total", operation="JurisdictionName", status="error") == 1
    assert delta("orggraph_http_requests_total", route="/graphql", method="PUT", status="405") == 1


def test_operation_labels_stay_bounded(seeded: LoadReport, neo4j_target: Neo4jTarget) -> None:
    limit = 50
    with TestClient(create_app(settings_for(neo4j_target, metrics_max_operations=limit))) as bounded:
        before = scrape(bounded)
        for i in range(1000):
            response = bounded.post("/graphql", json={"query": f"query Bulk{i} {{ __typename }}"})
            assert response.status_code == 200
        too_long = "L" * (MAX_NAME_LENGTH + 1)
        bounded.post("/graphql", json={"query": f"query {too_long} {{ __typename }}"})
        # not a GraphQL name: refused by GraphQL, and kept out of the labels all the same
        bounded.post("/graphql", json={"query": "{ __typename }", "operationName": 'x"} 1\nfake_metric 2'})
        after = scrape(bounded)
    bulk = {name for name in series(after, "orggraph_graphql_requests_total", "operation") if name.startswith("Bulk")}
    assert len(bulk) == limit
    other = "orggraph_graphql_requests_total"
    assert (
        value(after, other, operation="other", status="ok") - value(before, other, operation="other", status="ok")
        == 951
    )
    assert (
        value(after, other, operation="other", status="error") - value(before, other, operation="other", status="error")
        == 1
    )
    assert not any(too_long in name or "fake" in name for name in series(after, other, "operation"))
    assert not any(name == "fake_metric" for name, _ in after)


def test_metrics_can_require_a_key_or_be_off(neo4j_target: Neo4jTarget) -> None:
    keys = f"prometheus:reader:{digest(READER_KEY)}"
    with TestClient(create_app(settings_for(neo4j_target, metrics_require_key=True, api_keys=keys))) as guarded:
        refused = guarded.get("/metrics")
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        wrong = guarded.get("/metrics", headers={"authorization": "Bearer og_wrong"})
        assert wrong.status_code == 401
        allowed = guarded.get("/metrics", headers={"authorization": f"Bearer {READER_KEY}"})
        assert allowed.status_code == 200 and "orggraph_http_requests_total" in allowed.text
    with TestClient(create_app(settings_for(neo4j_target, metrics_enabled=False))) as off:
        assert off.get("/metrics").status_code == 404
        assert off.get("/healthz").headers["x-request-id"]  # the request id does not depend on metrics


# --- the request id ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("7f3c2a9e-0b1d-4c55-9a3e-2f1e8d6c4b10", True),
        ("Root=1-67891233-abcdef012345678912345678", True),
        ("has space", False),
        ("x" * 129, False),
        ("line\u2028break", False),
    ],
    ids=["uuid", "aws-style", "space", "too-long", "unicode"],
)
def test_a_sane_request_id_is_echoed_and_any_other_replaced(client: TestClient, sent: str, kept: bool) -> None:
    response = client.get("/healthz", headers=[(b"x-request-id", sent.encode("utf-8"))])
    returned = response.headers["x-request-id"]
    if kept:
        assert returned == sent
    else:
        assert returned != sent and re.fullmatch(r"[0-9a-f]{32}", returned)


def test_every_response_carries_a_request_id(client: TestClient, neo4j_target: Neo4jTarget) -> None:
    generated = {
        "probe": client.get("/healthz"),
        "graphql": client.post("/graphql", json={"query": "{ __typename }"}),
        "not found": client.get("/no/such/page"),
        "bad body": client.post("/graphql", content=b"{", headers={"content-type": "application/json"}),
        "preflight": client.options(
            "/graphql", headers={"origin": "http://localhost:5173", "access-control-request-method": "POST"}
        ),
    }
    for what, response in generated.items():
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers.get("x-request-id", "")), what
    assert len({response.headers["x-request-id"] for response in generated.values()}) == len(generated)
    # a browser page may read it (CORS)
    cross_origin = client.get("/healthz", headers={"origin": "http://localhost:5173"})
    assert "x-request-id" in cross_origin.headers["access-control-expose-headers"].lower()
    with TestClient(create_app(settings_for(neo4j_target, reads_require_key=True))) as locked:
        refused = locked.post("/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "abc-401"})
        assert refused.status_code == 401 and refused.headers["x-request-id"] == "abc-401"


def test_an_unhandled_error_is_a_500_with_the_request_id(neo4j_target: Neo4jTarget) -> None:
    app = create_app(settings_for(neo4j_target))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a defect")

    with TestClient(app, raise_server_exceptions=False) as broken:
        response = broken.get("/boom", headers={"x-request-id": "boom-1"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "boom-1"
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"


def test_the_access_log_is_json_with_the_request_id_and_operation(seeded: LoadReport, settings: Settings) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("uvicorn.access")
    access.addHandler(handler)
    try:
        # log_config=None: uvicorn leaves logging alone, and logs its access lines to our handler
        with served_app(settings, log_config=None, log_level="info") as url:
            response = httpx.post(
                f"{url}/graphql",
                json={"query": JURISDICTION, "variables": {"code": "620700"}},
                headers={"x-request-id": "trace-me-42"},
            )
    finally:
        access.removeHandler(handler)
    assert response.headers["x-request-id"] == "trace-me-42"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [line] = [line for line in lines if line.get("request_id") == "trace-me-42"]
    assert line["logger"] == "uvicorn.access" and line["level"] == "INFO"
    assert line["operation"] == "JurisdictionName"
    assert (line["method"], line["path"], line["status"]) == ("POST", "/graphql", 200)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert "POST /graphql" in line["message"]


def test_serve_with_two_workers_sums_their_metrics_and_logs_json(seeded: LoadReport, neo4j_target: Neo4jTarget) -> None:
    """`orggraph serve` end to end: two worker processes, one view in /metrics, JSON lines on stderr."""
    port = free_port()
    env = serve_env(neo4j_target, port, API_WORKERS="2", LOG_FORMAT="json", PYTHONPATH=str(PROJECT_ROOT))
    process = subprocess.Popen(
        [sys.executable, "-c", "from graph_service.cli import main; main()", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            wait_until_answering(f"http://127.0.0.1:{port}", process, path="/healthz")
            # a new connection each time: the kernel spreads them over both workers' accepts
            for _ in range(40):
                with httpx.Client(base_url=f"http://127.0.0.1:{port}") as fresh:
                    assert fresh.post("/graphql", json={"query": "query Ping { __typename }"}).status_code == 200
            samples = scrape(http)
        assert value(samples, "orggraph_graphql_requests_total", operation="Ping", status="ok") == 40
        assert value(samples, "orggraph_http_requests_total", route="/graphql", method="POST", status="200") == 40
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    entries = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    pings = [entry for entry in entries if entry.get("operation") == "Ping"]
    assert len(pings) == 40 and all(re.fullmatch(r"[0-9a-f]{32}", entry["request_id"]) for entry in pings)
    assert any(entry["logger"] == "uvicorn.error" for entry in entries)  # uvicorn's own lines: JSON too


# --- tracing --------------------------------------------------------------------------------


@pytest.fixture
def spans(seeded: LoadReport, settings: Settings) -> Iterator[tuple[TestClient, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    try:
        with TestClient(create_app(settings, tracer_provider=provider)) as traced:
            yield traced, exporter
    finally:
        statements.use_tracer(None)  # the statement tracer is the process's: leave none behind
        provider.shutdown()


def test_one_request_is_one_trace_through_http_graphql_and_neo4j(
    spans: tuple[TestClient, InMemorySpanExporter],
) -> None:
    traced, exporter = spans
    exporter.clear()
    response = traced.post(
        "/graphql", json={"query": JURISDICTION, "variables": {"code": "620700"}}, headers={"x-request-id": "rid-7"}
    )
    assert response.json()["data"] == {"jurisdiction": {"name": "张掖市"}}
    finished = exporter.get_finished_spans()
    by_id = {span.context.span_id: span for span in finished}
    [server] = [span for span in finished if span.kind == SpanKind.SERVER and span.name.startswith("POST /graphql")]
    [graphql] = [span for span in finished if span.name == "GraphQL Query: JurisdictionName"]
    neo4j_spans = [span for span in finished if (span.attributes or {}).get("db.system.name") == "neo4j"]
    # the schema statements the app's start-up runs in the background have traces of their own
    [neo4j] = [span for span in neo4j_spans if span.context.trace_id == server.context.trace_id]
    assert all(span.name == "schema" for span in neo4j_spans if span is not neo4j), [s.name for s in neo4j_spans]
    assert {span.context.trace_id for span in (server, graphql, neo4j)} == {server.context.trace_id}
    assert _ancestors(neo4j, by_id)[-1] is server and graphql in _ancestors(neo4j, by_id)
    assert neo4j.kind == SpanKind.CLIENT and neo4j.name == "read/jurisdiction"
    attributes = neo4j.attributes or {}
    assert attributes["db.namespace"] and attributes["db.query.summary"] == "read/jurisdiction"
    assert (server.attributes or {})["orggraph.request_id"] == "rid-7"
    # no parameter or argument value on any span
    assert not any("620700" in str(value) for span in finished for value in (span.attributes or {}).values())


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    chain = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        chain.append(span)
    return chain


def test_without_tracing_configured_nothing_of_it_is_loaded(settings: Settings) -> None:
    """In a fresh process: building the app with tracing unconfigured imports no OpenTelemetry
    SDK, instrumentation or exporter, and no strawberry tracing extension."""
    program = (
        "import sys\n"
        "from graph_service.app import create_app\n"
        "from graph_service.config import load_settings\n"
        "app = create_app(load_settings(_env_file=None, warm_up=False))\n"
        "from graph_service.observability import statements\n"
        "assert statements._tracer is None\n"
        "loaded = [m for m in sys.modules if m.startswith(('opentelemetry.sdk', 'opentelemetry.instrumentation',"
        " 'opentelemetry.exporter', 'strawberry.extensions.tracing'))]\n"
        "print(loaded)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "ORGGRAPH_TRACING"))}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    done = subprocess.run([sys.executable, "-c", program], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_an_otlp_endpoint_turns_tracing_on_and_gets_the_spans(seeded: LoadReport, neo4j_target: Neo4jTarget) -> None:
    assert not settings_for(neo4j_target).tracing_enabled
    assert settings_for(neo4j_target, orggraph_tracing=True).tracing_enabled
    received: list[tuple[str, bytes]] = []

    class Collector(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # an OTLP/HTTP collector: takes the batch, answers 200
            received.append((self.path, self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    collector = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    settings = settings_for(neo4j_target, otel_exporter_otlp_endpoint=endpoint, otel_service_name="orggraph-test")
    app = create_app(settings)
    try:
        with TestClient(app) as traced:
            response = traced.post("/graphql", json={"query": JURISDICTION, "variables": {"code": "620700"}})
            assert response.json()["data"] == {"jurisdiction": {"name": "张掖市"}}
            assert app.state.tracer_provider.force_flush(10_000)
    finally:
        statements.use_tracer(None)
        app.state.tracer_provider.shutdown()
        collector.shutdown()
        collector.server_close()
    paths = {path for path, _ in received}
    assert paths == {"/v1/traces"}
    batch = b"".join(body for _, body in received)
    for expected in (b"orggraph-test", b"GraphQL Query: JurisdictionName", b"read/jurisdiction", b"neo4j"):
        assert expected in batch
    assert b"620700" not in batch
