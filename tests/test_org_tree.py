"""The org chart as a tree (OrgChart.tree, Jurisdiction.orgChart) on the real seed: roots in
official order, each body once under the right parent, siblings numbered, counties' branches
marked, a city and its counties in one statement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport
from graph_service.read.org_tree import BodyFacts, TreeItem, arrange
from tests.graphql_client import post_graphql

TREE = """query($code: ID!, $d: Date!) {
  orgChart(jurisdiction: $code, asOf: $d) {
    tree { key parentKey depth order side relation label body { bodyId name kind jurisdiction { code } } }
  }
}"""
SIDES = ["PARTY_COMMITTEE", "GOVERNMENT", "PEOPLES_CONGRESS", "CPPCC", "DISCIPLINE_SUPERVISION", "COURT",
         "PROCURATORATE", "OTHER"]  # fmt: skip
# independent of cypher/: the date rule written out (docs/model.md, Dates)
CERTAIN_BODIES = """
MATCH (b:Body {jurisdiction: $code})
WHERE (b.validFromLatest IS NULL OR b.validFromLatest <= date($d))
  AND (b.validToEarliest IS NULL OR b.validToEarliest > date($d))
RETURN b.id AS id
"""


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def tree(client: TestClient, code: str, day: str) -> list[dict[str, Any]]:
    body = post_graphql(client, TREE, {"code": code, "d": day})
    assert "errors" not in body, body
    nodes: list[dict[str, Any]] = body["data"]["orgChart"]["tree"]
    return nodes


def by_name(nodes: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (node,) = [n for n in nodes if n["body"] and n["body"]["name"] == name]
    return node


@pytest.mark.parametrize(
    ("code", "day"), [("620700", "2019-12-24"), ("620700", "2018-06-01"), ("620722", "2019-12-24")]
)
def test_each_body_of_the_date_once_in_a_well_formed_tree(
    client: TestClient, sync_driver: Driver, code: str, day: str
) -> None:
    nodes = tree(client, code, day)
    expected = {r["id"] for r in sync_driver.execute_query(CERTAIN_BODIES, code=code, d=day).records}
    bodies = [n["body"]["bodyId"] for n in nodes if n["body"]]
    assert Counter(bodies) == Counter(expected)  # every body once, and only this jurisdiction's
    assert all(n["body"]["jurisdiction"]["code"] == code for n in nodes if n["body"])
    seen: dict[str, dict[str, Any]] = {}
    for node in nodes:  # display order: a parent comes before its children
        parent = seen.get(node["parentKey"]) if node["parentKey"] else None
        assert (parent is None) == (node["parentKey"] is None), node
        assert node["depth"] == (parent["depth"] + 1 if parent else 0)
        assert node["side"] == (parent["side"] if parent else node["key"].removeprefix("side:"))
        assert (node["relation"] == "SIDE") == (node["depth"] == 0) == (node["body"] is None)
        seen[node["key"]] = node
    positions: dict[str | None, list[int]] = {}
    for node in nodes:
        positions.setdefault(node["parentKey"], []).append(node["order"])
    assert all(orders == list(range(1, len(orders) + 1)) for orders in positions.values())
    roots = [n["side"] for n in nodes if n["depth"] == 0]
    assert roots == sorted(roots, key=SIDES.index)


def test_the_city_on_2019_12_24(client: TestClient) -> None:
    nodes = tree(client, "620700", "2019-12-24")
    roots = [(n["side"], n["label"]) for n in nodes if n["depth"] == 0]
    assert roots[:2] == [("PARTY_COMMITTEE", "中共张掖市委"), ("GOVERNMENT", "张掖市人民政府")]
    bureau = by_name(nodes, "张掖市自然资源局")
    assert (bureau["parentKey"], bureau["relation"], bureau["depth"]) == ("side:GOVERNMENT", "BODY", 1)
    sections = [n for n in nodes if n["parentKey"] == bureau["key"]]
    assert sections and all(n["relation"] == "SECTION" for n in sections)
    assert "张掖市国土资源局" not in {n["label"] for n in nodes}
    reform = by_name(nodes, "中共张掖市委全面深化改革委员会")
    assert reform["relation"] == "COMMISSION"
    assert reform["parentKey"] == "620700.party_general_office"  # the body its office sits in
    commissions = [n for n in nodes if n["body"] and n["body"]["kind"] == "COMMISSION"]
    assert len(commissions) == 12 and all(n["relation"] == "COMMISSION" for n in commissions)


def test_before_the_reform(client: TestClient) -> None:
    nodes = tree(client, "620700", "2018-06-01")
    assert by_name(nodes, "张掖市国土资源局")["parentKey"] == "side:GOVERNMENT"
    assert "张掖市自然资源局" not in {n["label"] for n in nodes}


def test_a_county_shows_the_city_bureaus_branch_as_a_branch(client: TestClient) -> None:
    nodes = tree(client, "620722", "2019-12-24")
    branch = by_name(nodes, "张掖市生态环境局民乐分局")
    assert (branch["relation"], branch["parentKey"]) == ("BRANCH", "side:GOVERNMENT")
    assert [n["label"] for n in nodes if n["depth"] == 0][:2] == ["中共民乐县委", "民乐县人民政府"]


def test_a_city_and_its_counties_in_one_statement(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    db.recorder = []
    try:
        body = post_graphql(
            client,
            """{ jurisdiction(code: "620700") {
                 orgChart(asOf: "2019-12-24") { tree { label } }
                 descendants { code orgChart(asOf: "2019-12-24") { asOf tree { key label side } } } } }""",
        )
        sent = [name for name, _, _ in db.recorder]
    finally:
        db.recorder = None
    assert sent == ["read/jurisdiction"]
    city = body["data"]["jurisdiction"]
    assert "张掖市自然资源局" in {n["label"] for n in city["orgChart"]["tree"]}
    counties = city["descendants"]
    assert len(counties) == 6
    assert all(c["orgChart"]["asOf"] == "2019-12-24" and c["orgChart"]["tree"] for c in counties)


def facts(id_: str, kind: str, part_of: str | None = None, host: str | None = None) -> TreeItem:
    body: BodyFacts = {
        "id": id_, "name": id_, "kind": kind, "place": "某市", "placeCode": "1", "partOf": part_of,
        "managedBy": None, "managerPlace": None, "officeHost": host, "functions": [],
    }  # fmt: skip
    return {"facts": body, "node": {}}


def test_a_missing_parent_or_a_cycle_falls_back_to_the_side() -> None:
    """Placement rules alone (no database): a section whose body is not in the chart, and a
    commission hosted by a body that is part of that commission."""
    arranged = arrange(
        [
            facts("orphan", "internal_section", part_of="gone"),
            facts("c", "commission", host="o"),
            facts("o", "party_organ", part_of="c"),
        ]
    )
    placed = {node.key: (node.parent.key if node.parent else None) for node, _, _ in arranged}
    assert placed["orphan"] == "side:GOVERNMENT"
    assert placed["c"] == "side:PARTY_COMMITTEE" or placed["o"] == "side:PARTY_COMMITTEE"
    assert len([key for key in placed if not key.startswith("side:")]) == 3
