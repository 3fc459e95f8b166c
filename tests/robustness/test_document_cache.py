"""The cache of validated documents (graph_service/graphql/guard.py): a document seen again is
neither parsed nor validated again, its errors keep their locations, and the trees it evicts
leave no cyclic garbage behind (the reason trees were once not cached at all)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from graphql import parse

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.graphql.guard import ValidatedDocuments, _acyclic
from graph_service.ingest.loader import LoadReport
from tests.graphql_client import post_graphql


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def validated_documents(client: TestClient) -> ValidatedDocuments:
    documents: ValidatedDocuments = client.app.state.schema.validated  # type: ignore[attr-defined]
    return documents


def test_a_document_sent_again_comes_from_the_cache_with_the_same_answer(client: TestClient) -> None:
    query = '{ body(id: "620700.natural_resources", asOf: "2019-12-24") { name sections { name } } }'
    first = post_graphql(client, query)
    assert query in validated_documents(client) and validated_documents(client).tree(query) is None
    second = post_graphql(client, query)  # seen valid again: its tree is kept
    cached = validated_documents(client).tree(query)
    assert cached is not None
    third = post_graphql(client, query)
    assert first == second == third
    assert validated_documents(client).tree(query) is cached


def test_errors_of_a_cached_document_keep_their_locations(client: TestClient) -> None:
    query = 'query {\n  serverInfo { edition }\n  body(id: "620700.no_such_body") { name }\n}'
    first, second, third = (post_graphql(client, query) for _ in range(3))
    assert validated_documents(client).tree(query) is not None
    assert first["errors"][0]["locations"] == [{"line": 3, "column": 3}]
    assert second["errors"] == third["errors"] == first["errors"]


def test_invalid_and_large_documents_are_not_kept(client: TestClient) -> None:
    invalid = "{ body(id: 1) { nope } }"
    for _ in range(3):
        post_graphql(client, invalid)
    assert validated_documents(client).tree(invalid) is None
    large = "{ serverInfo { edition } }" + " " * 2000
    for _ in range(3):
        post_graphql(client, large)
    documents = validated_documents(client)
    assert large in documents and documents.tree(large) is None


def document(i: int) -> str:
    return f'query Q{i} {{ body(id: "x{i}") {{ name sections {{ name functions {{ code }} }} }} }}'


def test_evicted_trees_are_freed_without_the_cycle_collector() -> None:
    cache = ValidatedDocuments(tree_entries=10)
    gc.collect()
    gc.disable()
    try:
        for i in range(200):
            text = document(i)
            cache.add(text)
            cache.seen_again(text, parse(text))
        left_as_cycles = gc.collect()
    finally:
        gc.enable()
    assert len(cache.trees) == 10
    assert left_as_cycles == 0


def test_a_parsed_tree_is_cyclic_until_its_tokens_are_unlinked() -> None:
    """The control for the test above: it can fail."""
    gc.collect()
    gc.disable()
    try:
        parse(document(0))
        cyclic = gc.collect()
        _acyclic(parse(document(1)))
        acyclic = gc.collect()
    finally:
        gc.enable()
    assert cyclic > 0
    assert acyclic == 0
