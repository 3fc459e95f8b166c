"""Curators record reform events through the API: the 2024 formation of the city party
social-work department, idempotency, roles, validation, concurrency, audit and retraction."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.auth import digest
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from tests.conftest import _load_real_seed
from tests.graph_snapshot import snapshot
from tests.graphql_client import stable
from tests.neo4j_provider import Neo4jTarget

EDITOR, READER, ADMIN = "key-editor-test", "key-reader-test", "key-admin-test"
KEYS = f"ed:editor:{digest(EDITOR)},rd:reader:{digest(READER)},ad:admin:{digest(ADMIN)}"
RECORD = """mutation($e: ReformEventInput!) {
  recordReformEvent(input: $e) { applied audit { id actor role summary } event { id type resulting { id } } }
}"""
RETRACT = 'mutation($id: ID!) { retractReformEvent(eventId: $id, reason: "recorded in error") { id action actor } }'
SOCIAL_WORK: dict[str, Any] = {
    "id": "event.620700.social_work_2024",
    "type": "FORMED",
    "date": "2024-03",
    "jurisdiction": "620700",
    "document": "doc.zhangye-social-work-2024",
    "newDocument": {
        "id": "doc.zhangye-social-work-2024",
        "title": "张掖市组建市委社会工作部",
        "kind": "decision",
        "date": "2024",
        "confirmed": False,
        "note": "test data: the national 2023 plan's pattern",
    },
    "description": "The city party committee forms its social-work department, taking duties from civil affairs.",
    "inferred": True,
    "note": "test data following the national 2023-2024 round",
    "dutiesFrom": ["620700.civil_affairs"],
    "newBodies": [
        {
            "id": "620700.social_work",
            "name": "中共张掖市委社会工作部",
            "shortName": "市委社会工作部",
            "kind": "PARTY_ORGAN",
            "functions": ["social_work"],
            "required": True,
        }
    ],
    "dutyMoves": [
        {
            "duty": "duty.620700.social_organisation_registration",
            "text": "社会组织登记管理和执法监督",
            "function": "social_work",
            "from": "620700.civil_affairs",
            "to": "620700.social_work",
        },
        {
            "duty": "duty.620700.volunteer_services",
            "text": "统筹推进志愿服务体系建设",
            "function": "social_work",
            "from": "620700.civil_affairs",
            "to": "620700.social_work",
        },
    ],
}
TRAIL = """{ dutyTrail(dutyId: "duty.620700.social_organisation_registration") {
  holdings { body { id } validFrom { text } validTo { text } }
  moves { from { id } to { id } event { id document { id title } } } } }"""
CHART = '{{ orgChart(jurisdiction: "620700", asOf: "{day}") {{ groups {{ kind bodies {{ id }} }} }} }}'
LINEAGE = """{ lineage(bodyId: "620700.social_work", scope: WITH_DUTY_TRANSFERS) {
  steps { relation to { id } event { id date { text } document { id } dutiesFrom { bodyId } } } } }"""


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"api_keys": KEYS}))) as test_client:
        yield test_client


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None, key: str | None = None) -> Any:
    response = post(client, query, variables, key)
    assert response.status_code == 200, response.text
    return response.json()


def chart_ids(client: TestClient, day: str) -> set[str]:
    data = gql(client, CHART.format(day=day))["data"]["orgChart"]
    return {stable(b["id"]) for group in data["groups"] for b in group["bodies"]}


def state(driver: Driver, target: Neo4jTarget) -> Any:
    return snapshot(driver, target.database, ignore=frozenset({"version"}))


def test_readers_and_strangers_cannot_write(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    before = state(sync_driver, neo4j_target)
    forbidden = gql(client, RECORD, {"e": SOCIAL_WORK}, key=READER)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = gql(client, RECORD, {"e": SOCIAL_WORK})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    stranger = post(client, RECORD, {"e": SOCIAL_WORK}, key="not-a-key")
    assert stranger.status_code == 401
    assert stranger.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert state(sync_driver, neo4j_target) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "2024-13"}, "not a real date"),
        (
            {"date": "2010", "original": ["620700.natural_resources"], "dutyMoves": []},
            "before 620700.natural_resources existed",
        ),
        ({"original": ["620700.nowhere"]}, "unknown body"),
        ({"type": "MERGED"}, "at least two original bodies"),
        # civil affairs continues: it only hands over duties
        ({"original": ["620700.civil_affairs"], "dutiesFrom": []}, "does not end (no valid_to)"),
        ({"resulting": ["620700.civil_affairs"]}, "620700.civil_affairs is in `duties_from` and in `resulting`"),
        ({"type": "NAMEPLATE_ADDED"}, "hands no duties over"),
        # the land-resources bureau ended in 2019, as a predecessor of the natural-resources bureau
        (
            {"date": "2019", "original": ["620700.land_resources"], "dutiesFrom": [], "dutyMoves": []},
            "620700.land_resources ends in event.620700.bad and also in event.620700.natural_resources_formed",
        ),
        (
            {"newBodies": [{"id": "620700.social_work", "name": "x", "kind": "PARTY_ORGAN", "functions": ["no_such"]}]},
            "unknown function",
        ),
        # a confirmed event needs a document that can state it (docs/model.md, Provenance rules)
        (
            {"inferred": False, "document": "doc.national-plan-2018", "newDocument": None},
            "doc.national-plan-2018 states facts of no particular jurisdiction (a template), not of 620700",
        ),
        ({"inferred": False}, "is known only from another document's mention, not of 620700"),
    ],
)
def test_a_bad_event_changes_nothing(
    client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget, change: dict[str, Any], message: str
) -> None:
    before = state(sync_driver, neo4j_target)
    event = {**copy.deepcopy(SOCIAL_WORK), **change, "id": "event.620700.bad"}
    body = gql(client, RECORD, {"e": event}, key=EDITOR)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    assert message in body["errors"][0]["message"]
    assert state(sync_driver, neo4j_target) == before


def test_the_social_work_department_and_its_retraction(
    client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget, settings: Settings
) -> None:
    before = state(sync_driver, neo4j_target)
    assert "620700.social_work" not in chart_ids(client, "2024-06-01")

    first = gql(client, RECORD, {"e": SOCIAL_WORK}, key=EDITOR)["data"]["recordReformEvent"]
    assert first["applied"] is True
    assert first["audit"]["actor"] == "ed" and first["audit"]["role"] == "editor"
    assert [stable(b["id"]) for b in first["event"]["resulting"]] == ["620700.social_work"]
    after = state(sync_driver, neo4j_target)

    # the same request again changes nothing
    again = gql(client, RECORD, {"e": SOCIAL_WORK}, key=EDITOR)["data"]["recordReformEvent"]
    assert again["applied"] is False and stable(again["audit"]["id"]) == stable(first["audit"]["id"])
    assert state(sync_driver, neo4j_target) == after
    # the same id for a different event is refused
    changed = gql(client, RECORD, {"e": {**SOCIAL_WORK, "description": "something else"}}, key=EDITOR)
    assert changed["errors"][0]["extensions"]["code"] == "CONFLICT"

    # the duty trail, the lineage and the org chart before and after the date show it
    trail = gql(client, TRAIL)["data"]["dutyTrail"]
    assert [
        (stable(h["body"]["id"]), (h["validFrom"] or {}).get("text"), (h["validTo"] or {}).get("text"))
        for h in trail["holdings"]
    ] == [("620700.civil_affairs", None, "2024-03"), ("620700.social_work", "2024-03", None)]
    assert stable(trail["moves"][0]["event"]["id"]) == SOCIAL_WORK["id"]
    assert stable(trail["moves"][0]["event"]["document"]["id"]) == "doc.zhangye-social-work-2024"
    steps = gql(client, LINEAGE)["data"]["lineage"]["steps"]
    assert [(stable(s["to"]["id"]), stable(s["event"]["id"]), s["relation"]) for s in steps] == [
        ("620700.civil_affairs", SOCIAL_WORK["id"], "TRANSFERRED_DUTIES_TO")
    ]
    assert steps[0]["event"]["dutiesFrom"] == [{"bodyId": "620700.civil_affairs"}]
    # civil affairs only handed over duties: succession alone finds no predecessor
    assert gql(client, LINEAGE.replace(", scope: WITH_DUTY_TRANSFERS", ""))["data"]["lineage"]["steps"] == []
    assert "620700.social_work" not in chart_ids(client, "2024-02-01")
    assert "620700.social_work" in chart_ids(client, "2024-06-01")

    # the audit trail and the body's history say who did it
    log = gql(client, '{ auditLog(eventId: "event.620700.social_work_2024") { action actor document } }')
    assert log["data"]["auditLog"] == [{"action": "record", "actor": "ed", "document": "doc.zhangye-social-work-2024"}]
    history = gql(client, '{ body(id: "620700.civil_affairs") { history { action eventId } } }')
    assert {"action": "record", "eventId": SOCIAL_WORK["id"]} in history["data"]["body"]["history"]

    # a seed reload keeps the curated records
    import asyncio

    report = asyncio.run(_load_real_seed(settings))
    assert not report.changed, report.summary()
    assert state(sync_driver, neo4j_target) == after

    # retraction: the graph and the answers return to what they were; the retraction is audited
    retraction = gql(client, RETRACT, {"id": SOCIAL_WORK["id"]}, key=EDITOR)["data"]["retractReformEvent"]
    assert retraction["action"] == "retract" and retraction["actor"] == "ed"
    assert state(sync_driver, neo4j_target) == before
    assert "620700.social_work" not in chart_ids(client, "2024-06-01")
    assert gql(client, TRAIL)["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    actions = gql(client, '{ auditLog(eventId: "event.620700.social_work_2024") { action retractedBy } }')
    assert {e["action"] for e in actions["data"]["auditLog"]} == {"record", "retract"}
    twice = gql(client, RETRACT, {"id": SOCIAL_WORK["id"]}, key=EDITOR)
    assert twice["errors"][0]["extensions"]["code"] == "CONFLICT"


def test_of_two_concurrent_edits_one_wins(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    version = gql(client, '{ body(id: "620700.civil_affairs") { version } }')["data"]["body"]["version"]
    results: list[Any] = []

    def edit(n: int) -> None:
        event = {
            "id": f"event.620700.nameplate_race_{n}",
            "type": "NAMEPLATE_ADDED",
            "date": "2024-05",
            "jurisdiction": "620700",
            "document": "doc.article-2019",
            "inferred": True,
            "note": "test race",
            "original": ["620700.civil_affairs"],
            "resulting": ["620700.civil_affairs"],
            "nameplates": [{"body": "620700.civil_affairs", "name": f"测试牌子{n}"}],
            "expectedVersions": [{"body": "620700.civil_affairs", "version": version}],
        }
        results.append(gql(client, RECORD, {"e": event}, key=ADMIN))

    threads = [threading.Thread(target=edit, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted("errors" in r and r["errors"][0]["extensions"]["code"] or "applied" for r in results)
    assert outcomes == ["CONFLICT", "applied"], results
    plates = gql(client, '{ body(id: "620700.civil_affairs", asOf: "2024-06-01") { nameplates { name } version } }')
    names = {p["name"] for p in plates["data"]["body"]["nameplates"]}
    assert len(names & {"测试牌子1", "测试牌子2"}) == 1
    assert plates["data"]["body"]["version"] == version + 1
    # leave the graph as the other tests expect it
    winner = next(r for r in results if "errors" not in r)
    gql(client, RETRACT, {"id": winner["data"]["recordReformEvent"]["event"]["id"]}, key=EDITOR)


def test_reads_can_require_a_key_and_introspection_can_be_off(seeded: LoadReport, settings: Settings) -> None:
    closed = settings.model_copy(
        update={"api_keys": KEYS, "reads_require_key": True, "introspection_enabled": False, "graphiql_enabled": False}
    )
    with TestClient(create_app(closed)) as client:
        anonymous = post(client, '{ jurisdiction(code: "620700") { name } }')
        assert anonymous.status_code == 401
        read = gql(client, '{ jurisdiction(code: "620700") { name } }', key=READER)
        assert read["data"]["jurisdiction"]["name"] == "张掖市"
        introspection = gql(client, "{ __schema { types { name } } }", key=READER)
        assert introspection["data"] is None and introspection["errors"]
        assert client.get("/graphql", headers={"accept": "text/html"}).status_code == 404


def test_other_event_shapes_and_their_rules(client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget) -> None:
    before = state(sync_driver, neo4j_target)
    merge = {
        "id": "event.620702.audit_statistics_merged",
        "type": "MERGED",
        "date": "2025-01-15",
        "jurisdiction": "620702",
        "document": "doc.article-2019",
        "inferred": True,
        "note": "test shapes",
        "original": ["620702.audit", "620702.statistics"],
        "endBodies": ["620702.audit", "620702.statistics"],
        "newBodies": [
            {
                "id": "620702.audit_statistics",
                "name": "甘州区审计统计局",
                "kind": "GOVERNMENT_DEPARTMENT",
                "functions": ["audit", "statistics"],
            },
            {
                "id": "620702.audit_statistics.office",
                "name": "办公室",
                "kind": "INTERNAL_SECTION",
                "parent": "620702.audit_statistics",
            },
        ],
        "correspondences": [{"lower": "620702.audit_statistics", "upper": "620700.audit", "match": "merged"}],
        "exceptions": [
            {
                "id": "exception.620702.test",
                "jurisdiction": "620702",
                "function": "statistics",
                "description": "test: statistics may sit with audit",
            }
        ],
    }
    result = gql(client, RECORD, {"e": merge}, key=EDITOR)
    assert "errors" not in result, result
    assert result["data"]["recordReformEvent"]["applied"] is True
    chart = gql(
        client,
        '{ body(id: "620702.audit_statistics", asOf: "2025-02-01") { sections { id } } '
        'old: body(id: "620702.audit", asOf: "2025-02-01") { existsOnAsOf validTo { text } } }',
    )["data"]
    assert [stable(s["id"]) for s in chart["body"]["sections"]] == ["620702.audit_statistics.office"]
    assert chart["old"] == {"existsOnAsOf": False, "validTo": {"text": "2025-01-15"}}
    up = gql(
        client,
        '{ counterparts(bodyId: "620702.audit_statistics", jurisdiction: "620700", asOf: "2025-02-01") '
        "{ answers { matches { body { bodyId } basis match confidence reason } } } }",
    )
    matches = {m["body"]["bodyId"]: m for m in up["data"]["counterparts"]["answers"][0]["matches"]}
    # the curated correspondence is recorded, but inferred: no document states it (docs/model.md)
    audit = matches["620700.audit"]
    assert (audit["basis"], audit["match"], audit["confidence"]) == ("FUNCTIONS", "MERGED", "INFERRED")
    assert audit["reason"].startswith("recorded as a merged correspondence, inferred")

    # a merge needs one resulting body; abolishing a body whose duties go nowhere needs dutiesLapse
    two_results = {
        **merge,
        "id": "event.bad.merge",
        "resulting": ["620702.finance"],
        "newBodies": [{"id": "620702.other_test", "name": "测试", "kind": "GOVERNMENT_DEPARTMENT"}],
        "endBodies": [],
        "correspondences": [],
        "exceptions": [],
    }
    refused_merge = gql(client, RECORD, {"e": two_results}, key=EDITOR)
    assert refused_merge["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "exactly one resulting body" in refused_merge["errors"][0]["message"]
    abolish = {
        "id": "event.620700.abolish_test",
        "type": "ABOLISHED",
        "date": "2025-02",
        "jurisdiction": "620700",
        "document": "doc.article-2019",
        "inferred": True,
        "note": "test shapes",
        "original": ["620700.housing_construction"],
        "endBodies": ["620700.housing_construction"],
    }
    refused = gql(client, RECORD, {"e": abolish}, key=EDITOR)
    assert "no later holder" in refused["errors"][0]["message"]
    lapsing = gql(client, RECORD, {"e": {**abolish, "dutiesLapse": True}}, key=EDITOR)
    assert lapsing["data"]["recordReformEvent"]["applied"] is True

    # retracting both (latest first) restores the graph; the earlier one first would be refused
    out_of_order = gql(client, RETRACT, {"id": merge["id"]}, key=EDITOR)
    assert "errors" not in out_of_order  # the two events touch different records
    gql(client, RETRACT, {"id": abolish["id"]}, key=EDITOR)
    assert state(sync_driver, neo4j_target) == before


def test_retracting_an_event_that_a_later_one_built_on_is_refused(client: TestClient) -> None:
    first = {
        "id": "event.620700.plate_a",
        "type": "NAMEPLATE_ADDED",
        "date": "2025-03",
        "jurisdiction": "620700",
        "document": "doc.article-2019",
        "inferred": True,
        "note": "test order",
        "original": ["620700.finance"],
        "resulting": ["620700.finance"],
        "nameplates": [{"body": "620700.finance", "name": "测试牌子A"}],
    }
    second = {**first, "id": "event.620700.plate_b", "nameplates": [{"body": "620700.finance", "name": "测试牌子B"}]}
    assert gql(client, RECORD, {"e": first}, key=EDITOR)["data"]["recordReformEvent"]["applied"]
    assert gql(client, RECORD, {"e": second}, key=EDITOR)["data"]["recordReformEvent"]["applied"]
    refused = gql(client, RETRACT, {"id": first["id"]}, key=EDITOR)
    assert refused["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "event.620700.plate_b" in refused["errors"][0]["message"]
    assert "errors" not in gql(client, RETRACT, {"id": second["id"]}, key=EDITOR)
    assert "errors" not in gql(client, RETRACT, {"id": first["id"]}, key=EDITOR)


def test_a_duty_is_held_by_two_bodies_only_when_shared(client: TestClient) -> None:
    base = {
        "type": "DUTIES_TRANSFERRED",
        "date": "2025-04",
        "jurisdiction": "620700",
        "document": "doc.article-2019",
        "inferred": True,
        "note": "test sharing",
        "original": ["620700.housing_construction"],
        "resulting": ["620700.emergency_management"],
    }
    move = {
        "duty": "duty.620700.fire_design_review",
        "from": "620700.housing_construction",
        "to": "620700.emergency_management",
    }
    shared = {**base, "id": "event.620700.share_test", "dutyMoves": [{**move, "shared": True}]}
    assert gql(client, RECORD, {"e": shared}, key=EDITOR)["data"]["recordReformEvent"]["applied"]
    holders = gql(client, '{ duties(text: "消防设计审查", asOf: "2025-06-01") { holders { id } } }')
    assert {stable(h["id"]) for h in holders["data"]["duties"][0]["holders"]} == {
        "620700.housing_construction",
        "620700.emergency_management",
    }
    # a third body taking it from one of them while the other keeps it, unshared, would overlap
    overlap = {
        **base,
        "id": "event.620700.overlap_test",
        "date": "2025-05",
        "dutyMoves": [{**move, "from": None, "to": "620700.finance"}],
    }
    refused = gql(client, RECORD, {"e": overlap}, key=EDITOR)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "overlaps" in refused["errors"][0]["message"]
    assert "errors" not in gql(client, RETRACT, {"id": shared["id"]}, key=EDITOR)


def test_the_count_of_all_bodies_stays_true_across_a_curated_event_and_its_retraction(
    client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget, settings: Settings
) -> None:
    """The unfiltered totalCount reads the loader's timeline; a curated event makes it stale, so
    the count falls back to the bodies themselves until the next load recomputes it."""
    days = ["1990-01-01", "2018-12-31", "2019-03-01", "2019-12-24", "2024-02-01", "2024-06-01"]

    def counted() -> dict[str, int]:
        query = (
            "{ " + " ".join(f'd{i}: bodies(first: 1, asOf: "{d}") {{ totalCount }}' for i, d in enumerate(days)) + " }"
        )
        data = gql(client, query)["data"]
        return {day: data[f"d{i}"]["totalCount"] for i, day in enumerate(days)}

    def expected() -> dict[str, int]:
        found = {}
        for day in days:
            records, _, _ = sync_driver.execute_query(
                "MATCH (b:Body) WHERE (b.validFromLatest IS NULL OR b.validFromLatest <= date($day)) "
                "AND (b.validToEarliest IS NULL OR b.validToEarliest > date($day)) RETURN count(b) AS n",
                day=day,
                database_=neo4j_target.database,
            )
            found[day] = records[0]["n"]
        return found

    def timeline_is_read() -> bool:
        records, _, _ = sync_driver.execute_query(
            "MATCH (t:BodyCount {id: 'bodies'}) "
            "RETURN NOT EXISTS { MATCH (a:AuditEntry) WHERE a.at >= t.computedAt } AS fresh",
            database_=neo4j_target.database,
        )
        return bool(records and records[0]["fresh"])

    import asyncio

    asyncio.run(_load_real_seed(settings))  # a load refreshes a timeline older than curated changes
    assert timeline_is_read()
    before = counted()
    assert before == expected() and before["2019-12-24"] > 0
    event = {**SOCIAL_WORK, "id": "event.620700.social_work_2024_counted"}  # an id no other test retracted
    recorded_event = gql(client, RECORD, {"e": event}, key=EDITOR)
    assert recorded_event["data"]["recordReformEvent"]["applied"] is True, recorded_event
    assert not timeline_is_read()  # a curated change is newer than the timeline
    recorded = counted()
    assert recorded == expected() and recorded["2024-06-01"] == before["2024-06-01"] + 1
    gql(client, RETRACT, {"id": event["id"]}, key=EDITOR)
    assert counted() == expected() == before
