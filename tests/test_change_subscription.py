"""The change feed pushed over a websocket: a real uvicorn server and a real websocket client
speaking graphql-transport-ws (connection_init -> connection_ack, subscribe, next, complete)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from graph_service.config import Settings
from graph_service.feed import cursor
from graph_service.ingest.loader import LoadReport
from tests.served_app import served_app
from tests.test_curation import EDITOR, KEYS, READER, RECORD, RETRACT, SOCIAL_WORK

PROTOCOL = "graphql-transport-ws"
CHANGES = "subscription($since: String) { changeApplied(since: $since) { cursor kind eventId actor summary } }"
FEED_END = "{ changeFeed(first: 100) { endCursor entries { cursor kind } } }"
WAIT = 30.0  # seconds a pushed change may take (the poll interval here is 0.2 s; the machine may be busy)


@pytest.fixture(scope="module")
def base_url(seeded: LoadReport, settings: Settings) -> Iterator[str]:
    overrides = {"api_keys": KEYS, "change_feed_poll_seconds": 0.2, "subscriptions_per_connection": 3}
    with served_app(settings.model_copy(update=overrides)) as url:
        yield url


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/graphql"


@contextmanager
def session(base_url: str, payload: dict[str, Any] | None = None, **options: Any) -> Iterator[ClientConnection]:
    """A connection acknowledged by the server (connection_init -> connection_ack)."""
    with connect(ws_url(base_url), subprotocols=[PROTOCOL], open_timeout=10, **options) as ws:  # type: ignore[list-item]
        assert ws.subprotocol == PROTOCOL
        send(ws, {"type": "connection_init", "payload": payload or {}})
        assert receive(ws) == {"type": "connection_ack"}
        yield ws


def send(ws: ClientConnection, message: dict[str, Any]) -> None:
    ws.send(json.dumps(message))


def receive(ws: ClientConnection, timeout: float = WAIT) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(ws.recv(timeout=timeout))
    return message


def subscribe(ws: ClientConnection, op: str, since: str | None = None, query: str = CHANGES) -> None:
    send(ws, {"id": op, "type": "subscribe", "payload": {"query": query, "variables": {"since": since}}})


def pushed(ws: ClientConnection, count: int) -> dict[str, list[dict[str, Any]]]:
    """The next `count` changes pushed, by subscription id."""
    by_op: dict[str, list[dict[str, Any]]] = {}
    for _ in range(count):
        message = receive(ws)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        by_op.setdefault(message["id"], []).append(message["payload"]["data"]["changeApplied"])
    return by_op


def http(base_url: str, query: str, variables: dict[str, Any] | None = None, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = {"query": query, "variables": variables or {}}
    # generous: the first edit after Neo4j starts plans its queries on a cold JVM
    response = httpx.post(f"{base_url}/graphql", json=body, headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "errors" not in answer, answer
    return answer["data"]


def test_recorded_and_retracted_events_are_pushed_and_a_client_resumes_from_a_cursor(base_url: str) -> None:
    start = http(base_url, FEED_END)["changeFeed"]["endCursor"]
    with session(base_url, {"authorization": f"Bearer {READER}"}) as ws:
        subscribe(ws, "from-cursor", since=start)
        subscribe(ws, "from-now")
        time.sleep(1.5)  # "from now" begins when the server has registered it: let it
        http(base_url, RECORD, {"e": SOCIAL_WORK}, key=EDITOR)
        http(base_url, RETRACT, {"id": SOCIAL_WORK["id"]}, key=EDITOR)
        by_op = pushed(ws, 4)
        for op in ("from-cursor", "from-now"):
            assert [(c["kind"], c["eventId"]) for c in by_op[op]] == [
                ("RECORD", SOCIAL_WORK["id"]),
                ("RETRACT", SOCIAL_WORK["id"]),
            ], op
        record, retract = by_op["from-cursor"]
        assert record["actor"] == "ed" and retract["summary"].startswith(f"retracted {SOCIAL_WORK['id']}")
        # the feed over HTTP says the same, in the same order, with the same cursors
        feed = http(base_url, "query($s: String) { changeFeed(since: $s) { entries { cursor kind } } }", {"s": start})
        assert [(e["cursor"], e["kind"]) for e in feed["changeFeed"]["entries"]] == [
            (record["cursor"], "RECORD"),
            (retract["cursor"], "RETRACT"),
        ]
        send(ws, {"id": "from-now", "type": "complete"})
        send(ws, {"id": "from-cursor", "type": "complete"})

    # a client that saw the record resumes after it: the retraction, then nothing more
    with session(base_url) as ws:
        subscribe(ws, "resume", since=record["cursor"])
        assert [c["cursor"] for c in pushed(ws, 1)["resume"]] == [retract["cursor"]]
        with pytest.raises(TimeoutError):
            receive(ws, timeout=1.0)
        # from the start: everything, the seed load first
        subscribe(ws, "all", since=_start_cursor())
        kinds = [c["kind"] for c in pushed(ws, 3)["all"]]
        assert kinds == ["SEED_LOAD", "RECORD", "RETRACT"]


def _start_cursor() -> str:
    """The cursor before the first change (sequence 0)."""
    return cursor.encode(0)


@pytest.fixture(scope="module")
def penalised_url(seeded: LoadReport, settings: Settings) -> Iterator[str]:
    """A server of its own for wrong keys: the address's wait after them (shared with HTTP)
    would otherwise refuse the other tests' keyed requests to the module's server."""
    with served_app(settings.model_copy(update={"api_keys": KEYS})) as url:
        yield url


@pytest.mark.parametrize(
    "payload",
    [{"authorization": "Bearer not-a-key"}, {"apiKey": "not-a-key"}, {"authorization": "Basic abc"}, {"apiKey": 7}],
)
def test_a_bad_key_in_connection_init_is_refused(penalised_url: str, payload: dict[str, Any]) -> None:
    with connect(ws_url(penalised_url), subprotocols=[PROTOCOL], open_timeout=10) as ws:  # type: ignore[list-item]
        send(ws, {"type": "connection_init", "payload": payload})
        with pytest.raises(ConnectionClosed) as closed:
            receive(ws)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


def test_reads_that_require_a_key_require_one_in_connection_init(seeded: LoadReport, settings: Settings) -> None:
    strict = settings.model_copy(update={"api_keys": KEYS, "reads_require_key": True})
    with served_app(strict) as url:
        with connect(ws_url(url), subprotocols=[PROTOCOL], open_timeout=10) as ws:  # type: ignore[list-item]
            send(ws, {"type": "connection_init", "payload": {}})
            with pytest.raises(ConnectionClosed) as closed:
                receive(ws)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        with session(url, {"apiKey": READER}) as ws:
            subscribe(ws, "1", since=_start_cursor())
            assert pushed(ws, 1)["1"][0]["kind"] == "SEED_LOAD"


def test_a_subscription_before_connection_init_is_unauthorized(base_url: str) -> None:
    with connect(ws_url(base_url), subprotocols=[PROTOCOL], open_timeout=10) as ws:  # type: ignore[list-item]
        subscribe(ws, "1")
        with pytest.raises(ConnectionClosed) as closed:
            receive(ws)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_origins_are_checked_as_cors_checks_them(base_url: str) -> None:
    # development allows a local dev server's pages, as CORS does
    with session(base_url, additional_headers={"Origin": "http://localhost:5173"}):
        pass
    with pytest.raises(InvalidStatus) as refused:
        with connect(
            ws_url(base_url),
            subprotocols=[PROTOCOL],  # type: ignore[list-item]
            additional_headers={"Origin": "https://elsewhere.example"},
            open_timeout=10,
        ):
            pass
    assert refused.value.response.status_code == 403


def test_only_subscriptions_go_over_the_websocket(base_url: str) -> None:
    with session(base_url) as ws:
        subscribe(ws, "q", query="{ changeFeed { endCursor } }")
        message = receive(ws)
        assert message["type"] == "error" and message["id"] == "q"
        assert "not allowed" in message["payload"][0]["message"]


def test_subscription_documents_meet_the_request_limits(base_url: str) -> None:
    aliases = " ".join(f"a{i}: cursor" for i in range(31))
    with session(base_url) as ws:
        subscribe(ws, "big", query=f"subscription {{ changeApplied {{ {aliases} }} }}")
        message = receive(ws)
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "aliases"}


def test_a_malformed_cursor_is_bad_user_input(base_url: str) -> None:
    with session(base_url) as ws:
        subscribe(ws, "bad", since="not-a-cursor")
        message = receive(ws)
        assert message["type"] == "next" and message["payload"]["data"] is None, message
        assert message["payload"]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert receive(ws) == {"id": "bad", "type": "complete"}


def test_a_connection_holds_at_most_its_subscriptions(base_url: str) -> None:
    with session(base_url) as ws:
        for op in ("1", "2", "3", "4"):
            subscribe(ws, op)
        message = receive(ws)
        assert message["type"] == "error" and message["id"] == "4"
        assert "limit" in message["payload"][0]["message"].lower()


def test_a_write_served_by_another_process_is_pushed(base_url: str, seeded: LoadReport, settings: Settings) -> None:
    """Workers share nothing but Neo4j: a change recorded through one server reaches a
    subscriber of another (each process polls the feed; nothing is published in memory)."""
    again = {**SOCIAL_WORK, "id": "event.620700.social_work_2024.again"}
    start = http(base_url, FEED_END)["changeFeed"]["endCursor"]
    other = settings.model_copy(update={"api_keys": KEYS, "change_feed_poll_seconds": 0.2})
    with served_app(other) as other_url, session(other_url) as ws:
        subscribe(ws, "elsewhere", since=start)
        http(base_url, RECORD, {"e": again}, key=EDITOR)
        (change,) = pushed(ws, 1)["elsewhere"]
        assert (change["kind"], change["eventId"]) == ("RECORD", again["id"])
    http(base_url, RETRACT, {"id": again["id"]}, key=EDITOR)
