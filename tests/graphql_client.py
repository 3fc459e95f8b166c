"""Posting GraphQL to the app under test."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def post_graphql(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The response body of a GraphQL request; GraphQL answers HTTP 200 even with errors."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def stable(id_: str) -> str:
    """A body's stable id from the id it answered with (which carries its date, docs/api.md,
    Identity); other ids are stable already."""
    return id_.partition("@")[0]
