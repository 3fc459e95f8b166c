"""Repeated reads: ETags and 304s, Cache-Control and Vary, the result cache (hits that run
nothing, what is never cached, invalidation by a write through this process, another process
or a bookmark), its size bound and metrics, and compressed answers. Against the real seed;
Neo4j statements are counted with the database handle's round-trip counter."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from typing import Any

import brotli
import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.auth import digest
from graph_service.caching.keys import answer_key, matches
from graph_service.config import Settings
from graph_service.db.causal import HEADER as BOOKMARK
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport
from graph_service.web.compression import preferred_coding
from tests.graphql_client import wait_for_version
from tests.test_api_examples import EXAMPLES
from tests.test_curation import RECORD, RETRACT, SOCIAL_WORK

EDITOR, READER = "key-editor-caching", "key-reader-caching"
KEYS = f"ed:editor:{digest(EDITOR)},rd:reader:{digest(READER)}"
NAME = '{ body(id: "620700.natural_resources") { name } }'
CHART = 'query Chart($day: Date) { orgChart(jurisdiction: "620700", asOf: $day) { groups { kind bodies { id } } } }'
# the city's chart in 2024, which the recorded event adds a body to (an answer without errors)
SOCIAL = '{ orgChart(jurisdiction: "620700", asOf: "2024-06-01") { groups { bodies { bodyId name } } } }'
TREE = EXAMPLES["org-tree-city-and-counties"]  # the README's city + six counties tree
QUIET = 3600.0  # s between version polls: a test that counts statements must not see the poller's


@pytest.fixture(scope="module")
def caching_settings(settings: Settings, seeded: LoadReport) -> Settings:
    return settings.model_copy(update={"api_keys": KEYS, "change_feed_poll_seconds": QUIET})


@pytest.fixture(scope="module")
def client(caching_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(caching_settings)) as test_client:
        wait_for_version(test_client)
        yield test_client


def statements(client: TestClient) -> int:
    database: Database = client.app.state.db  # type: ignore[attr-defined]
    return database.round_trips


def get(client: TestClient, query: str, variables: dict[str, Any] | None = None, /, **headers: str) -> Any:
    params = {"query": query}
    if variables:
        params["variables"] = json.dumps(variables)
    return client.get("/graphql", params=params, headers=headers)


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None, /, **headers: str) -> Any:
    return client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


def social_work(suffix: str) -> dict[str, Any]:
    """The 2024 social-work department (tests/test_curation.py) as an event of its own: a
    retracted event's id is not recorded again."""
    document = {**SOCIAL_WORK["newDocument"], "id": f"doc.zhangye-social-work-{suffix}"}
    return {
        **SOCIAL_WORK,
        "id": f"event.620700.social_work_{suffix}",
        "document": document["id"],
        "newDocument": document,
    }


def has_social_work(answer: Any) -> bool:
    groups = answer.json()["data"]["orgChart"]["groups"]
    return any(body["bodyId"] == "620700.social_work" for group in groups for body in group["bodies"])


def test_a_repeated_read_runs_nothing(client: TestClient) -> None:
    first = get(client, CHART, {"day": "2019-12-24"})
    assert first.status_code == 200 and "errors" not in first.json()
    before = statements(client)
    again = get(client, CHART, {"day": "2019-12-24"})
    assert statements(client) == before
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    # POST reads share the entry; another date is another answer
    assert post(client, CHART, {"day": "2019-12-24"}).content == first.content
    assert statements(client) == before
    other = get(client, CHART, {"day": "2018-06-01"})
    assert statements(client) > before and other.content != first.content
    assert other.headers["etag"] != first.headers["etag"]


