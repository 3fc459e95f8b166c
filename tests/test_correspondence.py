"""The correspondence check on the seed data: CLI exit codes, report forms, the JSON Schema,
the GraphQL field, the `--url` path through a live server, and the synthetic generator."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from typer.testing import CliRunner

from graph_service.app import create_app
from graph_service.cli import app
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.neo4j_local import free_port
from graph_service.paths import PROJECT_ROOT
from graph_service.reports.correspondence import JSON_SCHEMA_FILE, dump_json_schema
from tests.conftest import WIPE, _load_real_seed
from tests.graphql_client import stable
from tests.neo4j_provider import Neo4jTarget
from tests.served_app import served_app

runner = CliRunner()
COUNTIES = {"620702", "620721", "620722", "620723", "620724", "620725"}


def env_for(target: Neo4jTarget) -> dict[str, str]:
    return {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database,
    }


def check(target: Neo4jTarget, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check-correspondence", *args], env=env_for(target))
    return result.exit_code, result.stdout, result.stderr


def statuses(report: dict[str, Any], county: str) -> dict[str, dict[str, Any]]:
    lower = next(item for item in report["lower"] if item["code"] == county)
    return {f["function"]: f for f in lower["functions"]}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(JSON_SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def test_json_schema_file_is_the_models_schema() -> None:
    assert JSON_SCHEMA_FILE.read_text(encoding="utf-8") == dump_json_schema(), (
        "schemas/correspondence-report.schema.json is out of date: regenerate it from the model"
    )


def test_seed_report_covers_every_county(seeded: LoadReport, neo4j_target: Neo4jTarget, schema: dict[str, Any]) -> None:
    code, out, err = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    jsonschema.validate(report, schema)
    assert {item["code"] for item in report["lower"]} == COUNTIES
    for county in COUNTIES:
        fields = statuses(report, county)
        # the counties' ecology offices are branches of the city bureau
        assert fields["ecology_environment"]["status"] == "vertical"
        assert fields["natural_resources"]["status"] == "matched"
        assert stable(fields["natural_resources"]["bodies"][0]["id"]) == f"{county}.natural_resources"
    # 民乐县 merged science and industry into one bureau: the merge is named
    minle = statuses(report, "620722")
    assert minle["science_technology"]["status"] == "merged"
    assert "industry_informatization" in minle["science_technology"]["merged_with"]
    assert report["totals"]["missing"] == 0
    assert "6 jurisdictions" in err


def test_a_gap_is_unknown_without_a_complete_list_and_missing_with_one(
    seeded: LoadReport, neo4j_target: Neo4jTarget, sync_driver: Driver, settings: Settings, schema: dict[str, Any]
) -> None:
    sync_driver.execute_query(
        "MATCH (b:Body {id: '620722.natural_resources'}) DETACH DELETE b", database_=neo4j_target.database
    )
    try:
        # the article says the counties set every required body, without listing them: the gap is
        # a body no source names (unknown, exit 3), not a finding
        code, out, err = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "json")
        assert code == 3, err
        report = json.loads(out)
        jsonschema.validate(report, schema)
        unknown = statuses(report, "620722")["natural_resources"]
        assert unknown["status"] == "unknown" and unknown["stated_by"] == ["doc.article-2019"]
        assert "三定" in unknown["would_settle"] and report["totals"]["unknown"] == 1
        assert statuses(report, "620723")["natural_resources"]["status"] == "matched"

        # a source listing every body of 民乐县 makes the same gap a finding: missing, exit 1
        sync_driver.execute_query(
            "MATCH (j:Jurisdiction {code: '620722'}) "
            "CREATE (s:Record:Completeness {uid: 'completeness:test', id: 'completeness.test', jurisdiction: j.code, "
            "scope: 'complete_list', description: 'test: a full list', asOfLatest: date('2019-01-01'), "
            "sources: ['doc.s9-minle-yearbook-2021'], confidence: 'confirmed'}) CREATE (s)-[:ABOUT]->(j)",
            database_=neo4j_target.database,
        )
        code, out, err = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "json")
        assert code == 1, err
        missing = statuses(json.loads(out), "620722")["natural_resources"]
        assert missing["status"] == "missing" and missing["stated_by"] == ["doc.s9-minle-yearbook-2021"]
        # ... but not on a day before the list speaks of
        code, out, _ = check(neo4j_target, "620700", "--as-of", "2018-12-31", "--format", "json")
        assert statuses(json.loads(out), "620722")["natural_resources"]["status"] != "missing"

        # a document allowing the gap turns it into `allowed`, and the exit code back to 0
        sync_driver.execute_query(
            "MATCH (j:Jurisdiction {code: '620722'}), (f:Function {code: 'natural_resources'}) "
            "CREATE (x:Record:CorrespondenceException {uid: 'exception:test', id: 'exception.test', function: f.code, "
            "jurisdiction: j.code, description: 'test: allowed', sources: ['doc.article-2019'], "
            "confidence: 'inferred'}) "
            "CREATE (x)-[:APPLIES_TO]->(j) CREATE (x)-[:EXEMPTS]->(f)",
            database_=neo4j_target.database,
        )
        code, out, _ = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "json")
        assert code == 0
        allowed = statuses(json.loads(out), "620722")["natural_resources"]
        assert allowed["status"] == "allowed" and allowed["allowed_by"] == ["doc.article-2019"]
    finally:
        sync_driver.execute_query(
            "MATCH (x:CorrespondenceException|Completeness) WHERE x.id IN ['exception.test', 'completeness.test'] "
            "DETACH DELETE x",
            database_=neo4j_target.database,
        )
        import asyncio

        asyncio.run(_load_real_seed(settings))  # puts the body back
    code, _, _ = check(neo4j_target, "620700", "--as-of", "2019-12-24")
    assert code == 0


def test_the_city_against_the_province_knows_what_it_does_not_know(
    seeded: LoadReport, neo4j_target: Neo4jTarget, schema: dict[str, Any]
) -> None:
    # the article says all 40 required city bodies were set; none recorded covers policy research or
    # sport: unknown (exit 3), not missing
    code, out, err = check(neo4j_target, "620000", "--as-of", "2019-12-24", "--format", "json")
    assert code == 3, err
    report = json.loads(out)
    jsonschema.validate(report, schema)
    city = statuses(report, "620700")
    gaps = {f: item for f, item in city.items() if item["status"] in ("missing", "unknown")}
    assert set(gaps) == {"policy_research", "sports"}
    for item in gaps.values():
        assert item["status"] == "unknown" and item["stated_by"] == ["doc.article-2019"]
        assert "every required body" in item["note"] and item["would_settle"]
    assert report["totals"]["missing"] == 0 and report["totals"]["unknown"] == 2
    _, table, _ = check(neo4j_target, "620000", "--as-of", "2019-12-24")
    assert "unknown (no recorded body covers it; not a finding):" in table and "missing (" not in table


def test_other_forms(seeded: LoadReport, neo4j_target: Neo4jTarget) -> None:
    _, table, _ = check(neo4j_target, "620700", "--as-of", "2019-12-24")
    assert "甘州区" in table and "total" in table
    _, markdown, _ = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "markdown")
    assert markdown.startswith("# Correspondence of 张掖市 (620700)")
    assert "## 民乐县 (620722)" in markdown and "**merged**" in markdown
    _, text, _ = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["code"] for row in rows} == COUNTIES
    per_county = sum(1 for row in rows if row["code"] == "620702")
    assert per_county > 40 and len(rows) == 6 * per_county


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["620700", "--as-of", "2019-13-01"], "is not a date"),
        (["999999"], "no jurisdiction with code '999999'"),
        (["620700", "--url", "http://127.0.0.1:9/graphql"], "cannot reach the API"),
        (["620700", "--format", "pdf"], "pdf"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    seeded: LoadReport, neo4j_target: Neo4jTarget, args: list[str], message: str
) -> None:
    code, _, err = check(neo4j_target, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unreachable_database_exits_2(neo4j_target: Neo4jTarget) -> None:
    result = runner.invoke(
        app,
        ["check-correspondence", "620700"],
        env={**env_for(neo4j_target), "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"},
    )
    assert result.exit_code == 2
    assert "is unavailable" in result.stderr


@pytest.fixture(scope="module")
def live_api(seeded: LoadReport, settings: Settings) -> Iterator[str]:
    with served_app(settings) as url:
        yield f"{url}/graphql"


def test_url_gives_the_same_report_as_the_database(live_api: str, neo4j_target: Neo4jTarget) -> None:
    direct = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "json")
    remote = check(neo4j_target, "620700", "--as-of", "2019-12-24", "--format", "json", "--url", live_api)
    assert remote[0] == direct[0] == 0
    assert remote[1] == direct[1]
    unknown = check(neo4j_target, "999999", "--url", live_api)
    assert unknown[0] == 2 and "no jurisdiction" in unknown[2]


def test_graphql_field(seeded: LoadReport, settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        body = client.post(
            "/graphql",
            json={
                "query": '{ correspondenceReport(parent: "620700", asOf: "2019-12-24") '
                "{ parentName totals { missing vertical } lower { code summary { required } } } }"
            },
        ).json()
    report = body["data"]["correspondenceReport"]
    assert report["parentName"] == "张掖市"
    assert report["totals"]["vertical"] == 6 and report["totals"]["missing"] == 0
    assert {item["code"] for item in report["lower"]} == COUNTIES


def test_synthetic_generator_is_reproducible_and_loads(
    tmp_path: Path, neo4j_target: Neo4jTarget, sync_driver: Driver
) -> None:
    def generate(out: Path) -> None:
        subprocess.run(
            [
                sys.executable,
                str(PROJECT_ROOT / "scripts" / "generate_synthetic.py"),
                "--cities",
                "2",
                "--counties",
                "3",
                "--seed",
                "7",
                "--gap",
                "0.2",
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )

    generate(tmp_path / "a")
    generate(tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)

    sync_driver.execute_query(WIPE, database_=neo4j_target.database)
    env = {**env_for(neo4j_target), "SEED_DIR": str(tmp_path / "a")}
    loaded = runner.invoke(app, ["seed"], env=env)
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(app, ["check-correspondence", "990100", "--format", "json"], env=env)
    report = json.loads(result.stdout)
    assert len(report["lower"]) == 3
    missing = report["totals"]["missing"]
    assert result.exit_code == (1 if missing else 0)
    assert report["totals"]["unknown"] == 0  # the generated lists are complete: a gap is a finding
    assert report["totals"]["merged"] > 0  # the generator merges fields at county level
