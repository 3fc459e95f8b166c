"""Posting GraphQL to the app under test."""

from __future__ import annotations

import time
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


def wait_for_version(client: TestClient) -> None:
    """The app reads the graph version once it starts; until then nothing is cached
    (graph_service/caching/version.py)."""
    deadline = time.monotonic() + 30
    while client.app.state.graphql.versions.current is None:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "the graph version was never read"
        time.sleep(0.05)
