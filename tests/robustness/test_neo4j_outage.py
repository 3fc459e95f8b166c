"""Neo4j going away and coming back, under a steady stream of requests: during the shutdown,
the outage and the start-up every answer is data or UNAVAILABLE (never a 5xx, an
INTERNAL_SERVER_ERROR or the database's address); while it is down the breaker answers
without touching the driver; the same app serves again once Neo4j is back.

A dedicated local server, since this stops and restarts it."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.config import load_settings
from graph_service.neo4j_local import LocalNeo4j
from tests.neo4j_provider import TEST_PASSWORD, local_test_server
from tests.robustness.support import SECRETS, check_answer

pytestmark = pytest.mark.stops_neo4j
QUERY = {"query": "{ serverInfo { neo4jVersion } }"}  # the server itself: never from the result cache
GRAPH_QUERY = {"query": "{ jurisdictions { code } }"}  # the graph: cached, and served while Neo4j is away


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    with local_test_server(tmp_path_factory.mktemp("outage-neo4j")) as local:
        SECRETS.add(f"127.0.0.1:{local.bolt_port}")
        yield local


def wait_for(client: TestClient, path: str, status: int, timeout: float) -> float:
    started = time.monotonic()
    while client.get(path).status_code != status:
        assert time.monotonic() - started < timeout, f"{path} not {status} after {timeout} s"
        time.sleep(0.1)
    return time.monotonic() - started


class Stream:
    """Requests sent one after another from a thread, with every answer checked and counted."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.outcomes: Counter[str] = Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            body: dict[str, Any] = check_answer(self.client.post("/graphql", json=QUERY), "outage")
            if body.get("errors"):
                self.outcomes[body["errors"][0]["extensions"]["code"]] += 1
            else:
                self.outcomes["data"] += 1
            time.sleep(0.02)

    def __enter__(self) -> Stream:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(30)


def test_the_api_rides_out_a_neo4j_restart(server: LocalNeo4j) -> None:
    settings = load_settings(
        neo4j_uri=f"bolt://127.0.0.1:{server.bolt_port}", neo4j_password=TEST_PASSWORD, warm_up=False, _env_file=None
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        wait_for(client, "/readyz", 200, 60)
        database = client.app.state.db  # type: ignore[attr-defined]
        graph_answer = client.post("/graphql", json=GRAPH_QUERY)
        assert graph_answer.headers.get("etag"), graph_answer.text  # kept by the result cache
        with Stream(client) as stream:
            time.sleep(0.3)
            server.stop()
            wait_for(client, "/readyz", 503, 30)

            # while it is down: answered by the breaker, the driver is not asked
            calls = Counter[str]()
            execute_query = database.driver.execute_query

            async def counted(*args: Any, **kwargs: Any) -> Any:
                calls["execute_query"] += 1
                return await execute_query(*args, **kwargs)

            database.driver.execute_query = counted
            down = [check_answer(client.post("/graphql", json=QUERY), "outage") for _ in range(20)]
            # nothing can be written meanwhile, so what the cache holds is still the graph
            assert client.post("/graphql", json=GRAPH_QUERY).content == graph_answer.content
            database.driver.execute_query = execute_query
            assert database.breaker.is_open
            assert calls["execute_query"] == 0
            assert {body["errors"][0]["extensions"]["code"] for body in down} == {"UNAVAILABLE"}
            ready = client.get("/readyz")
            assert ready.status_code == 503 and "unavailable" in ready.json()["reason"]

            server.start()  # the same app, not restarted
            wait_for(client, "/readyz", 200, 30)
            time.sleep(0.3)
        body = check_answer(client.post("/graphql", json=QUERY), "outage")
        assert body["data"]["serverInfo"]["neo4jVersion"].startswith("5.26.")
    assert set(stream.outcomes) <= {"data", "UNAVAILABLE"}, stream.outcomes
    assert stream.outcomes["data"] > 0 and stream.outcomes["UNAVAILABLE"] > 0
