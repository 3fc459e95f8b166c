"""The exports over HTTP (GET /export/{format}) and from the command line (`orggraph export`)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.app import create_app
from graph_service.auth import digest
from graph_service.cli import app
from graph_service.config import Settings
from graph_service.exports.tables import TABLES, header
from graph_service.ingest.loader import LoadReport
from tests.neo4j_provider import Neo4jTarget
from tests.test_cli import env_for

READER = "og_reader-key-for-export-tests"
KEYS = f"rd:reader:{digest(READER)}"
QUERY = "jurisdiction=620700&asOf=2019-06-01&withDescendants=true"
runner = CliRunner()


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"api_keys": KEYS}))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def locked(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"api_keys": KEYS, "reads_require_key": True}))) as c:
        yield c


def test_jsonld_over_http(client: TestClient) -> None:
    response = client.get(f"/export/org-jsonld?{QUERY}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["content-disposition"] == ('attachment; filename="orggraph-620700+_2019-06-01.jsonld"')
    document = response.json()
    ids = {node["@id"] for node in document["@graph"]}
    assert "https://orggraph.example/id/body/620700.natural_resources" in ids
    assert "https://orggraph.example/id/jurisdiction/620721" in ids  # a county: descendants included


def test_popolo_and_csv_over_http(client: TestClient) -> None:
    popolo = client.get("/export/popolo?jurisdiction=620700&asOf=2019-06-01")
    assert popolo.status_code == 200
    assert popolo.headers["content-type"] == "application/json"
    assert {o["area_id"] for o in popolo.json()["organizations"]} == {"620700"}
    tables = client.get(f"/export/csv?{QUERY}")
    assert tables.status_code == 200
    assert tables.headers["content-type"] == "application/zip"
    assert tables.headers["content-disposition"].endswith('.csv.zip"')
    with zipfile.ZipFile(io.BytesIO(tables.content)) as archive:
        assert archive.namelist() == [f"{table}.csv" for table in TABLES]
        bodies = archive.read("bodies.csv").decode("utf-8")
    assert bodies.startswith(",".join(header("bodies")) + "\r\n")
    assert "620722." in bodies  # a county's bodies


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/export/org-jsonld?jurisdiction=999999", 404, "NOT_FOUND"),
        ("/export/org-jsonld?jurisdiction=620700,999998", 404, "NOT_FOUND"),
        ("/export/rdf-xml?jurisdiction=620700", 404, "NOT_FOUND"),
        ("/export/popolo?jurisdiction=62070", 400, "BAD_USER_INPUT"),
        ("/export/popolo", 400, "BAD_USER_INPUT"),
        ("/export/popolo?jurisdiction=620700&asOf=2019-02-30", 400, "BAD_USER_INPUT"),
        ("/export/popolo?jurisdiction=620700&asOf=20190601", 400, "BAD_USER_INPUT"),
        ("/export/csv?jurisdiction=620700&withDescendants=yes", 400, "BAD_USER_INPUT"),
        ("/export/csv?jurisdiction=620700&as_of=2019-06-01", 400, "BAD_USER_INPUT"),
    ],
)
def test_refusals_are_coded(client: TestClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == code


def test_reads_require_key_applies_to_exports(locked: TestClient) -> None:
    refused = locked.get(f"/export/popolo?{QUERY}")
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    wrong = locked.get(f"/export/popolo?{QUERY}", headers={"Authorization": "Bearer og_not-a-key"})
    assert wrong.status_code == 401
    admitted = locked.get(f"/export/popolo?{QUERY}", headers={"Authorization": f"Bearer {READER}"})
    assert admitted.status_code == 200
    assert admitted.json()["organizations"]


def test_cli_exports_with_progress_and_exit_codes(
    seeded: LoadReport, neo4j_target: Neo4jTarget, tmp_path: Path, client: TestClient
) -> None:
    env = env_for(neo4j_target)
    target = tmp_path / "city.jsonld"
    args = ["export", "--format", "org-jsonld", "--jurisdiction", "620700", "--as-of", "2019-06-01"]
    result = runner.invoke(app, [*args, "--with-descendants", "-o", str(target), "--page-size", "50"], env=env)
    assert result.exit_code == 0, result.output
    assert re.search(r"^export: bodies: \d+ done", result.stderr, flags=re.MULTILINE)
    assert re.search(r"^exported .* \d+ bodies, .* \(\d+ pages", result.stderr, flags=re.MULTILINE)
    from_cli = json.loads(target.read_text(encoding="utf-8"))
    from_http = client.get(f"/export/org-jsonld?{QUERY}").json()
    assert from_cli == from_http
    assert not list(tmp_path.glob("*.partial"))

    folder = tmp_path / "tables"
    csv_args = ["export", "--format", "csv", "--jurisdiction", "620700", "--as-of", "2019-06-01", "-o", str(folder)]
    result = runner.invoke(app, csv_args, env=env)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert (folder / "events.csv").read_bytes().decode("utf-8").startswith(",".join(header("events")) + "\r\n")

    unknown = runner.invoke(app, ["export", "--format", "popolo", "--jurisdiction", "999999", "-o", "x"], env=env)
    assert unknown.exit_code == 2
    assert "no jurisdiction with code 999999" in unknown.stderr
    bad_date = runner.invoke(
        app, ["export", "--format", "popolo", "--jurisdiction", "620700", "--as-of", "June", "-o", "x"], env=env
    )
    assert bad_date.exit_code == 2
    assert "--as-of" in bad_date.stderr
    assert not Path("x").exists()