def test_if_none_match_answers_304_without_running_anything(client: TestClient) -> None:
    answer = get(client, NAME)
    etag = answer.headers["etag"]
    assert etag.startswith('W/"')
    before = statements(client)
    not_modified = get(client, NAME, **{"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert not_modified.headers["cache-control"] == "public, no-cache"
    assert get(client, NAME, **{"if-none-match": f'"x", {etag.removeprefix("W/")}'}).status_code == 304
    assert statements(client) == before
    assert get(client, NAME, **{"if-none-match": 'W/"another"'}).status_code == 200


def test_cache_headers_say_who_may_keep_what(client: TestClient) -> None:
    anonymous = get(client, NAME)
    assert anonymous.headers["cache-control"] == "public, no-cache"
    vary = {v.strip().lower() for v in anonymous.headers["vary"].split(",")}
    assert {"accept", "accept-encoding", "authorization", "x-api-key", "x-orggraph-bookmark"} <= vary
    keyed = get(client, NAME, authorization=f"Bearer {READER}")
    assert keyed.headers["cache-control"] == "private, no-cache"
    assert keyed.headers["etag"] != anonymous.headers["etag"]  # the role is part of the key
    assert post(client, NAME).headers["cache-control"] == "no-store"
    # errors are no-store and carry no validator
    missing = get(client, '{ body(id: "620700.no_such_bureau") { name } }')
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert missing.headers["cache-control"] == "no-store" and "etag" not in missing.headers
    refused = get(client, "{ nope }")
    assert refused.headers["cache-control"] == "no-store" and "etag" not in refused.headers
    # the media type is part of the validator, not of the key
    new_type = get(client, NAME, accept="application/graphql-response+json")
    assert new_type.headers["etag"] != anonymous.headers["etag"]


def test_errors_and_partial_answers_are_never_cached(client: TestClient) -> None:
    partial = '{ a: body(id: "620700.natural_resources") { name } b: body(id: "620700.no_such_bureau") { name } }'
    first = get(client, partial)
    assert first.json()["data"]["a"] == {"name": "张掖市自然资源局"} and first.json()["errors"]
    before = statements(client)
    get(client, partial)
    assert statements(client) > before


def test_a_write_here_is_seen_at_once(client: TestClient) -> None:
    key = {"authorization": f"Bearer {EDITOR}"}
    event = social_work("here")
    assert not has_social_work(get(client, SOCIAL))  # cached now
    written = post(client, RECORD, {"e": event}, **key)
    assert written.json()["data"]["recordReformEvent"]["applied"] is True, written.text
    assert written.headers["cache-control"] == "no-store" and "etag" not in written.headers
    try:
        # no poll has run (QUIET): the write itself moved this process's version on
        assert has_social_work(get(client, SOCIAL))
    finally:
        post(client, RETRACT, {"id": event["id"]}, **key)
    assert not has_social_work(get(client, SOCIAL))


@pytest.fixture
def two_processes(caching_settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps with their own drivers and caches, as two workers or replicas are: the first
    polls the graph version every 0.2 s, the second never (in this test's time)."""
    polling = caching_settings.model_copy(update={"change_feed_poll_seconds": 0.2})
    with TestClient(create_app(polling)) as first, TestClient(create_app(caching_settings)) as second:
        wait_for_version(first)
        wait_for_version(second)
        yield first, second


def test_a_write_elsewhere_is_seen_within_a_poll_and_at_once_with_its_bookmark(
    two_processes: tuple[TestClient, TestClient], caching_settings: Settings
) -> None:
    polling, quiet = two_processes
    key = {"authorization": f"Bearer {EDITOR}"}
    event = social_work("elsewhere")
    for app in (polling, quiet):
        assert not has_social_work(get(app, SOCIAL))  # cached now
    writer = TestClient(create_app(caching_settings))
    with writer:
        written = post(writer, RECORD, {"e": event}, **key)
        assert written.json()["data"]["recordReformEvent"]["applied"] is True, written.text
        bookmark = written.headers[BOOKMARK]
        try:
            # the quiet process has not polled: without the bookmark it still serves the answer
            # it holds (the poll interval is what a process may lag by) ...
            assert not has_social_work(get(quiet, SOCIAL))
            # ... but a client back from the write never gets it
            assert has_social_work(get(quiet, SOCIAL, **{BOOKMARK: bookmark}))
            # the polling process stops serving the old answer within its interval
            deadline = time.monotonic() + 5
            while not has_social_work(get(polling, SOCIAL)):
                assert time.monotonic() < deadline, "the polling process kept serving the answer from before the write"
                time.sleep(0.1)
        finally:
            post(writer, RETRACT, {"id": event["id"]}, **key)


def test_the_cache_is_bounded_and_reported(caching_settings: Settings) -> None:
    small = caching_settings.model_copy(update={"result_cache_bytes": 6_000, "result_cache_max_entry_bytes": 4_000})
    with TestClient(create_app(small)) as client:
        wait_for_version(client)
        cache = client.app.state.graphql.results  # type: ignore[attr-defined]
        page = 'query($n: Int) { bodies(jurisdiction: "620700", first: $n) { edges { node { id name } } } }'
        sizes = [len(get(client, page, {"n": n}).content) for n in (20, 21, 22, 23)]
        assert all(2_000 < size < 4_000 for size in sizes), sizes  # two fit, the others push them out
        assert 0 < cache.bytes <= 6_000 and len(cache) == 2
        get(client, CHART, {"day": "2019-12-24"})  # over 4,000 bytes: not kept
        assert all(len(answer.body) <= 4_000 for answer in cache._entries.values())
        metrics = client.get("/metrics").text
    for name in ("hits_total", "misses_total", "evictions_total", "bytes", "entries"):
        assert f"orggraph_result_cache_{name}" in metrics
    assert 'orggraph_result_cache_evictions_total{reason="size"}' in metrics


def test_switched_off_it_runs_every_request_and_still_validates(caching_settings: Settings) -> None:
    off = caching_settings.model_copy(update={"result_cache_bytes": 0})
    with TestClient(create_app(off)) as client:
        wait_for_version(client)
        etag = get(client, NAME).headers["etag"]
        before = statements(client)
        assert get(client, NAME).status_code == 200
        assert statements(client) > before
        assert get(client, NAME, **{"if-none-match": etag}).status_code == 304


def test_the_key_holds_everything_that_decides_the_answer() -> None:
    import datetime as dt

    base: dict[str, Any] = {
        "build": "b",
        "document": NAME,
        "operation_name": None,
        "variables": {"a": 1, "b": [1, 2]},
        "role": "anonymous",
        "graph_version": "7@2026-01-01T00:00:00Z",
        "day": dt.date(2026, 12, 5),
    }
    key = answer_key(**base)
    assert answer_key(**{**base, "variables": {"b": [1, 2], "a": 1}}) == key  # key order does not matter
    changes = {
        "build": "c",
        "document": NAME + " ",
        "operation_name": "Q",
        "variables": {"a": 2, "b": [1, 2]},
        "role": "READER",
        "graph_version": "7@2026-01-02T00:00:00Z",  # the same number after a graph was emptied
        "day": dt.date(2026, 12, 6),  # `asOf` defaults to today
    }
    for name, value in changes.items():
        assert answer_key(**{**base, name: value}) != key, name
    huge = answer_key(**{**base, "variables": {"first": 2**70}})  # beyond orjson's 64 bits
    assert huge != key and huge == answer_key(**{**base, "variables": {"first": 2**70}})
    assert matches("*", 'W/"a"') and matches('"a"', 'W/"a"') and not matches('W/"b"', 'W/"a"')


@pytest.mark.parametrize(
    ("coding", "decode"),
    [("gzip", gzip.decompress), ("br", brotli.decompress)],
)
def test_answers_are_compressed(client: TestClient, coding: str, decode: Any) -> None:
    plain = get(client, TREE, **{"accept-encoding": "identity"})
    assert plain.status_code == 200 and "errors" not in plain.json()
    assert "content-encoding" not in plain.headers
    with client.stream("GET", "/graphql", params={"query": TREE}, headers={"accept-encoding": coding}) as response:
        wire = b"".join(response.iter_raw())
        assert response.headers["content-encoding"] == coding
    assert decode(wire) == plain.content
    assert len(wire) <= 0.25 * len(plain.content), (len(wire), len(plain.content))
    # zstd is not offered (graph_service/web/compression.py)
    with client.stream("GET", "/graphql", params={"query": TREE}, headers={"accept-encoding": "zstd"}) as response:
        assert "content-encoding" not in response.headers
    # small answers are sent as they are
    with client.stream("GET", "/graphql", params={"query": NAME}, headers={"accept-encoding": coding}) as response:
        assert "content-encoding" not in response.headers


def test_exports_are_compressed_as_they_stream(client: TestClient) -> None:
    url = "/export/org-jsonld?jurisdiction=620700&withDescendants=true"
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
        assert "content-length" not in response.headers  # streamed, not buffered whole
        chunks = [chunk for chunk in response.iter_raw() if chunk]
    assert len(chunks) > 1
    document = json.loads(gzip.decompress(b"".join(chunks)))
    assert document["@graph"]


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        (None, None),
        ("identity", None),
        ("gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),  # no zstd: codegen on Node 20 asks for it and cannot read it
        ("zstd", None),
        ("br;q=0.5, gzip;q=1", "br"),  # like the middleware: its own order among those accepted
        ("*", "br"),
        ("*, br;q=0", "gzip"),
        ("gzip;q=0", None),
        ("gzip;q=x", None),
    ],
)
def test_a_hit_is_sent_in_the_coding_the_middleware_would_choose(accept: str | None, coding: str | None) -> None:
    assert preferred_coding(accept) == coding


def test_what_the_graph_version_does_not_cover_is_not_cached(client: TestClient) -> None:
    """`serverInfo` answers from the Neo4j server, not the graph: no write moves a version on
    when the server is upgraded, so its answers are not kept."""
    query = '{ serverInfo { neo4jVersion } jurisdiction(code: "620700") { name } }'
    first = get(client, query)
    assert first.json()["data"]["serverInfo"]["neo4jVersion"] and "etag" not in first.headers
    before = statements(client)
    get(client, query)
    assert statements(client) > before
