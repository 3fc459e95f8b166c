"""Beyond one process (docs/scaling.md), as far as one machine can prove it:

- a `neo4j://` routing URI works against the local server (reads by read routing, writes by
  the leader: the driver asks the server for its routing table);
- read-your-writes across replicas: a write's bookmark comes back in `X-OrgGraph-Bookmark`, and
  another replica (its own app, its own driver) takes it on the next request and hands it to
  Neo4j;
- the API is stateless: `orggraph serve` with two worker processes answers reads and writes,
  each request by whichever worker takes it.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from neo4j import Bookmarks

from graph_service.app import create_app
from graph_service.auth import digest
from graph_service.config import Settings
from graph_service.db.causal import HEADER, encode, signing_key
from graph_service.ingest.loader import LoadReport
from graph_service.neo4j_local import free_port
from tests.neo4j_provider import Neo4jTarget
from tests.serve_process import serve_env, wait_until_answering
from tests.test_curation import SOCIAL_WORK

EDITOR = "key-editor-scaling"
KEYS = f"ed:editor:{digest(EDITOR)}"
RECORD = "mutation($e: ReformEventInput!) { recordReformEvent(input: $e) { applied event { id } } }"
RETRACT = 'mutation($id: ID!) { retractReformEvent(eventId: $id, reason: "test over") { action eventId } }'
AUDIT = "query($id: ID!) { auditLog(eventId: $id) { action actor } }"
EVENT = SOCIAL_WORK  # the 2024 social-work department (tests/test_curation.py)


def routing_uri(target: Neo4jTarget) -> str:
    if not target.uri.startswith("bolt://"):
        pytest.skip(f"the test server's URI is not bolt:// ({target.uri})")
    return "neo4j://" + target.uri.removeprefix("bolt://")


@pytest.fixture(scope="module")
def routed(seeded: LoadReport, settings: Settings, neo4j_target: Neo4jTarget) -> Settings:
    return settings.model_copy(update={"neo4j_uri": routing_uri(neo4j_target), "api_keys": KEYS})


@pytest.fixture(scope="module")
def replicas(routed: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two API replicas: separate apps with separate drivers, on the same routing URI."""
    with TestClient(create_app(routed)) as first, TestClient(create_app(routed)) as second:
        yield first, second


def gql(client: TestClient, query: str, variables: dict[str, Any], **headers: str) -> Any:
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def test_a_routing_uri_serves_reads_and_writes(replicas: tuple[TestClient, TestClient]) -> None:
    client, _ = replicas
    assert type(client.app.state.db.driver).__name__ == "AsyncNeo4jDriver"  # type: ignore[attr-defined]
    read = gql(client, '{ jurisdiction(code: "620700") { name } }', {})
    assert read.status_code == 200 and read.json()["data"] == {"jurisdiction": {"name": "张掖市"}}
    assert HEADER not in read.headers  # nothing written, nothing to wait for


def test_a_writes_bookmark_gives_read_your_writes_on_another_replica(
    replicas: tuple[TestClient, TestClient],
) -> None:
    first, second = replicas
    key = {"authorization": f"Bearer {EDITOR}"}
    written = gql(first, RECORD, {"e": EVENT}, **key)
    assert written.json()["data"]["recordReformEvent"]["applied"] is True, written.text
    bookmark = written.headers[HEADER]
    try:
        # the other replica, with the bookmark: its reads start from the write
        seen = gql(second, AUDIT, {"id": EVENT["id"]}, **{HEADER: bookmark})
        assert seen.status_code == 200 and seen.json()["data"]["auditLog"] == [{"action": "record", "actor": "ed"}]
        # a write carrying a bookmark returns the newer one
        retracted = gql(second, RETRACT, {"id": EVENT["id"]}, **key, **{HEADER: bookmark})
        assert retracted.json()["data"]["retractReformEvent"]["action"] == "retract", retracted.text
        newer = retracted.headers[HEADER]
        assert newer != bookmark
        after = gql(first, AUDIT, {"id": EVENT["id"]}, **{HEADER: newer})
        assert {e["action"] for e in after.json()["data"]["auditLog"]} == {"record", "retract"}
    finally:
        gql(first, RETRACT, {"id": EVENT["id"]}, **key)  # a no-op (CONFLICT) when retracted above


