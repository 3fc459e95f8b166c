"""GraphQL over HTTP: `application/graphql-response+json` for clients that accept it, with the
status codes the spec gives (a request that fails before execution is a 400 without `data`),
`application/json` as before for the others (also for a client that accepts neither)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.web.media_types import GRAPHQL_RESPONSE, JSON, negotiate

NEW = {"accept": GRAPHQL_RESPONSE}


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def post(client: TestClient, query: str, headers: dict[str, str], variables: dict[str, Any] | None = None) -> Any:
    return client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),  # legacy clients send none
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", JSON),
        (f"{GRAPHQL_RESPONSE};q=0", "none"),
        ("text/html;q=oops, application/*;q=0.2", JSON),
        ("text/plain", "none"),
    ],
)
def test_the_media_type_is_negotiated_from_accept(accept: str | None, expected: str) -> None:
    assert (negotiate(accept) or "none") == expected


def test_a_valid_query_is_200_in_the_accepted_type(client: TestClient) -> None:
    response = post(client, '{ jurisdiction(code: "620700") { name } }', NEW)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json()["data"] == {"jurisdiction": {"name": "张掖市"}}


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ jurisdiction(code: ", None, "GRAPHQL_VALIDATION_FAILED"),  # syntax
        ("{ noSuchField }", None, "GRAPHQL_VALIDATION_FAILED"),  # validation
        ("query($c: ID!) { jurisdiction(code: $c) { name } }", {"c": [1]}, "BAD_USER_INPUT"),  # a variable
    ],
    ids=["syntax", "validation", "variable"],
)
def test_a_request_that_fails_before_execution_is_400_without_data(
    client: TestClient, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    response = post(client, query, NEW, variables)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    body = response.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == code
    # the same request from a client that asks for application/json: 200 and data null, as before
    legacy = post(client, query, {"accept": JSON}, variables)
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith(JSON)
    assert legacy.json()["data"] is None and legacy.json()["errors"][0]["extensions"]["code"] == code


def test_an_error_during_execution_is_200_with_data(client: TestClient) -> None:
    response = post(client, '{ body(id: "620700.no_such_body") { name } jurisdiction(code: "620700") { name } }', NEW)
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["jurisdiction"] == {"name": "张掖市"} and body["errors"]


def test_refusals_before_graphql_keep_their_status_in_the_accepted_type(client: TestClient) -> None:
    response = client.post("/graphql", content=b"{not json", headers={**NEW, "content-type": "application/json"})
    assert response.status_code == 400 and response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in response.json()


def test_a_client_that_accepts_neither_type_gets_json_rather_than_a_refusal(client: TestClient) -> None:
    response = post(client, '{ jurisdiction(code: "620700") { name } }', {"accept": "text/plain"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(JSON)
    assert response.json()["data"] == {"jurisdiction": {"name": "张掖市"}}
