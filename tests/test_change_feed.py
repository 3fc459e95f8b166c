"""The change feed over HTTP: `changeFeed(since, first)` lists curated records, retractions and
seed loads that changed the graph, in commit order, with increasing opaque cursors."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.errors import SubscriptionLimitError
from graph_service.feed import cursor
from graph_service.feed import poller as poller_module
from graph_service.feed.poller import ChangePoller
from graph_service.ingest.loader import LoadReport, load_seed
from graph_service.paths import SEED_DIR
from tests.neo4j_provider import Neo4jTarget
from tests.test_curation import EDITOR, KEYS, RECORD, RETRACT, SOCIAL_WORK, gql

FEED = """query($since: String, $first: Int!) {
  changeFeed(since: $since, first: $first) {
    entries { cursor kind id actor role document eventId bodyIds summary retractedBy created updated removed at }
    endCursor hasMore
  }
}"""


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"api_keys": KEYS}))) as test_client:
        yield test_client


def feed(client: TestClient, since: str | None = None, first: int = 100) -> dict[str, Any]:
    answer = gql(client, FEED, {"since": since, "first": first})
    assert "errors" not in answer, answer
    page: dict[str, Any] = answer["data"]["changeFeed"]
    return page


def reload_with_one_change(settings: Settings, driver: Driver, target: Neo4jTarget) -> LoadReport:
    """A seed load that changes the graph: a seed node's digest made stale by hand, so the
    loader writes that node again."""
    driver.execute_query(
        "MATCH (b:Record {uid: 'body:620700.natural_resources'}) SET b.seedDigest = 'stale'",
        database_=target.database,
    )
    return reload(settings)


def reload(settings: Settings) -> LoadReport:
    async def run() -> LoadReport:
        database = Database.from_settings(settings)
        try:
            return await load_seed(database, SEED_DIR)
        finally:
            await database.close()

    return asyncio.run(run())


def test_records_retractions_and_seed_loads_in_commit_order(
    client: TestClient, settings: Settings, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    start = feed(client)
    # the module's seed load into an empty graph is the first change
    assert [e["kind"] for e in start["entries"]] == ["SEED_LOAD"]
    (load,) = start["entries"]
    assert load["created"] > 1000 and load["removed"] == 0 and load["actor"] == "seed loader"
    assert start["hasMore"] is False and start["endCursor"] == load["cursor"]

    recorded = gql(client, RECORD, {"e": SOCIAL_WORK}, key=EDITOR)["data"]["recordReformEvent"]
    assert recorded["applied"] is True
    retracted = gql(client, RETRACT, {"id": SOCIAL_WORK["id"]}, key=EDITOR)["data"]["retractReformEvent"]
    report = reload_with_one_change(settings, sync_driver, neo4j_target)
    assert report.changed and report.skipped is None

    since_start = feed(client, start["endCursor"])
    kinds = [(e["kind"], e["eventId"]) for e in since_start["entries"]]
    assert kinds == [("RECORD", SOCIAL_WORK["id"]), ("RETRACT", SOCIAL_WORK["id"]), ("SEED_LOAD", None)]
    record, retract, reload_entry = since_start["entries"]
    assert record["id"] == recorded["audit"]["id"] and retract["id"] == retracted["id"]
    assert record["retractedBy"] == retract["id"]
    assert record["actor"] == "ed" and record["role"] == "editor"
    assert record["document"] == SOCIAL_WORK["document"]
    assert "620700.social_work" in record["bodyIds"] and "620700.civil_affairs" in record["bodyIds"]
    assert reload_entry["updated"] == 1 and reload_entry["created"] == 0 and reload_entry["bodyIds"] == []
    seqs = [cursor.decode(e["cursor"]) for e in [load, *since_start["entries"]]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    assert since_start["endCursor"] == reload_entry["cursor"] and since_start["hasMore"] is False

    # nothing new: the same cursor back, no entries
    assert feed(client, since_start["endCursor"]) == {
        "entries": [],
        "endCursor": since_start["endCursor"],
        "hasMore": False,
    }
    # a re-load that changes nothing (skipped or diffed to nothing) writes no entry
    assert not reload(settings).changed
    assert feed(client, since_start["endCursor"])["entries"] == []


def test_paging_with_since_and_first(client: TestClient) -> None:
    everything = feed(client)["entries"]
    assert len(everything) >= 2
    seen: list[dict[str, Any]] = []
    since = None
    while True:
        page = feed(client, since, first=1)
        seen += page["entries"]
        since = page["endCursor"]
        if not page["hasMore"]:
            break
    assert seen == everything
    # a cursor from the middle: the entries after it
    middle = everything[0]["cursor"]
    assert feed(client, middle)["entries"] == everything[1:]


@pytest.mark.parametrize(
    "since",
    [
        "not-a-cursor",
        base64.urlsafe_b64encode(b"seq:x").decode(),
        base64.urlsafe_b64encode(b"seq:-1").decode(),
        base64.urlsafe_b64encode(b"seq:01").decode(),
        base64.urlsafe_b64encode(b"seq:9223372036854775808").decode(),  # beyond a Neo4j integer
        base64.urlsafe_b64encode(b"seq:" + b"9" * 100).decode(),
        "c2VxOjE=\u00e9",
        base64.urlsafe_b64encode(b"k1:" + b'["name", "id"]').decode(),  # a paging cursor, not a feed one
        "",
    ],
)
def test_a_malformed_cursor_is_bad_user_input(client: TestClient, since: str) -> None:
    answer = gql(client, FEED, {"since": since, "first": 5})
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "change-feed cursor" in answer["errors"][0]["message"]


@pytest.mark.parametrize("first", [0, 101])
def test_first_is_bounded(client: TestClient, first: int) -> None:
    answer = gql(client, FEED, {"since": None, "first": first})
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_old_changes_field_still_answers_reforms_between_dates(client: TestClient) -> None:
    answer = gql(
        client, '{ changes(jurisdiction: "620700", from: "2019-01-01", to: "2019-12-31") { entries { event { id } } } }'
    )
    assert "errors" not in answer
    assert answer["data"]["changes"]["entries"]


def test_cursors_round_trip() -> None:
    for seq in (0, 1, 17, 10**12, 2**63 - 1):
        assert cursor.decode(cursor.encode(seq)) == seq


@pytest.mark.anyio
async def test_a_process_holds_at_most_its_subscriptions(seeded: LoadReport, db: Database) -> None:
    poller = ChangePoller(db, interval=0.2, max_subscribers=1)
    first = poller.subscribe(None)
    waiting = asyncio.ensure_future(anext(first))  # registers, then waits for a change
    try:
        for _ in range(100):
            if poller.running:
                break
            await asyncio.sleep(0.02)
        assert poller.subscribers == 1 and poller.running
        with pytest.raises(SubscriptionLimitError):
            await anext(poller.subscribe(None))
    finally:
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        await first.aclose()
        await poller.close()
    assert poller.subscribers == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_subscription_over_http_is_pointed_to_the_websocket(client: TestClient, method: str) -> None:
    query = "subscription { changeApplied { cursor } }"
    if method == "GET":
        response = client.get("/graphql", params={"query": query})
    else:
        response = client.post("/graphql", json={"query": query})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST" and "websocket" in error["message"]


#: a change committed as the service commits one (the counter, then the entry), with the tests' own Cypher
ADD_CHANGE = """MERGE (c:ChangeCounter {id: 'changes'}) SET c.seq = coalesce(c.seq, 0) + 1
CREATE (:SeedLoadEntry:Change {seq: c.seq, id: 'test-' + toString(c.seq), action: 'seed_load', at: datetime(),
  actor: 'test', role: 'test', summary: 'test', created: 0, updated: 0, removed: 0})"""


def add_changes(driver: Driver, target: Neo4jTarget, count: int) -> None:
    """`count` changes in one transaction: a poll finds them all at once."""
    with driver.session(database=target.database) as session, session.begin_transaction() as tx:
        for _ in range(count):
            tx.run(ADD_CHANGE).consume()
        tx.commit()


@pytest.mark.anyio
async def test_a_subscriber_that_falls_behind_reads_what_it_missed(
    seeded: LoadReport, db: Database, sync_driver: Driver, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poller_module, "QUEUE", 1)  # one change waiting is all a subscriber may hold
    poller = ChangePoller(db, interval=0.1, max_subscribers=5)
    stream = poller.subscribe(None)
    first = asyncio.ensure_future(anext(stream))
    try:
        for _ in range(100):
            if poller.running:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(1.0)  # its catch-up read done: it waits on its queue
        add_changes(sync_driver, neo4j_target, 5)
        got = [await asyncio.wait_for(first, 10)]
        got += [await asyncio.wait_for(anext(stream), 10) for _ in range(4)]
    finally:
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        await stream.aclose()
        await poller.close()
    seqs = [row["seq"] for row in got]
    assert seqs == list(range(seqs[0], seqs[0] + 5))  # all five, in order, none twice