def test_the_bookmark_reaches_neo4j(replicas: tuple[TestClient, TestClient], routed: Settings) -> None:
    """A bookmark signed with the service's key but not Neo4j's: Neo4j itself refuses it, which
    proves the header is handed to the database (and not only checked by the API)."""
    client, _ = replicas
    forged = encode(Bookmarks.from_raw_values(["FB:not-a-bookmark"]), signing_key(routed.bookmark_secret_value))
    answer = gql(client, '{ jurisdiction(code: "620700") { name } }', {}, **{HEADER: forged})
    assert answer.status_code == 200
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Bookmark" in answer.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "header",
    ["not-a-bookmark", "eyJhIjoxfQ.AAAA", "x" * 5000],
    ids=["garbage", "unsigned", "too-long"],
)
def test_a_bookmark_the_service_did_not_sign_is_400(replicas: tuple[TestClient, TestClient], header: str) -> None:
    client, _ = replicas
    answer = gql(client, '{ jurisdiction(code: "620700") { name } }', {}, **{HEADER: header})
    assert answer.status_code == 400 and answer.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_a_bookmark_from_another_secret_is_refused(routed: Settings, replicas: tuple[TestClient, TestClient]) -> None:
    client, _ = replicas
    other = encode(Bookmarks.from_raw_values(["FB:x"]), signing_key("another deployment's secret"))
    assert gql(client, "{ __typename }", {}, **{HEADER: other}).status_code == 400


# --- two worker processes --------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def two_workers(routed: Settings, neo4j_target: Neo4jTarget) -> Iterator[str]:
    port = free_port()
    env = serve_env(
        neo4j_target,
        port,
        NEO4J_URI=routed.effective_neo4j_uri,
        API_WORKERS="2",
        API_KEYS=KEYS,
        LOG_LEVEL="warning",
    )
    orggraph = Path(sys.executable).parent / "orggraph"
    process = subprocess.Popen([str(orggraph), "serve"], env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url, process)
        deadline = time.monotonic() + 30
        # both workers are up once the parent has two children (uvicorn starts them together)
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_two_workers_serve_reads_and_writes(two_workers: str) -> None:
    def ask(code: str) -> Any:
        # a new connection each time: uvicorn's workers share the socket, the kernel spreads them
        with httpx.Client(base_url=two_workers, timeout=30) as client:
            response = client.post("/graphql", json={"query": f'{{ jurisdiction(code: "{code}") {{ code }} }}'})
            return response.status_code, response.json()["data"]["jurisdiction"]["code"]

    codes = ["620700", "620702", "620721", "620722", "620723", "620724", "620725"] * 6
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, codes))
    assert answers == [(200, code) for code in codes]

    event = {**EVENT, "id": EVENT["id"] + "_workers"}  # an event id is not reused after its retraction
    with httpx.Client(base_url=two_workers, timeout=30) as writer:
        key = {"authorization": f"Bearer {EDITOR}"}
        written = writer.post("/graphql", json={"query": RECORD, "variables": {"e": event}}, headers=key)
        assert written.json()["data"]["recordReformEvent"]["applied"] is True, written.text
        bookmark = written.headers[HEADER]
    try:
        for _ in range(4):  # fresh connections: some land on the other worker; all see the write
            with httpx.Client(base_url=two_workers, timeout=30) as reader:
                seen = reader.post(
                    "/graphql", json={"query": AUDIT, "variables": {"id": event["id"]}}, headers={HEADER: bookmark}
                )
                assert seen.json()["data"]["auditLog"] == [{"action": "record", "actor": "ed"}]
    finally:
        with httpx.Client(base_url=two_workers, timeout=30) as writer:
            writer.post("/graphql", json={"query": RETRACT, "variables": {"id": event["id"]}}, headers=key)
