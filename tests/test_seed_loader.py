"""The seed loader: validation before any write, idempotent diffs, exact edits, clear refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph_service.db.database import Database
from graph_service.ingest.loader import DeletionRefusedError, SeedValidationError, load_seed
from tests.graph_snapshot import snapshot
from tests.neo4j_provider import Neo4jTarget
from tests.seed_fixture import small_seed, write_seed

pytestmark = pytest.mark.anyio


async def test_load_twice_changes_nothing(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    seed_dir = write_seed(tmp_path, small_seed())
    first = await load_seed(db, seed_dir)
    assert first.created["Body"] == 4 and first.created["Nameplate"] == 1
    before = snapshot(empty_graph, neo4j_target.database)
    second = await load_seed(db, seed_dir)
    assert not second.changed, second.summary()
    assert snapshot(empty_graph, neo4j_target.database) == before


async def test_an_edit_changes_exactly_what_was_edited(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    files = small_seed()
    seed_dir = write_seed(tmp_path, files)
    await load_seed(db, seed_dir)
    before = snapshot(empty_graph, neo4j_target.database)

    files["990100-city/bodies.yaml"]["bodies"][2]["name"] = "测试市自然资源和规划局"
    del files["990100-city/bodies.yaml"]["figures"]
    write_seed(tmp_path, files)
    report = await load_seed(db, seed_dir)
    assert dict(report.updated) == {"Body": 1}
    assert dict(report.removed) == {"Figure": 1, "ABOUT": 1}
    assert not report.created

    after = snapshot(empty_graph, neo4j_target.database)
    changed_nodes = {props for _, props in before[0] ^ after[0]}
    assert len(changed_nodes) == 3  # the edited body (old and new) and the removed figure
    assert any("测试市自然资源和规划局" in props for props in changed_nodes)


async def test_original_relationships_say_whether_the_body_only_handed_over_duties(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    files = small_seed()
    city = files[BODIES]
    # a finance bureau that continues after handing over a duty, and a hand-over by type
    city["bodies"].append(
        {"id": "990100.finance", "name": "测试市财政局", "kind": "government_department", "jurisdiction": "990100"}
        | {"sources": ["doc.t"], "confidence": "confirmed"}
    )
    city["events"][0]["duties_from"] = ["990100.finance"]
    city["events"].append(
        _event("event.990100.finance_duty", "duties_transferred", ["990100.finance"])
        | {"duties": ["duty.990100.land_use"]}
    )
    await load_seed(db, write_seed(tmp_path, files))
    records, _, _ = empty_graph.execute_query(
        "MATCH (e:ReformEvent)-[o:ORIGINAL]->(b:Body) RETURN e.id AS event, b.id AS body, o.role AS role",
        database_=neo4j_target.database,
    )
    assert {(r["event"], r["body"], r["role"]) for r in records} == {
        ("event.990100.natural_resources_formed", "990100.land", "predecessor"),
        ("event.990100.natural_resources_formed", "990100.planning", "predecessor"),
        ("event.990100.natural_resources_formed", "990100.finance", "duties_only"),
        ("event.990100.finance_duty", "990100.finance", "duties_only"),
    }


async def test_seed_never_touches_what_it_did_not_write(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    seed_dir = write_seed(tmp_path, small_seed())
    await load_seed(db, seed_dir)
    empty_graph.execute_query(
        "MATCH (b:Record {uid: 'body:990100.natural_resources'}) "
        "CREATE (b)-[:CURATED_NOTE {origin: 'api'}]->(:Record {uid: 'note:1', origin: 'api'})",
        database_=neo4j_target.database,
    )
    report = await load_seed(db, seed_dir)
    assert not report.changed
    records, _, _ = empty_graph.execute_query(
        "MATCH (:Record {uid: 'body:990100.natural_resources'})-[:CURATED_NOTE]->(n {uid: 'note:1'}) "
        "RETURN count(n) AS n",
        database_=neo4j_target.database,
    )
    assert records[0]["n"] == 1


def broken(mutate: Any) -> dict[str, dict[str, Any]]:
    files = small_seed()
    mutate(files)
    return files


BODIES = "990100-city/bodies.yaml"


def _event(ident: str, kind: str, original: list[str]) -> dict[str, Any]:
    return {
        "id": ident,
        "type": kind,
        "date": "2019-03",
        "jurisdiction": "990100",
        "document": "doc.t",
        "original": original,
        "resulting": ["990100.natural_resources"],
        "sources": ["doc.t"],
        "confidence": "confirmed",
    }


CASES = {
    "dangling reference": (
        lambda f: f[BODIES]["duties"][0]["holders"].append({"body": "990100.nowhere", "valid_from": "2020"}),
        [
            "seed/990100-city/bodies.yaml",
            "duties[0] (duty.990100.land_use)",
            "holders.2.body",
            "unknown body '990100.nowhere'",
        ],
    ),
    "duplicate id": (
        lambda f: f[BODIES]["bodies"].append(dict(f[BODIES]["bodies"][0])),
        ["bodies[4] (990100.land)", "duplicate id '990100.land'", "bodies[0] (990100.land)"],
    ),
    "bad date": (
        lambda f: f[BODIES]["bodies"][0].update(valid_to="2019-13"),
        ["bodies[0] (990100.land)", "valid_to", "'2019-13' is not a real date"],
    ),
    "dates out of order": (
        lambda f: f[BODIES]["bodies"][2].update(valid_to="2018"),
        ["bodies[2] (990100.natural_resources)", "valid_to 2018 is before valid_from 2019-03"],
    ),
    "overlapping holders": (
        lambda f: f[BODIES]["duties"][0]["holders"][1].update(valid_from="2018-06"),
        ["duties[0] (duty.990100.land_use)", "holders.1", "overlaps holding 0 by 990100.land"],
    ),
    "part-of cycle": (
        lambda f: f[BODIES]["bodies"][2].update(parent="990100.natural_resources.office"),
        ["cycle in part-of", "990100.natural_resources -> 990100.natural_resources.office -> 990100.natural_resources"],
    ),
    "merge with two results": (
        lambda f: f[BODIES]["events"][0]["resulting"].append("990100.land"),
        ["events[0] (event.990100.natural_resources_formed)", "exactly one resulting body, not 2"],
    ),
    "abolished body whose duty goes nowhere": (
        lambda f: f[BODIES]["events"].append(
            {
                "id": "event.990100.gone",
                "type": "abolished",
                "date": "2019",
                "jurisdiction": "990100",
                "document": "doc.t",
                "original": ["990100.natural_resources"],
                "sources": ["doc.t"],
                "confidence": "confirmed",
            }
        ),
        ["events[1] (event.990100.gone)", "duty.990100.land_use has no later holder"],
    ),
    "a body both original and duties_from": (
        lambda f: f[BODIES]["events"][0].update(duties_from=["990100.land"]),
        ["events[0] (event.990100.natural_resources_formed)", "990100.land is in `duties_from` and in `original`"],
    ),
    "a predecessor that continues": (
        lambda f: f[BODIES]["events"][0]["original"].append("990100.natural_resources.office"),
        [
            "events[0] (event.990100.natural_resources_formed)",
            "990100.natural_resources.office is a predecessor of event.990100.natural_resources_formed but does not "
            "end",
            "`duties_from`",
        ],
    ),
    "a body that ends twice": (
        lambda f: f[BODIES]["events"].append(_event("event.990100.planning_again", "formed", ["990100.planning"])),
        [
            "events[1] (event.990100.planning_again)",
            "990100.planning ends in event.990100.planning_again and also in event.990100.natural_resources_formed",
            "a body ends once",
        ],
    ),
    "a merge counts its predecessors only": (
        lambda f: f[BODIES]["events"][0].update(original=["990100.land"], duties_from=["990100.planning"]),
        ["events[0] (event.990100.natural_resources_formed)", "a merged event needs at least two original bodies"],
    ),
    "duties_from on an abolition": (
        lambda f: f[BODIES]["events"].append(
            {
                **_event("event.990100.gone", "abolished", ["990100.land"]),
                "resulting": [],
                "duties_from": ["990100.planning"],
            }
        ),
        ["events[1] (event.990100.gone)", "an event of type abolished hands no duties over"],
    ),
    "inferred without a note": (
        lambda f: f[BODIES]["bodies"][1].update(confidence="inferred"),
        ["bodies[1] (990100.planning)", "must say in `note`"],
    ),
    "unknown source document": (
        lambda f: f[BODIES]["bodies"][1].update(sources=["doc.missing"]),
        ["bodies[1] (990100.planning)", "sources", "unknown document 'doc.missing'"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_bad_seed_is_refused_and_the_graph_is_unchanged(
    case: str, db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    good_dir = write_seed(tmp_path / "good", small_seed())
    await load_seed(db, good_dir)
    before = snapshot(empty_graph, neo4j_target.database)

    mutate, expected = CASES[case]
    bad_dir = write_seed(tmp_path / "bad", broken(mutate))
    with pytest.raises(SeedValidationError) as refusal:
        await load_seed(db, bad_dir)
    message = str(refusal.value)
    for part in expected:
        assert part in message, f"{part!r} not in:\n{message}"
    assert "nothing was written" in message
    assert snapshot(empty_graph, neo4j_target.database) == before


async def test_every_error_is_reported_at_once(db: Database, empty_graph: Driver, tmp_path: Path) -> None:
    def two_problems(files: dict[str, dict[str, Any]]) -> None:
        files[BODIES]["bodies"][0]["valid_to"] = "not a date"
        files[BODIES]["events"][0]["document"] = "doc.nowhere"

    with pytest.raises(SeedValidationError) as refusal:
        await load_seed(db, write_seed(tmp_path, broken(two_problems)))
    assert len(refusal.value.errors) == 2


# --- files that cannot be read, files emptied, loads that delete a lot ----------------------


async def test_a_file_that_is_not_utf8_is_a_seed_error(db: Database, empty_graph: Driver, tmp_path: Path) -> None:
    seed_dir = write_seed(tmp_path, small_seed())
    (seed_dir / "990100-city" / "latin1.yaml").write_bytes("bodies:\n  - name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(SeedValidationError) as refusal:
        await load_seed(db, seed_dir)
    assert "seed/990100-city/latin1.yaml: not UTF-8 text (byte" in str(refusal.value)


async def test_an_emptied_file_is_refused_unless_deletions_are_allowed(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    files = small_seed()
    await load_seed(db, write_seed(tmp_path / "full", files))
    before = snapshot(empty_graph, neo4j_target.database)
    files[BODIES] = {}
    emptied = write_seed(tmp_path / "emptied", files)
    (emptied / BODIES).write_text("", encoding="utf-8")  # truncated by accident

    with pytest.raises(DeletionRefusedError) as refusal:
        await load_seed(db, emptied)
    assert "990100-city/bodies.yaml is empty" in str(refusal.value)
    assert "body:990100.natural_resources" in str(refusal.value)
    assert "--allow-deletions" in str(refusal.value)
    assert snapshot(empty_graph, neo4j_target.database) == before

    dry = await load_seed(db, emptied, dry_run=True)
    assert "body:990100.land" in dry.removed_ids
    assert (
        "nodes that would be removed: " in dry.summary()
        and "empty files: seed/990100-city/bodies.yaml" in dry.summary()
    )
    assert snapshot(empty_graph, neo4j_target.database) == before

    allowed = await load_seed(db, emptied, allow_deletions=True)
    assert allowed.removed["Body"] == 4
    records, _, _ = empty_graph.execute_query("MATCH (b:Body) RETURN count(b) AS n", database_=neo4j_target.database)
    assert records[0]["n"] == 0


async def test_a_load_removing_more_than_the_limit_is_refused(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    files = small_seed()
    await load_seed(db, write_seed(tmp_path / "full", files))
    del files[BODIES]["bodies"][1:4]  # three bodies; their duty holdings and event go too
    files[BODIES]["duties"] = []
    files[BODIES]["events"] = []
    smaller = write_seed(tmp_path / "smaller", files)
    with pytest.raises(DeletionRefusedError, match=r"it would remove \d+ nodes \(more than 2\)"):
        await load_seed(db, smaller, max_deletions=2)
    report = await load_seed(db, smaller, max_deletions=10)
    assert sum(report.removed.values()) >= 5


class _Interrupted(Exception):
    pass


async def test_a_large_load_commits_in_batches_and_an_interrupted_one_is_completed(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    seed_dir = write_seed(tmp_path, small_seed())
    # the reference: the same seed loaded in one transaction
    await load_seed(db, seed_dir)
    whole = snapshot(empty_graph, neo4j_target.database)
    empty_graph.execute_query("MATCH (n:Record) DETACH DELETE n", database_=neo4j_target.database)

    # a "large" load (more than 5 writes), 3 writes per batch, stopped after its second batch
    batches: list[str] = []

    def stop_after_two(message: str) -> None:
        if message.startswith("seed: creating") or message.startswith("seed: removing"):
            batches.append(message)
            if len(batches) == 2:
                raise _Interrupted

    with pytest.raises(_Interrupted):
        await load_seed(db, seed_dir, progress=stop_after_two, max_single_transaction=5, batch_size=3, writers=1)
    partial = snapshot(empty_graph, neo4j_target.database)
    assert 0 < len(partial[0]) < len(whole[0])  # two batches committed, the rest not
    running = empty_graph.execute_query(
        "MATCH (l:SeedLoad) RETURN l.state AS state", database_=neo4j_target.database
    ).records
    assert [r["state"] for r in running] == ["running"]

    # the next load says so, writes exactly what is missing, and marks the load done
    said: list[str] = []
    # two batches at once when creating, as a national load does
    report = await load_seed(db, seed_dir, progress=said.append, max_single_transaction=5, batch_size=3, writers=2)
    assert any("did not finish; this load completes it" in m for m in said)
    assert sum(report.created.values()) == sum(len(part) for part in whole) - sum(len(part) for part in partial)
    done = empty_graph.execute_query(
        "MATCH (l:SeedLoad) RETURN l.state AS state", database_=neo4j_target.database
    ).records
    assert [r["state"] for r in done] == ["done"]
    empty_graph.execute_query("MATCH (l:SeedLoad) DELETE l", database_=neo4j_target.database)
    assert snapshot(empty_graph, neo4j_target.database) == whole


async def test_a_reload_of_the_same_files_into_an_untouched_graph_compares_nothing(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    seed_dir = write_seed(tmp_path, small_seed())
    first = await load_seed(db, seed_dir)
    planned = sum(first.created.values())
    before = snapshot(empty_graph, neo4j_target.database)
    again = await load_seed(db, seed_dir)
    assert again.skipped is not None and again.unchanged == planned and not again.changed
    assert "nothing compared or written" in again.summary()
    assert snapshot(empty_graph, neo4j_target.database) == before
    # --full compares every record, and finds the same
    full = await load_seed(db, seed_dir, full=True)
    assert full.skipped is None and full.unchanged == planned and not full.changed


@pytest.mark.parametrize(
    "touch",
    [
        # a hand edit that removes a relationship: the counts differ
        "MATCH (:Record {uid: 'body:990100.natural_resources'})-[r:IN_JURISDICTION]->() DELETE r",
        # a curated change: an audit entry newer than the load
        "CREATE (:AuditEntry {at: datetime(), action: 'record'})",
    ],
    ids=["hand-edit", "curated-change"],
)
async def test_a_reload_after_the_graph_changed_compares_every_record(
    db: Database, empty_graph: Driver, neo4j_target: Neo4jTarget, tmp_path: Path, touch: str
) -> None:
    seed_dir = write_seed(tmp_path, small_seed())
    await load_seed(db, seed_dir)
    empty_graph.execute_query(touch, database_=neo4j_target.database)
    report = await load_seed(db, seed_dir)
    assert report.skipped is None
    if "DELETE" in touch:
        assert dict(report.created) == {"IN_JURISDICTION": 1}  # repaired


async def test_a_reload_after_a_file_changed_compares_every_record(
    db: Database, empty_graph: Driver, tmp_path: Path
) -> None:
    files = small_seed()
    seed_dir = write_seed(tmp_path, files)
    await load_seed(db, seed_dir)
    files["990100-city/bodies.yaml"]["bodies"][2]["name"] = "测试市自然资源和规划局"
    write_seed(tmp_path, files)
    report = await load_seed(db, seed_dir)
    assert report.skipped is None and dict(report.updated) == {"Body": 1}
