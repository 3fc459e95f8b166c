"""The sources' figures through the API (Query.figures, Jurisdiction.figures): every figure of
the seed with its passage and document, next to what the graph counts on the date and why
the two differ; the graph's counts checked against Cypher written out here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport
from graph_service.paths import SEED_DIR
from tests.graphql_client import post_graphql

FIGURES = """query($code: ID!, $d: Date, $metric: String) {
  figures(jurisdiction: $code, asOf: $d, metric: $metric) {
    id figureId metric value passage asOf { text } graphCount graphCountAsOf difference explanation
    confidence sources { id }
  }
}"""
COUNT = """
MATCH (b:Body {jurisdiction: $code})
WHERE (b.validFromLatest IS NULL OR b.validFromLatest <= date($d))
  AND (b.validToEarliest IS NULL OR b.validToEarliest > date($d))
  AND ((b.requirement = $requirement) OR (b.kind IN $kinds))
RETURN count(b) AS n
"""


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def figures(client: TestClient, **variables: Any) -> list[dict[str, Any]]:
    body = post_graphql(client, FIGURES, {"code": "620700", **variables})
    assert "errors" not in body, body
    found: list[dict[str, Any]] = body["data"]["figures"]
    return found


def counted(driver: Driver, day: str, requirement: str | None = None, kinds: list[str] | None = None) -> int:
    records = driver.execute_query(COUNT, code="620700", d=day, requirement=requirement, kinds=kinds or []).records
    return int(records[0]["n"])


def test_every_figure_of_the_seed_is_reachable_with_its_passage(client: TestClient) -> None:
    seeded_figures = yaml.safe_load((SEED_DIR / "620700-zhangye" / "figures.yaml").read_text(encoding="utf-8"))
    expected = {f["id"]: f for f in seeded_figures["figures"]}
    answered = {f["figureId"]: f for f in figures(client, d="2019-12-24")}
    assert answered.keys() == expected.keys()
    for id_, figure in answered.items():
        assert figure["value"] == expected[id_]["value"]
        assert figure["passage"] == expected[id_]["description"]
        assert [s["id"] for s in figure["sources"]] == [ref["id"] for ref in expected[id_]["sources"]]
    # the article's figures (6 counties too) with the passage each quotes
    assert {f["value"] for f in answered.values()} >= {48, 40, 7, 12, 15, 20, 5, 28, 1844, 96, 6}


def test_the_graph_counts_next_to_the_figures(client: TestClient, sync_driver: Driver) -> None:
    by_metric = {f["metric"]: f for f in figures(client, d="2019-12-24")}
    required = by_metric["required_bodies_after"]
    assert required["graphCount"] == counted(sync_driver, "2019-12-24", requirement="required")
    assert required["difference"] == 40 - required["graphCount"] > 0
    assert required["explanation"].startswith(f"{required['difference']} not named in any source")
    local = by_metric["local_bodies_after"]
    assert local["graphCount"] == counted(sync_driver, "2019-12-24", requirement="local")
    assert by_metric["party_commissions"]["graphCount"] == counted(sync_driver, "2019-12-24", kinds=["commission"])
    assert by_metric["party_commissions"]["explanation"] == "The graph holds each one."
    unmodelled = by_metric["functions_returned"]
    assert (unmodelled["value"], unmodelled["graphCount"], unmodelled["difference"]) == (1844, None, None)
    assert "does not model" in unmodelled["explanation"]
    dated = by_metric["formed_or_reformed_sanding"]  # a figure with its own date counts on it
    assert (dated["asOf"]["text"], dated["graphCountAsOf"]) == ("2019-03-31", "2019-03-31")


def test_the_figure_before_the_reform_on_a_date_before_it(client: TestClient, sync_driver: Driver) -> None:
    (before,) = figures(client, d="2018-06-01", metric="party_government_bodies_before")
    kinds = ["party_organ", "government_department"]
    assert before["graphCount"] == counted(sync_driver, "2018-06-01", kinds=kinds)
    assert before["value"] == 48 and before["difference"] == 48 - before["graphCount"]


def test_a_jurisdictions_figures_come_with_it_in_one_statement(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    db.recorder = []
    try:
        body = post_graphql(
            client,
            '{ jurisdiction(code: "620700") { name figures(asOf: "2019-12-24") { metric value graphCount } }'
            ' node(id: "figure.620700.party_commissions") { id ... on Figure { value graphCount } } }',
        )
        sent = [name for name, _, _ in db.recorder]
    finally:
        db.recorder = None
    assert sent == ["read/jurisdiction", "read/nodes"]  # one statement per root field
    assert len(body["data"]["jurisdiction"]["figures"]) == 13
    # undated in its source, the figure counts on the date asked (today here), which its id carries
    node = body["data"]["node"]
    assert node == {"id": f"figure.620700.party_commissions@{dt.date.today()}", "value": 12, "graphCount": 12}


def test_a_figure_counted_on_the_date_asked_carries_that_date(client: TestClient) -> None:
    """A client cache keys objects by id: the same id for two dates' counts would mix them."""
    query = """{
      before: node(id: "figure.620700.party_commissions@2018-06-01") { id ... on Figure { figureId graphCount } }
      after: node(id: "figure.620700.party_commissions@2019-12-24") { id ... on Figure { graphCount } }
      dated: node(id: "figure.620700.adjusted_sanding") { id ... on Figure { figureId } }
      bad: node(id: "figure.620700.party_commissions@2019-02-30") { id }
    }"""
    body = post_graphql(client, query)
    assert body["data"]["before"] == {
        "id": "figure.620700.party_commissions@2018-06-01",
        "figureId": "figure.620700.party_commissions",
        "graphCount": 3,
    }
    assert body["data"]["after"] == {"id": "figure.620700.party_commissions@2019-12-24", "graphCount": 12}
    # dated by its source: the same count whatever is asked, under its stable id
    assert body["data"]["dated"] == {
        "id": "figure.620700.adjusted_sanding",
        "figureId": "figure.620700.adjusted_sanding",
    }
    assert body["data"]["bad"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "not a figure id" in error["message"]
