"""The service end to end over HTTP, against the real Neo4j."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import NEO4J_VERSION, Settings
from tests.graphql_client import post_graphql
from tests.neo4j_provider import Neo4jTarget


def wait_until_ready(client: TestClient, timeout: float = 30.0) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        response = client.get("/readyz")
        if response.status_code == 200 or time.monotonic() > deadline:
            return {"status_code": str(response.status_code), **response.json()}
        time.sleep(0.2)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_healthz_answers_without_the_database(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_ready_once_schema_is_applied(client: TestClient) -> None:
    assert wait_until_ready(client)["status_code"] == "200"


def test_server_info_reads_the_server(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    body = post_graphql(client, "{ serverInfo { name neo4jVersion edition } }")
    records, _, _ = sync_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition",
        database_=neo4j_target.database,
    )
    assert body["data"] == {
        "serverInfo": {
            "name": "Neo4j Kernel",
            "neo4jVersion": records[0]["version"],
            "edition": records[0]["edition"],
        }
    }
    assert "errors" not in body
    assert body["extensions"]["cost"]["requested"] <= body["extensions"]["cost"]["limit"]
    assert records[0]["version"] == NEO4J_VERSION


def test_readyz_names_a_missing_constraint(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    wait_until_ready(client)
    sync_driver.execute_query("DROP CONSTRAINT body_id", database_=neo4j_target.database)
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "body_id" in response.json()["reason"]
    finally:
        sync_driver.execute_query(
            "CREATE CONSTRAINT body_id IF NOT EXISTS FOR (b:Body) REQUIRE b.id IS UNIQUE",
            database_=neo4j_target.database,
        )
    assert client.get("/readyz").status_code == 200


def test_graphiql_is_served_by_default(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_graphiql_can_be_switched_off(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"graphiql_enabled": False}))) as client:
        assert client.get("/graphql", headers={"accept": "text/html"}).status_code == 404


def test_syntax_error_has_a_code_and_no_trace(client: TestClient) -> None:
    body = post_graphql(client, "{ serverInfo { ")
    errors = body["errors"]
    assert isinstance(errors, list)
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Traceback" not in str(body)


def test_unknown_field_is_refused_with_a_code(client: TestClient) -> None:
    body = post_graphql(client, "{ noSuchField }")
    errors = body["errors"]
    assert isinstance(errors, list)
    assert "noSuchField" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
