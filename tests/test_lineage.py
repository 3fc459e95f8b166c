"""Lineage relations (issue 12, part 2): each step says how the two bodies are related, from the
event's type and the body's role in it; succession only by default, duty transfers on request;
one statement per request whatever the scope. On the real seed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport
from tests.graphql_client import post_graphql, stable
from tests.neo4j_provider import Neo4jTarget

LINEAGE = """query($id: ID!, $direction: LineageDirection!, $scope: LineageScope, $depth: Int) {
  lineage(bodyId: $id, direction: $direction, scope: $scope, depth: $depth) {
    direction scope
    steps { depth relation summary from { bodyId name } to { bodyId name } event { id type } }
  }
}"""


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def lineage(
    client: TestClient, body_id: str, direction: str, scope: str | None = None, depth: int = 1
) -> dict[str, Any]:
    variables: dict[str, Any] = {"id": body_id, "direction": direction, "depth": depth}
    if scope is not None:
        variables["scope"] = scope
    body = post_graphql(client, LINEAGE, variables)
    assert "errors" not in body, body["errors"]
    answer: dict[str, Any] = body["data"]["lineage"]
    return answer


def relations(answer: dict[str, Any]) -> set[tuple[str, str]]:
    return {(s["to"]["bodyId"], s["relation"]) for s in answer["steps"]}


# --- the analyst's questions ------------------------------------------------------------------


def test_the_land_bureau_merged_into_natural_resources_and_only_transferred_duties_elsewhere(
    client: TestClient,
) -> None:
    default = lineage(client, "620700.land_resources", "SUCCESSORS")
    assert default["scope"] == "SUCCESSION"
    assert relations(default) == {("620700.natural_resources", "MERGED_INTO")}
    assert [s["summary"] for s in default["steps"]] == ["张掖市国土资源局 merged into 张掖市自然资源局"]

    wide = lineage(client, "620700.land_resources", "SUCCESSORS", "WITH_DUTY_TRANSFERS")
    assert wide["scope"] == "WITH_DUTY_TRANSFERS"
    assert relations(wide) == {
        ("620700.natural_resources", "MERGED_INTO"),
        ("620700.agriculture_rural", "TRANSFERRED_DUTIES_TO"),
        ("620700.ecology_environment", "TRANSFERRED_DUTIES_TO"),
        ("620700.emergency_management", "TRANSFERRED_DUTIES_TO"),
    }
    transfer = next(s for s in wide["steps"] if s["to"]["bodyId"] == "620700.ecology_environment")
    assert transfer["summary"] == f"张掖市国土资源局 transferred some duties to {transfer['to']['name']}"


def test_natural_resources_came_from_two_merged_bodies_and_received_duties_from_two_others(
    client: TestClient,
) -> None:
    default = lineage(client, "620700.natural_resources", "PREDECESSORS")
    assert relations(default) == {
        ("620700.urban_rural_planning", "MERGED_INTO"),
        ("620700.land_resources", "MERGED_INTO"),
    }
    land = next(s for s in default["steps"] if s["to"]["bodyId"] == "620700.land_resources")
    assert land["summary"] == "张掖市自然资源局 was formed in part from 张掖市国土资源局 (merged into it)"

    wide = lineage(client, "620700.natural_resources", "PREDECESSORS", "WITH_DUTY_TRANSFERS")
    assert relations(wide) == relations(default) | {
        ("620700.development_reform", "TRANSFERRED_DUTIES_TO"),
        ("620700.water_resources", "TRANSFERRED_DUTIES_TO"),
    }
    summaries = {s["to"]["bodyId"]: s["summary"] for s in wide["steps"]}
    assert summaries["620700.development_reform"] == "张掖市自然资源局 received duties from 张掖市发展和改革委员会"
    assert summaries["620700.water_resources"] == "张掖市自然资源局 received duties from 张掖市水务局"


@pytest.mark.parametrize(
    ("body", "predecessor", "event_type"),
    [
        ("620702.natural_resources", "620702.land_resources", "FORMED"),  # formed from one body
        ("620000.natural_resources", "620000.land_resources", "REPLACED"),
    ],
)
def test_one_ended_predecessor_is_continued(client: TestClient, body: str, predecessor: str, event_type: str) -> None:
    back = lineage(client, body, "PREDECESSORS")
    assert relations(back) == {(predecessor, "CONTINUED_AS")}
    (step,) = back["steps"]
    assert step["event"]["type"] == event_type
    assert step["summary"] == f"{step['from']['name']} was formed from {step['to']['name']} (continued as it)"
    forward = lineage(client, predecessor, "SUCCESSORS")
    assert relations(forward) == {(body, "CONTINUED_AS")}
    assert forward["steps"][0]["summary"] == f"{step['to']['name']} continued as {step['from']['name']}"


def test_a_body_absorbed_by_a_reformed_one_merged_into_it(client: TestClient) -> None:
    back = lineage(client, "620700.justice", "PREDECESSORS")
    # the re-formed justice bureau is not its own predecessor
    assert relations(back) == {("620700.legal_affairs", "MERGED_INTO")}
    forward = lineage(client, "620700.legal_affairs", "SUCCESSORS")
    assert relations(forward) == {("620700.justice", "MERGED_INTO")}


def test_a_hand_over_of_duties_is_a_transfer_by_its_type(client: TestClient) -> None:
    # press and film duties went from the culture bureau (which merged into 文化广电和旅游局) to propaganda
    assert lineage(client, "620700.propaganda", "PREDECESSORS")["steps"] == []
    wide = lineage(client, "620700.propaganda", "PREDECESSORS", "WITH_DUTY_TRANSFERS")
    assert relations(wide) == {("620700.culture_radio_press", "TRANSFERRED_DUTIES_TO")}
    forward = lineage(client, "620700.culture_radio_press", "SUCCESSORS", "WITH_DUTY_TRANSFERS")
    assert relations(forward) == {
        ("620700.culture_tourism", "MERGED_INTO"),
        ("620700.propaganda", "TRANSFERRED_DUTIES_TO"),
    }


def test_each_step_of_a_longer_lineage_has_its_own_relation(client: TestClient) -> None:
    # the fire-safety design review: the fire brigade (which continued the public-security fire
    # branch) handed it over to the housing bureau
    deep = lineage(client, "620700.housing_construction", "PREDECESSORS", "WITH_DUTY_TRANSFERS", depth=2)
    assert {(s["depth"], s["from"]["bodyId"], s["to"]["bodyId"], s["relation"]) for s in deep["steps"]} == {
        (1, "620700.housing_construction", "620700.fire_rescue_branch", "TRANSFERRED_DUTIES_TO"),
        (2, "620700.fire_rescue_branch", "620700.public_security_fire_branch", "CONTINUED_AS"),
    }
    assert lineage(client, "620700.housing_construction", "PREDECESSORS", depth=2)["steps"] == []


# --- the event says which of its original bodies only handed over duties ---------------------


def test_an_event_lists_its_original_bodies_and_those_that_only_handed_over_duties(client: TestClient) -> None:
    query = """{ node(id: "event.620700.natural_resources_formed") {
      ... on ReformEvent { original { bodyId } dutiesFrom { bodyId } } } }"""
    event = post_graphql(client, query)["data"]["node"]
    assert {b["bodyId"] for b in event["original"]} == {
        "620700.urban_rural_planning",
        "620700.land_resources",
        "620700.development_reform",
        "620700.water_resources",
    }
    assert [b["bodyId"] for b in event["dutiesFrom"]] == ["620700.development_reform", "620700.water_resources"]
    transfer = post_graphql(
        client, '{ node(id: "event.620700.press_film_to_propaganda") { ... on ReformEvent { dutiesFrom { bodyId } } } }'
    )
    assert transfer["data"]["node"]["dutiesFrom"] == [{"bodyId": "620700.culture_radio_press"}]


def test_original_relationships_carry_their_role(sync_driver: Driver, neo4j_target: Neo4jTarget, seeded: Any) -> None:
    records, _, _ = sync_driver.execute_query(
        "MATCH (e:ReformEvent)-[o:ORIGINAL]->(b:Body) RETURN e.id AS event, b.id AS body, o.role AS role",
        database_=neo4j_target.database,
    )
    roles = {(r["event"], r["body"]): r["role"] for r in records}
    assert set(roles.values()) == {"predecessor", "duties_only"}
    assert roles[("event.620700.natural_resources_formed", "620700.land_resources")] == "predecessor"
    assert roles[("event.620700.agriculture_rural_formed", "620700.land_resources")] == "duties_only"
    assert roles[("event.620700.press_film_to_propaganda", "620700.culture_radio_press")] == "duties_only"
    # a body is the ended predecessor of one event at most
    ended = [body for (_, body), role in roles.items() if role == "predecessor"]
    records, _, _ = sync_driver.execute_query(
        "MATCH (e:ReformEvent)-[:ORIGINAL {role: 'predecessor'}]->(b:Body) WHERE NOT (e)-[:RESULTING]->(b) "
        "WITH b, count(e) AS events WHERE events > 1 RETURN b.id AS body",
        database_=neo4j_target.database,
    )
    assert ended and not records


# --- one statement per request, whatever the scope ---------------------------------------------


def test_each_lineage_request_is_one_statement_with_the_scope_as_a_parameter(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    sent: list[list[Any]] = []
    for scope in ("SUCCESSION", "WITH_DUTY_TRANSFERS"):
        db.recorder = []
        before = db.round_trips
        try:
            lineage(client, "620700.natural_resources", "PREDECESSORS", scope, depth=3)
            sent.append(list(db.recorder))
        finally:
            db.recorder = None
        assert db.round_trips - before == 1
    (narrow,), (wide,) = sent
    assert narrow[1] == wide[1]  # the same text: the scope is a parameter
    assert (narrow[2]["scope"], wide[2]["scope"]) == ("succession", "with_duty_transfers")
    assert stable(narrow[2]["bodyId"]) == "620700.natural_resources"
