"""The read path (graph_service/read): one composed statement per root field, shaped by the
selection, on the real seed; the fragments of cypher/read/ cover the schema; user values are
always parameters; aliases, fragments and directives are answered as GraphQL says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import FieldNode, GraphQLList, GraphQLNonNull, GraphQLObjectType, OperationDefinitionNode, parse

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.graphql.schema import build_schema
from graph_service.ingest.loader import LoadReport
from graph_service.read.fragments import get_fragments
from tests.graphql_client import post_graphql, stable
from tests.test_api_examples import EXAMPLES

SCHEMA = build_schema()


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    # the statements the read path sends: with the result cache, a request asked before sends
    # none (tests/test_http_caching.py)
    with TestClient(create_app(settings.model_copy(update={"result_cache_bytes": 0}))) as test_client:
        yield test_client


def database(client: TestClient) -> Database:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    return db


def statements(
    client: TestClient, query: str, variables: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[Any]]:
    """The answer and the statements the request sent (name, text, parameters)."""
    db = database(client)
    db.recorder = []
    try:
        body = post_graphql(client, query, variables)
        return body, list(db.recorder)
    finally:
        db.recorder = None


def root_fields(query: str) -> list[FieldNode]:
    (operation,) = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
    return [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]


# --- one statement per root field ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n in EXAMPLES if not n.startswith("error-")))
def test_each_readme_example_sends_one_statement_per_root_field(client: TestClient, name: str) -> None:
    db = database(client)
    before = db.round_trips
    body = post_graphql(client, EXAMPLES[name])
    assert "errors" not in body, body.get("errors")
    roots = root_fields(EXAMPLES[name])
    # serverInfo and the correspondence report are statements of their own, not composed ones
    expected = len(roots) + (1 if "totalCount" in EXAMPLES[name] else 0)
    assert db.round_trips - before == expected, (name, db.round_trips - before, expected)


@pytest.mark.parametrize(
    ("name", "expected"), [("error-unknown-id", 1), ("error-malformed-date", 0), ("error-too-deep", 0)]
)
def test_refused_requests_send_no_more_than_their_lookup(client: TestClient, name: str, expected: int) -> None:
    db = database(client)
    before = db.round_trips
    post_graphql(client, EXAMPLES[name])
    assert db.round_trips - before == expected


def test_a_chart_of_any_size_is_one_statement(client: TestClient) -> None:
    chart = EXAMPLES["org-chart-2019"]
    for code in ("620700", "620722", "620000"):
        _, sent = statements(client, chart.replace('"620700"', f'"{code}"'))
        assert [name for name, _, _ in sent] == ["read/org_chart"]


@pytest.mark.parametrize(
    ("body_id", "as_of"),
    [("620700.emergency_management", "2019-12-24"), ("620700.land_resources", "2018-06-01")],
)
def test_a_body_with_its_duties_is_one_statement_and_agrees_with_the_duties_field(
    client: TestClient, body_id: str, as_of: str
) -> None:
    nested, sent = statements(
        client,
        "query($id: ID!, $d: Date!) { body(id: $id, asOf: $d) { name duties { id function { code } } } }",
        {"id": body_id, "d": as_of},
    )
    assert [name for name, _, _ in sent] == ["read/body"]
    by_holder = post_graphql(
        client,
        "query($id: ID!, $d: Date!) { duties(holder: $id, asOf: $d, first: 100) { duty { id function { code } } } }",
        {"id": body_id, "d": as_of},
    )
    duties = nested["data"]["body"]["duties"]
    assert duties, f"{body_id} holds duties on {as_of} in the seed"
    assert duties == [hit["duty"] for hit in by_holder["data"]["duties"]]


# --- the statement is the selection's -------------------------------------------------------


def test_only_what_is_asked_for_is_read(client: TestClient) -> None:
    _, ((_, narrow, _),) = statements(client, '{ body(id: "620700.natural_resources") { name } }')
    _, ((_, wide, _),) = statements(
        client, '{ body(id: "620700.natural_resources") { name sections { name } functions { code } } }'
    )
    assert "PART_OF" not in narrow and "COVERS" not in narrow
    assert "PART_OF" in wide and "COVERS" in wide


def test_the_text_is_kept_by_shape_and_values_are_parameters(client: TestClient) -> None:
    query = (
        "query($id: ID!, $d: Date) { body(id: $id, asOf: $d) { name jurisdiction { descendants(depth: 2) { code } } } }"
    )
    _, ((_, first, first_params),) = statements(client, query, {"id": "620700.finance", "d": "2019-12-24"})
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    answer, ((_, second, second_params),) = statements(client, query, {"id": hostile, "d": "2018-06-01"})
    assert first is second  # the same object: composed once, kept by the selection's signature
    assert hostile not in second and "2018" not in second
    assert first_params["id"] == "620700.finance" and second_params["id"] == hostile
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert post_graphql(client, '{ body(id: "620700.finance") { name } }')["data"]["body"]["name"]


def test_nested_arguments_are_parameters_and_checked(client: TestClient) -> None:
    two = '{ jurisdiction(code: "620700") { descendants(depth: 2) { code } } }'
    one = '{ jurisdiction(code: "620700") { descendants(depth: 1) { code } } }'
    deep_body, ((_, deep, deep_params),) = statements(client, two)
    shallow_body, ((_, shallow, shallow_params),) = statements(client, one)
    assert deep is shallow and deep_params["a0"] == 2 and shallow_params["a0"] == 1
    assert len(deep_body["data"]["jurisdiction"]["descendants"]) > len(
        shallow_body["data"]["jurisdiction"]["descendants"]
    )
    bad = post_graphql(client, '{ jurisdiction(code: "620700") { descendants(depth: 11) { code } } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "`depth` must be between 1 and 10" in bad["errors"][0]["message"]


# --- GraphQL's rules, kept -------------------------------------------------------------------


def test_aliases_each_get_their_own_selection_in_order(client: TestClient) -> None:
    body = post_graphql(
        client,
        """{ b: body(id: "620700.natural_resources", asOf: "2019-12-24") {
              zName: name
              ids: sections { id }
              names: sections { label: name }
              __typename
              name
            } }""",
    )["data"]["b"]
    assert list(body) == ["zName", "ids", "names", "__typename", "name"]
    assert body["__typename"] == "Body" and body["zName"] == body["name"]
    assert [list(s) for s in body["ids"]] == [["id"]] * len(body["ids"]) and body["ids"]
    assert [s["label"] for s in body["names"]] and all(list(s) == ["label"] for s in body["names"])


def test_aliased_parts_of_a_computed_answer_get_their_own_projection(client: TestClient) -> None:
    body = post_graphql(
        client,
        """{ counterparts(bodyId: "620700.natural_resources", jurisdiction: "620702", asOf: "2019-12-24") {
              answers { matches { short: body { id } long: body { id name kind } } } } }""",
    )
    (match,) = body["data"]["counterparts"]["answers"][0]["matches"]
    assert list(match["short"]) == ["id"] and list(match["long"]) == ["id", "name", "kind"]
    assert stable(match["short"]["id"]) == stable(match["long"]["id"]) == "620702.natural_resources"


def test_fragments_and_directives(client: TestClient) -> None:
    query = """query($skip: Boolean!, $with: Boolean!) {
      body(id: "620700.natural_resources", asOf: "2019-12-24") {
        ...Names
        ... on Sourced { confidence }
        sections @skip(if: $skip) { name }
        functions @include(if: $with) { code }
      } }
      fragment Names on Body { id name shortName }"""
    skipped = post_graphql(client, query, {"skip": True, "with": False})["data"]["body"]
    kept = post_graphql(client, query, {"skip": False, "with": True})["data"]["body"]
    assert list(skipped) == ["id", "name", "shortName", "confidence"]
    assert list(kept) == ["id", "name", "shortName", "confidence", "sections", "functions"]
    assert kept["confidence"] in ("CONFIRMED", "INFERRED") and kept["functions"] == [{"code": "natural_resources"}]


# --- the fragments cover the schema ------------------------------------------------------------


def _named(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def test_every_field_of_every_projected_type_has_a_fragment() -> None:
    fragments = get_fragments()
    schema = SCHEMA._schema
    for type_name, table in fragments.fields.items():
        graphql_type = schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType), type_name
        assert set(table) == set(graphql_type.fields), type_name
        for name, fragment in table.items():
            field_type = _named(graphql_type.fields[name].type)
            if isinstance(field_type, GraphQLObjectType):
                assert fragment.target is not None and fragment.target.type_name == field_type.name, (type_name, name)
                assert fragment.target.type_name in fragments.fields, fragment.target.type_name
            else:
                assert fragment.target is None, (type_name, name)


def test_every_root_statement_is_used_and_documents_its_slots() -> None:
    fragments = get_fragments()
    code = "\n".join(p.read_text() for p in __import__("pathlib").Path("graph_service/graphql").glob("*.py"))
    for root, template in fragments.roots.items():
        assert f'"{root}"' in code, f"cypher/read/roots/{root}.cypher is not used"
        slots = set(re.findall(r"\{proj_(\w+)\}", template))
        assert slots, root
        header = "\n".join(line for line in template.splitlines() if line.startswith("//"))
        assert "Slots:" in header and "Parameters:" in header and "Returns:" in header, root
