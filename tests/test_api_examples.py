"""The README's example queries, run as written on the seed data, and the API's quality bar:
bounded round trips, keyset cursors, per-request loaders, clear errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT
from tests.graphql_client import post_graphql, stable
from tests.neo4j_provider import Neo4jTarget

EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\s*```graphql\n(.*?)```", re.DOTALL)
EXAMPLES = dict(EXAMPLE.findall((PROJECT_ROOT / "README.md").read_text(encoding="utf-8")))
ARTICLE_DATE = dt.date(2019, 12, 24)


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def uncached_client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    """For tests that change the graph with Cypher of their own, outside the service (the result
    cache cannot see such a change: docs/operations.md, "Caching"), and that count the statements
    a request sends."""
    with TestClient(create_app(settings.model_copy(update={"result_cache_bytes": 0}))) as test_client:
        yield test_client


run = post_graphql


def example(client: TestClient, name: str) -> dict[str, Any]:
    body = run(client, EXAMPLES[name])
    assert "errors" not in body, body.get("errors")
    data: dict[str, Any] = body["data"]
    return data


def cypher(driver: Driver, target: Neo4jTarget, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=target.database)
    return [r.data() for r in records]


def test_every_readme_example_is_tested() -> None:
    tested = {name for name in EXAMPLES if f'"{name}"' in (PROJECT_ROOT / "tests" / "test_api_examples.py").read_text()}
    assert len(EXAMPLES) >= 15
    assert tested == set(EXAMPLES)


# --- counterparts ---------------------------------------------------------------------------


def test_counterpart_in_ganzhou(client: TestClient) -> None:
    answers = example(client, "counterparts-in-ganzhou")["counterparts"]["answers"]
    assert [a["jurisdiction"]["name"] for a in answers] == ["甘州区"]
    (answer,) = answers
    assert answer["found"] is True
    assert [(stable(m["body"]["id"]), m["match"], m["basis"]) for m in answer["matches"]] == [
        ("620702.natural_resources", "EXACT", "FUNCTIONS")
    ]


def test_counterparts_in_every_county(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    answers = example(client, "counterparts-in-every-county")["counterparts"]["answers"]
    counties = {
        row["code"]
        for row in cypher(
            sync_driver,
            neo4j_target,
            "MATCH (c:Jurisdiction {level: 'county'})-[:PART_OF]->(:Jurisdiction {code: '620700'}) "
            "RETURN c.code AS code",
        )
    }
    assert {a["jurisdiction"]["code"] for a in answers} == counties
    for answer in answers:
        exact = [stable(m["body"]["id"]) for m in answer["matches"] if m["match"] == "EXACT"]
        assert exact == [f"{answer['jurisdiction']['code']}.natural_resources"], answer


def test_county_body_counterparts_upward(client: TestClient) -> None:
    answers = {a["jurisdiction"]["name"]: a for a in example(client, "counterparts-upward")["counterparts"]["answers"]}
    assert set(answers) == {"张掖市", "甘肃省"}
    assert all(a["direction"] == "UP" for a in answers.values())
    city = {stable(m["body"]["id"]): m for m in answers["张掖市"]["matches"]}
    assert city["620700.culture_tourism"]["match"] == "MERGED"
    province = answers["甘肃省"]["matches"]
    assert len(province) >= 2, "the province keeps culture-tourism, radio-TV and sport apart"
    assert all(m["match"] == "MERGED" for m in province)


def test_a_field_with_no_counterpart_says_none_with_a_reason(client: TestClient) -> None:
    # the city keeps a state-assets commission (a local body); counties have none
    body = run(
        client,
        '{ counterparts(bodyId: "620700.state_assets", jurisdiction: "620721", asOf: "2019-12-24") '
        "{ answers { found reason matches { body { id } } } } }",
    )
    (answer,) = body["data"]["counterparts"]["answers"]
    assert answer["found"] is False and answer["matches"] == []
    assert answer["reason"].startswith("none") and "state_assets" in answer["reason"]


def test_none_says_why_not_required_at_county_level(client: TestClient) -> None:
    body = run(
        client,
        '{ counterparts(bodyId: "620700.state_assets", direction: DOWN, asOf: "2019-12-24") '
        "{ answers { found noneReason reason } } }",
    )
    answers = body["data"]["counterparts"]["answers"]
    assert len(answers) == 6
    assert all(a["noneReason"] == "NOT_REQUIRED" and "not required at county level" in a["reason"] for a in answers)
    found = run(
        client, '{ counterparts(bodyId: "620700.natural_resources", direction: DOWN) { answers { noneReason } } }'
    )
    assert all(a["noneReason"] is None for a in found["data"]["counterparts"]["answers"])


def test_vertical_branch_is_a_vertical_match(client: TestClient) -> None:
    body = run(
        client,
        '{ counterparts(bodyId: "620700.ecology_environment", jurisdiction: "620722", asOf: "2019-12-24") '
        "{ answers { matches { match basis body { id kind } } } } }",
    )
    (answer,) = body["data"]["counterparts"]["answers"]
    assert [(m["match"], m["body"]["kind"]) for m in answer["matches"]] == [("VERTICAL", "VERTICAL_BRANCH")]


# --- duties and lineage ---------------------------------------------------------------------


def test_trail_of_the_fire_safety_design_review(client: TestClient) -> None:
    data = example(client, "duty-trail")
    found = {stable(hit["duty"]["id"]): hit for hit in data["duties"]}
    assert [h["name"] for h in found["duty.620700.fire_design_review"]["holders"]] == ["张掖市住房和城乡建设局"]
    trail = data["dutyTrail"]
    holders = [stable(h["body"]["id"]) for h in trail["holdings"]]
    assert holders[-1] == "620700.housing_construction"
    assert len(holders) >= 2
    last_move = trail["moves"][-1]
    assert last_move["to"]["name"] == "张掖市住房和城乡建设局"
    assert last_move["event"]["type"] == "DUTIES_TRANSFERRED"
    assert last_move["event"]["document"]["title"]
    assert all(move["event"] is not None for move in trail["moves"])


def test_lineage_of_natural_resources_back_to_land_and_planning(client: TestClient) -> None:
    steps = example(client, "lineage-back")["lineage"]["steps"]
    direct = {stable(s["to"]["id"]): s for s in steps if s["depth"] == 1}
    assert {"620700.land_resources", "620700.urban_rural_planning"} <= set(direct)
    event = direct["620700.land_resources"]["event"]
    assert event["document"]["title"] and event["date"]["text"]
    assert any("土地" in d["text"] for d in event["duties"])
    # succession only: the bodies that merged, not 发改委 or 水务局, which only handed over duties
    assert set(direct) == {"620700.land_resources", "620700.urban_rural_planning"}
    assert {s["relation"] for s in direct.values()} == {"MERGED_INTO"}
    assert all("张掖市自然资源局" in s["summary"] for s in direct.values())


def test_what_became_of_the_land_resources_bureau(client: TestClient) -> None:
    steps = example(client, "lineage-forward")["lineage"]["steps"]
    # it merged into the natural-resources bureau; nothing else succeeded it
    assert [(stable(s["to"]["id"]), s["relation"]) for s in steps] == [("620700.natural_resources", "MERGED_INTO")]
    assert steps[0]["summary"] == "张掖市国土资源局 merged into 张掖市自然资源局"


def test_duty_transfers_are_told_apart_from_succession(client: TestClient) -> None:
    steps = example(client, "lineage-with-transfers")["lineage"]["steps"]
    relations = {s["to"]["bodyId"]: s["relation"] for s in steps}
    assert relations == {
        "620700.natural_resources": "MERGED_INTO",
        "620700.agriculture_rural": "TRANSFERRED_DUTIES_TO",
        "620700.ecology_environment": "TRANSFERRED_DUTIES_TO",
        "620700.emergency_management": "TRANSFERRED_DUTIES_TO",
    }
    for step in steps:
        handed_over = {b["bodyId"] for b in step["event"]["dutiesFrom"]}
        assert ("620700.land_resources" in handed_over) == (step["relation"] == "TRANSFERRED_DUTIES_TO")


# --- org chart and changes ------------------------------------------------------------------


def chart_ids(chart: dict[str, Any]) -> set[str]:
    return {stable(b["id"]) for group in chart["groups"] for b in group["bodies"]}


def test_org_chart_before_and_after_the_reform(client: TestClient) -> None:
    before = example(client, "org-chart-2018")["orgChart"]
    after = example(client, "org-chart-2019")["orgChart"]
    assert "620700.land_resources" in chart_ids(before) and "620700.natural_resources" not in chart_ids(before)
    assert "620700.natural_resources" in chart_ids(after) and "620700.land_resources" not in chart_ids(after)
    assert len(after["commissions"]) == 12
    assert all(stable(c["office"]["host"]["id"]) for c in after["commissions"])
    bureau = next(b for g in after["groups"] for b in g["bodies"] if stable(b["id"]) == "620700.natural_resources")
    assert bureau["sections"] and all(s["staffing"]["quota"] == 3 for s in bureau["sections"])
    for group in after["groups"]:
        assert group["count"] == len(group["bodies"])


def test_changes_between_the_two_dates(client: TestClient) -> None:
    changes = example(client, "changes")["changes"]
    assert "620700.natural_resources" in {stable(b["id"]) for b in changes["formed"]}
    assert "620700.land_resources" in {stable(b["id"]) for b in changes["ended"]}
    assert "城乡规划管理" in {d["text"] for d in changes["dutiesMoved"]}
    assert sum(t["count"] for t in changes["byType"]) == len(changes["entries"])


# --- search and paging ----------------------------------------------------------------------


def test_search_for_fire(client: TestClient) -> None:
    hits = example(client, "search-fire")["search"]
    assert {"BODY", "DUTY"} <= {h["kind"] for h in hits}
    assert "duty.620700.fire_design_review" in {stable(h["duty"]["id"]) for h in hits if h["duty"]}
    assert all("消防" in h["matchedText"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_for_natural_resources(client: TestClient) -> None:
    hits = example(client, "search-natural-resources")["search"]
    assert stable(hits[0]["body"]["id"]).endswith(".natural_resources")
    assert all("自然资源" in h["matchedText"] for h in hits)


def test_search_finds_abbreviations_and_respects_as_of(client: TestClient) -> None:
    hits = run(client, '{ search(text: "市监局") { matchedText body { id } } }')["data"]["search"]
    assert "620700.market_regulation" in {stable(h["body"]["id"]) for h in hits}
    gone = run(client, '{ search(text: "国土资源局", asOf: "2020-06-01") { body { id } } }')["data"]["search"]
    there = run(client, '{ search(text: "国土资源局", asOf: "2018-06-01") { body { id } } }')["data"]["search"]
    assert "620700.land_resources" not in {stable(h["body"]["id"]) for h in gone if h["body"]}
    assert "620700.land_resources" in {stable(h["body"]["id"]) for h in there if h["body"]}


def test_search_text_is_literal(client: TestClient) -> None:
    body = run(client, '{ search(text: "消防\\" OR * AND (") { kind } }')
    assert "errors" not in body
    empty = run(client, '{ search(text: "   ") { kind } }')
    assert empty["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_bodies_page_and_total(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    page = example(client, "bodies-page")["bodies"]
    (row,) = cypher(
        sync_driver,
        neo4j_target,
        "MATCH (b:Body {jurisdiction: '620700', kind: 'government_department'}) "
        "WHERE (b.validFromLatest IS NULL OR b.validFromLatest <= $day) "
        "AND (b.validToEarliest IS NULL OR b.validToEarliest > $day) "
        "RETURN count(b) AS n",
        day=ARTICLE_DATE,
    )
    assert page["totalCount"] == row["n"]
    assert len(page["edges"]) == 5 and page["pageInfo"]["hasNextPage"] is True


def page_of(client: TestClient, after: str | None) -> tuple[list[str], str]:
    args = f', after: "{after}"' if after else ""
    body = run(
        client,
        f'{{ bodies(jurisdiction: "620700", asOf: "2019-12-24", first: 4{args}) '
        "{ edges { node { id } } pageInfo { endCursor } } }",
    )
    data = body["data"]["bodies"]
    return [stable(e["node"]["id"]) for e in data["edges"]], data["pageInfo"]["endCursor"]


def test_cursors_are_stable_when_rows_are_added_before_the_page(
    uncached_client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    client = uncached_client
    first, cursor = page_of(client, None)
    second, _ = page_of(client, cursor)
    cypher(
        sync_driver,
        neo4j_target,
        "CREATE (:Record:Body {uid: 'body:620700.aaa_test', id: '620700.aaa_test', name: '一一测试', "
        "kind: 'government_department', jurisdiction: '620700', sources: ['doc.article-2019'], "
        "confidence: 'inferred'})",
    )
    try:
        assert page_of(client, None)[0][0] == "620700.aaa_test"  # the new row sorts first ...
        assert page_of(client, cursor)[0] == second  # ... and the next page is unchanged
    finally:
        cypher(sync_driver, neo4j_target, "MATCH (b:Body {id: '620700.aaa_test'}) DETACH DELETE b")
    assert first and len(set(first) | set(second)) == 8


# --- the quality bar ------------------------------------------------------------------------


def round_trips(client: TestClient, query: str) -> int:
    db = client.app.state.db  # type: ignore[attr-defined]
    before = db.round_trips
    body = run(client, query)
    assert "errors" not in body, body.get("errors")
    return int(db.round_trips - before)


def test_a_full_org_chart_costs_a_bounded_number_of_round_trips(uncached_client: TestClient) -> None:
    client = uncached_client
    chart = EXAMPLES["org-chart-2019"]
    city = round_trips(client, chart)
    county = round_trips(client, chart.replace('"620700"', '"620722"'))
    province = round_trips(client, chart.replace('"620700"', '"620000"'))
    # one query for the chart, then one batched query per kind of related object and level of
    # nesting that has anything to load: never one per body (the city's chart has over 60)
    assert city <= 5, city
    assert county <= city and province <= city, (city, county, province)


def test_loaders_are_not_shared_between_requests(
    uncached_client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    client = uncached_client
    query = '{ body(id: "620700.finance") { name } }'
    name = run(client, query)["data"]["body"]["name"]
    cypher(sync_driver, neo4j_target, "MATCH (b:Body {id: '620700.finance'}) SET b.name = 'renamed for test'")
    try:
        assert run(client, query)["data"]["body"]["name"] == "renamed for test"
    finally:
        cypher(sync_driver, neo4j_target, "MATCH (b:Body {id: '620700.finance'}) SET b.name = $name", name=name)


def test_unknown_id_is_null_and_not_found(client: TestClient) -> None:
    body = run(client, EXAMPLES["error-unknown-id"])
    assert body["data"] == {"body": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "620700.no_such_bureau" in body["errors"][0]["message"]


def test_malformed_date_is_bad_user_input(client: TestClient) -> None:
    body = run(client, EXAMPLES["error-malformed-date"])
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "2019-02-30" in body["errors"][0]["message"]


def test_org_tree_of_the_city_and_its_counties(client: TestClient) -> None:
    city = example(client, "org-tree-city-and-counties")["jurisdiction"]
    tree = city["orgChart"]["tree"]
    by_key = {node["key"]: node for node in tree}
    bureau = next(n for n in tree if n["label"] == "张掖市自然资源局")
    assert by_key[bureau["parentKey"]]["label"] == "张掖市人民政府"
    assert bureau["body"]["id"] == "620700.natural_resources@2019-12-24"
    assert bureau["body"]["bodyId"] == "620700.natural_resources"
    counties = city["descendants"]
    assert len(counties) == 6
    for county in counties:
        roots = [n["label"] for n in county["orgChart"]["tree"] if n["parentKey"] is None]
        assert roots[:2] == [f"中共{county['name']}委", f"{county['name']}人民政府"]


def test_figures_next_to_the_graphs_counts(client: TestClient) -> None:
    by_metric = {f["metric"]: f for f in example(client, "figures")["figures"]}
    required = by_metric["required_bodies_after"]
    assert (required["value"], required["passage"]) == (40, "中央、省委要求必设的40个机构均对应设置")
    assert required["difference"] == required["value"] - required["graphCount"]
    assert by_metric["functions_returned"]["value"] == 1844 and by_metric["functions_returned"]["graphCount"] is None
    assert all(f["sources"] for f in by_metric.values())
    # the article's six counties, and the graph holds each one
    assert (by_metric["counties"]["value"], by_metric["counties"]["graphCount"]) == (6, 6)


def test_provenance_never_overclaims(client: TestClient) -> None:
    data = example(client, "provenance")
    (answer,) = data["counterparts"]["answers"]
    (match,) = answer["matches"]
    # the county ecology branch: no cited document states the correspondence, and the branch is inferred
    assert (match["match"], match["basis"], match["confidence"]) == ("VERTICAL", "MANAGEMENT", "INFERRED")
    assert match["body"]["confidence"] == "INFERRED" and "no cited document states it" in match["reason"]
    # the placeholder planning body: existence confirmed, name and kind inferred (and said so)
    planning = data["body"]
    assert (planning["confidence"], planning["inferredParts"]) == ("CONFIRMED", ["name", "kind"])
    assert "name and kind are inferred" in planning["note"]
    (figure,) = data["figures"]
    (citation,) = figure["citations"]
    article = (PROJECT_ROOT / "seed" / "texts" / "article-2019.zh.txt").read_text(encoding="utf-8")
    assert figure["value"] == 40 and citation["quote"] in article and citation["locator"]


def test_correspondence_knows_what_it_does_not_know(client: TestClient) -> None:
    data = example(client, "correspondence-unknown")
    report = data["correspondenceReport"]
    assert report["totals"]["missing"] == 0 and report["totals"]["unknown"] == 2
    (city,) = report["lower"]
    gaps = {f["function"]: f for f in city["functions"] if f["status"] in ("MISSING", "UNKNOWN")}
    assert set(gaps) == {"policy_research", "sports"}
    assert all(
        f["status"] == "UNKNOWN" and f["statedBy"] == ["doc.article-2019"] and f["wouldSettle"] for f in gaps.values()
    )
    # a county field with no counterpart says why: state assets are not required at county level
    answers = data["counterparts"]["answers"]
    assert len(answers) == 6 and not any(a["found"] for a in answers)
    assert {a["noneReason"] for a in answers} == {"NOT_REQUIRED"}


def test_over_deep_query_is_refused(client: TestClient) -> None:
    body = run(client, EXAMPLES["error-too-deep"])
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('{ orgChart(jurisdiction: "999999") { groups { kind } } }', "NOT_FOUND"),
        ('{ dutyTrail(dutyId: "duty.nowhere") { duty { id } } }', "NOT_FOUND"),
        ("{ bodies(first: 0) { totalCount } }", "BAD_USER_INPUT"),
        ("{ bodies(first: 101) { totalCount } }", "BAD_USER_INPUT"),
        ('{ bodies(after: "not-a-cursor") { totalCount } }', "BAD_USER_INPUT"),
        ('{ lineage(bodyId: "620700.natural_resources", depth: 11) { steps { depth } } }', "BAD_USER_INPUT"),
        (
            '{ changes(jurisdiction: "620700", from: "2020-01-01", to: "2019-01-01") { byType { count } } }',
            "BAD_USER_INPUT",
        ),
        ('{ counterparts(bodyId: "620700.nowhere") { answers { found } } }', "NOT_FOUND"),
    ],
)
def test_bad_requests_get_clear_codes(client: TestClient, query: str, code: str) -> None:
    body = run(client, query)
    assert body["errors"][0]["extensions"]["code"] == code, body
    assert "Traceback" not in str(body)


def test_aliases_are_limited(client: TestClient) -> None:
    many = " ".join(f"a{i}: serverInfo {{ edition }}" for i in range(40))
    body = run(client, f"{{ {many} }}")
    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"]


def test_hierarchy_fields_on_a_list_are_batched(client: TestClient) -> None:
    query = (
        "{ jurisdictions(level: COUNTY) { code ancestors { code } descendants(depth: 2) { code } parent { name } } }"
    )
    trips = round_trips(client, query)
    # the list and its items, one batched query each for ancestors and descendants, and one per
    # level of nesting for the jurisdictions they name: bounded, never one per item
    assert trips <= 8, trips
    assert round_trips(client, query.replace("(level: COUNTY)", "")) <= 8
    counties = run(client, query)["data"]["jurisdictions"]
    assert len(counties) == 6
    for county in counties:
        assert [a["code"] for a in county["ancestors"]] == ["620700", "620000"]
    ganzhou = next(c for c in counties if c["code"] == "620702")
    assert [d["code"] for d in ganzhou["descendants"]] == ["620702100"]
