"""Browsers on other origins may call the API as CORS_ORIGINS says: the preflight a browser
sends before a GraphQL POST with a key header, the actual request, refusals and errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.errors import ConfigurationError
from graph_service.ingest.loader import LoadReport
from tests.conftest import settings_for
from tests.neo4j_provider import Neo4jTarget

QUERY = {"query": '{ body(id: "620700.natural_resources") { name } }'}


@contextmanager
def served(target: Neo4jTarget, **overrides: object) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(target, **overrides))) as client:
        yield client


def preflight(client: TestClient, origin: str, headers: str = "content-type, x-api-key") -> dict[str, str]:
    """What a browser sends before a cross-origin POST of JSON with a key header."""
    response = client.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": headers,
        },
    )
    return {"status": str(response.status_code), **{k.lower(): v for k, v in response.headers.items()}}


def test_development_allows_a_local_dev_server(neo4j_target: Neo4jTarget, seeded: LoadReport) -> None:
    with served(neo4j_target) as client:
        answer = preflight(client, "http://localhost:5173")
        assert answer["status"] == "200"
        assert answer["access-control-allow-origin"] == "http://localhost:5173"
        assert {"content-type", "x-api-key", "authorization"} <= {
            h.strip().lower() for h in answer["access-control-allow-headers"].split(",")
        }
        assert "POST" in answer["access-control-allow-methods"]
        assert "access-control-allow-credentials" not in answer
        assert int(answer["access-control-max-age"]) > 0
        # the request itself: answered, and readable by the page
        response = client.post("/graphql", json=QUERY, headers={"Origin": "http://127.0.0.1:3000"})
        assert response.status_code == 200
        assert response.json()["data"]["body"]["name"] == "张掖市自然资源局"
        assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"
        exposed = {h.strip() for h in response.headers["access-control-expose-headers"].lower().split(",")}
        assert {"etag", "x-request-id", "x-orggraph-bookmark", "retry-after"} <= exposed


def test_other_origins_are_refused(neo4j_target: Neo4jTarget) -> None:
    with served(neo4j_target) as client:
        answer = preflight(client, "https://evil.example")
        assert answer["status"] == "400"
        assert "access-control-allow-origin" not in answer
        response = client.post("/graphql", json=QUERY, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers  # the browser hides the answer


def test_production_allows_no_origin_unless_configured(neo4j_target: Neo4jTarget) -> None:
    with served(neo4j_target, orggraph_env="production", neo4j_password=neo4j_target.password) as client:
        answer = preflight(client, "http://localhost:5173")
        assert "access-control-allow-origin" not in answer
        assert answer["status"] == "405"  # the endpoint's own answer to OPTIONS: no CORS at all


def test_configured_origins_only(neo4j_target: Neo4jTarget) -> None:
    with served(neo4j_target, cors_origins="https://charts.example.org, https://maps.example.org:8443") as client:
        assert preflight(client, "https://charts.example.org")["access-control-allow-origin"] == (
            "https://charts.example.org"
        )
        assert preflight(client, "https://maps.example.org:8443")["status"] == "200"
        assert preflight(client, "http://localhost:5173")["status"] == "400"  # the list replaces the default
    with served(neo4j_target, cors_origins="") as client:
        assert "access-control-allow-origin" not in preflight(client, "http://localhost:5173")


def test_errors_are_readable_by_the_page(neo4j_target: Neo4jTarget) -> None:
    """A 401 for a missing key must carry the CORS headers, or the page sees only a network error."""
    with served(neo4j_target, reads_require_key=True) as client:
        response = client.post("/graphql", json=QUERY, headers={"Origin": "http://localhost:5173"})
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert response.headers["access-control-allow-origin"] == "http://localhost:5173"


@pytest.mark.parametrize("value", ["https://charts.example.org/", "charts.example.org", "https://a.org/app"])
def test_a_cors_origin_that_is_not_an_origin_is_refused(neo4j_target: Neo4jTarget, value: str) -> None:
    with pytest.raises(ConfigurationError, match="is not an origin"):
        settings_for(neo4j_target, cors_origins=value)


def test_tracing_headers_are_allowed_by_default(neo4j_target: Neo4jTarget) -> None:
    """Browser instrumentations (OpenTelemetry, Sentry, Datadog) add W3C trace context and
    baggage to every fetch; refused, every call of the page would fail."""
    with served(neo4j_target) as client:
        answer = preflight(client, "http://localhost:5173", "content-type, traceparent, tracestate, baggage")
        assert answer["status"] == "200"
        allowed = {h.strip() for h in answer["access-control-allow-headers"].lower().split(",")}
        assert {"traceparent", "tracestate", "baggage", "if-none-match"} <= allowed
        assert preflight(client, "http://localhost:5173", "content-type, sentry-trace")["status"] == "400"


def test_cors_allow_headers_adds_more(neo4j_target: Neo4jTarget) -> None:
    with served(neo4j_target, cors_allow_headers="Sentry-Trace, x-team") as client:
        assert preflight(client, "http://localhost:5173", "content-type, sentry-trace, x-team")["status"] == "200"
        # the standard ones stay allowed
        assert preflight(client, "http://localhost:5173", "content-type, traceparent, x-api-key")["status"] == "200"
        assert preflight(client, "http://localhost:5173", "content-type, x-other")["status"] == "400"


@pytest.mark.parametrize("value", ["sentry trace", "x-a:b", "é"])
def test_a_cors_header_that_is_not_a_header_name_is_refused(neo4j_target: Neo4jTarget, value: str) -> None:
    with pytest.raises(ConfigurationError, match="is not an HTTP header name"):
        settings_for(neo4j_target, cors_allow_headers=value)
