"""Identity that client caches can trust: ids unique to what an object shows (a body's carries
its date), the Node interface, and node(id:) / nodes(ids:) to fetch any of them again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLObjectType

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.graphql.schema import build_schema
from graph_service.ingest.loader import LoadReport
from tests.graphql_client import post_graphql

BODY = "query($id: ID!, $d: Date) { body(id: $id, asOf: $d) { id bodyId name existsOnAsOf sections { id } } }"


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_body_on_two_dates_has_two_ids_and_one_stable_id(client: TestClient) -> None:
    before = post_graphql(client, BODY, {"id": "620700.natural_resources", "d": "2018-06-01"})["data"]["body"]
    after = post_graphql(client, BODY, {"id": "620700.natural_resources", "d": "2019-12-24"})["data"]["body"]
    assert before["id"] == "620700.natural_resources@2018-06-01"
    assert after["id"] == "620700.natural_resources@2019-12-24"
    assert before["bodyId"] == after["bodyId"] == "620700.natural_resources"
    assert before["existsOnAsOf"] is False and after["existsOnAsOf"] is True  # what a merged cache would mix up
    assert all(s["id"].endswith("@2019-12-24") for s in after["sections"])


def test_the_id_a_body_answered_with_is_accepted_back(client: TestClient) -> None:
    dated = post_graphql(client, BODY, {"id": "620700.natural_resources@2018-06-01"})["data"]["body"]
    assert dated["id"] == "620700.natural_resources@2018-06-01"  # its date is the default asOf
    counterparts = 'query($id: ID!) { counterparts(bodyId: $id, asOf: "2019-12-24") { answers { found } } }'
    by_stable = post_graphql(client, counterparts, {"id": "620700.natural_resources"})
    by_dated = post_graphql(client, counterparts, {"id": "620700.natural_resources@2019-12-24"})
    assert by_dated["data"] == by_stable["data"] and by_stable["data"]["counterparts"]["answers"]


@pytest.mark.parametrize("bad", ["620700.natural_resources@2019-13-01", "620700.natural_resources@yesterday"])
def test_a_malformed_dated_id_is_bad_user_input(client: TestClient, bad: str) -> None:
    errors = post_graphql(client, BODY, {"id": bad})["errors"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert bad in errors[0]["message"]


def test_node_fetches_again_what_a_query_answered(client: TestClient) -> None:
    query = "query($id: ID!) { node(id: $id) { id ... on Body { bodyId name existsOnAsOf sections { id } } } }"
    original = post_graphql(client, BODY, {"id": "620700.natural_resources", "d": "2018-06-01"})["data"]["body"]
    again = post_graphql(client, query, {"id": original["id"]})["data"]["node"]
    assert again == {k: original[k] for k in ("id", "bodyId", "name", "existsOnAsOf", "sections")}


def test_nodes_of_every_type_in_one_statement(client: TestClient) -> None:
    ids = [
        "620700",
        "duty.620700.fire_design_review",
        "event.620700.natural_resources_formed",
        "doc.article-2019",
        "620700.no_such_body",
        "620700.land_resources@2018-06-01",
    ]
    query = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
      ... on Jurisdiction { code name } ... on Duty { text } ... on ReformEvent { type }
      ... on Document { title } ... on Body { name asOf } } }"""
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    db.recorder = []
    try:
        nodes = post_graphql(client, query, {"ids": ids})["data"]["nodes"]
        sent = [name for name, _, _ in db.recorder]
    finally:
        db.recorder = None
    assert sent == ["read/nodes"]
    assert [n and n["__typename"] for n in nodes] == ["Jurisdiction", "Duty", "ReformEvent", "Document", None, "Body"]
    assert [n["id"] for n in nodes if n] == [i for i in ids if "no_such" not in i]
    assert nodes[0]["code"] == nodes[0]["id"] == "620700"
    assert nodes[5] == {"__typename": "Body", "id": ids[5], "name": "张掖市国土资源局", "asOf": "2018-06-01"}


def test_nodes_is_bounded(client: TestClient) -> None:
    errors = post_graphql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["620700"] * 101})
    assert errors["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_every_type_with_an_id_is_a_node() -> None:
    schema = build_schema()._schema
    node = schema.get_type("Node")
    with_id = {
        name
        for name, type_ in schema.type_map.items()
        if isinstance(type_, GraphQLObjectType) and "id" in type_.fields and not name.startswith("__")
    }
    implementing = {t.name for t in schema.get_possible_types(node)}  # type: ignore[arg-type]
    # an audit entry and a change-feed entry are immutable records; the correspondence report's
    # brief body carries the stable id (its report is for one date): docs/api.md, Identity,
    # says to keep them embedded
    assert with_id - {"AuditEntry", "FeedEntry", "CorrespondenceBody"} == implementing
