"""check-correspondence over several parents in one process (--parents, --all-levels): the
same reports as one run per parent, written in the parents' order, one exit code, the same
over --url, one statement per parent plus one; --url taking the base URL, the endpoint or a
proxy's prefix, and a wrong one named; and a synthetic province (last: it replaces the seed,
which the next module's `seeded` loads again)."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from neo4j import Driver
from typer.testing import CliRunner

from graph_service.app import create_app
from graph_service.cli import app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.domain.correspondence import CorrespondenceReport, Summary
from graph_service.errors import BadUserInputError, DatabaseUnavailableError
from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT
from graph_service.reports.correspondence import JSON_SCHEMA_FILE, graphql_endpoint
from graph_service.reports.correspondence_batch import (
    WINDOW_PER_SLOT,
    database_fetch,
    parents_from_database,
    run_batch,
)
from tests.conftest import WIPE
from tests.neo4j_provider import Neo4jTarget
from tests.served_app import served_app
from tests.test_correspondence import env_for

runner = CliRunner()
DAY = "2019-12-24"
# the seed's parents: the province, the city, and 甘州区 (沙井镇, a town, lies under it)
SEED_PARENTS = ["620000", "620700", "620702"]


def check(target: Neo4jTarget, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check-correspondence", *args], env=env or env_for(target))
    return result.exit_code, result.stdout, result.stderr


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def live_base(seeded: LoadReport, settings: Settings) -> Iterator[str]:
    """The served API's base URL, http://127.0.0.1:PORT (what the README shows)."""
    with served_app(settings) as url:
        yield url


@pytest.fixture(scope="module")
def live_api(live_base: str) -> str:
    return f"{live_base}/graphql"


def test_parents_give_each_parents_report_as_a_json_line(seeded: LoadReport, neo4j_target: Neo4jTarget) -> None:
    code, out, err = check(neo4j_target, "--parents", "620000,620700", "--as-of", DAY, "--format", "jsonl")
    singles = {p: check(neo4j_target, p, "--as-of", DAY, "--format", "json") for p in ("620000", "620700")}
    assert [single[0] for single in singles.values()] == [3, 0]
    # the worst exit code of the batch: 620000 has something unknown
    assert code == 3, err
    assert out.count("\n") == 2 and all(line.startswith("{") for line in out.splitlines())
    assert lines(out) == [json.loads(singles[p][1]) for p in ("620000", "620700")]
    schema = json.loads(JSON_SCHEMA_FILE.read_text(encoding="utf-8"))
    for report in lines(out):
        jsonschema.validate(report, schema)
    # progress (not a terminal: one line per report, no \r) and one summary line
    assert "[2/2] " in err and "\r" not in err
    assert "2 parents checked, 7 lower jurisdictions" in err
    assert "0 parents with something missing, 1 with something unknown" in err


def test_all_levels_reports_every_parent_under_the_root(seeded: LoadReport, neo4j_target: Neo4jTarget) -> None:
    code, out, err = check(neo4j_target, "--all-levels", "620000", "--as-of", DAY, "--format", "jsonl")
    assert code == 3, err
    assert [report["parent_code"] for report in lines(out)] == SEED_PARENTS
    code, out, err = check(neo4j_target, "--all-levels", "620700", "--as-of", DAY, "--format", "jsonl")
    assert code == 0, err
    assert [report["parent_code"] for report in lines(out)] == ["620700", "620702"]
    # several roots (a nation without a national root: its provinces): their parents, each once, by code
    code, out, err = check(neo4j_target, "--all-levels", "620700,620000,620721", "--as-of", DAY, "--format", "jsonl")
    assert code == 3, err
    assert [report["parent_code"] for report in lines(out)] == SEED_PARENTS


def test_csv_table_and_markdown_for_several_parents(
    seeded: LoadReport, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    _, out, _ = check(neo4j_target, "--parents", "620700,620000", "--as-of", DAY, "--format", "csv")
    singles = [check(neo4j_target, p, "--as-of", DAY, "--format", "csv")[1] for p in ("620700", "620000")]
    header = singles[0].splitlines(keepends=True)[0]
    assert out.count(header) == 1 and out.startswith(header)
    assert out == header + "".join(single.removeprefix(header) for single in singles)
    assert {row["parent"] for row in csv.DictReader(io.StringIO(out))} == {"620700", "620000"}
    # -o FILE: one header, then each parent's rows, byte for byte as the single runs write them
    # (csv's \r\n line ends: the runner's stdout reads them as \n)
    files = []
    for name, args in (("batch", ["--parents", "620700,620000"]), ("620700", ["620700"]), ("620000", ["620000"])):
        files.append(tmp_path / f"{name}.csv")
        code, written, _ = check(neo4j_target, *args, "--as-of", DAY, "--format", "csv", "-o", str(files[-1]))
        assert written == ""
    batch, *single_files = (f.read_bytes() for f in files)
    head = single_files[0].split(b"\r\n")[0] + b"\r\n"
    assert batch == head + b"".join(f.removeprefix(head) for f in single_files)

    for form in ("table", "markdown"):
        _, out, _ = check(neo4j_target, "--parents", "620700,620000", "--as-of", DAY, "--format", form)
        singles = [check(neo4j_target, p, "--as-of", DAY, "--format", form)[1] for p in ("620700", "620000")]
        assert out == "\n".join(singles)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--parents", "620700,999999,620000,888888"],
            "no jurisdiction with code '999999', '888888'; no report was run",
        ),
        (["--all-levels", "999999"], "no jurisdiction with code '999999'"),
        (["--all-levels", "620000,999999,888888"], "--all-levels: no jurisdiction with code '999999', '888888'"),
        (["--all-levels", "620721"], "no jurisdiction lies under 620721"),
        (["--parents", " , "], "--parents needs at least one code"),
        (["620700", "--parents", "620000"], "give one of PARENT, --parents"),
        (["--parents", "620000", "--all-levels", "620000"], "give one of PARENT, --parents"),
        ([], "give one of PARENT, --parents"),
        (["--parents", "620000,620700", "--format", "json"], "--format json writes one report"),
        (["--parents", "620000", "--concurrency", "0"], "--concurrency"),
    ],
)
def test_bad_batch_input_exits_2_before_any_report(
    seeded: LoadReport, neo4j_target: Neo4jTarget, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "out.jsonl"
    form = [] if "--format" in args else ["--format", "jsonl"]
    code, out, err = check(neo4j_target, *args, *form, "-o", str(target))
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert out == "" and not target.exists()


def test_url_gives_the_same_batch_as_the_database(live_api: str, neo4j_target: Neo4jTarget) -> None:
    for args in (["--parents", "620000,620700"], ["--all-levels", "620000"], ["--all-levels", "620700,620000"]):
        direct = check(neo4j_target, *args, "--as-of", DAY, "--format", "jsonl")
        remote = check(neo4j_target, *args, "--as-of", DAY, "--format", "jsonl", "--url", live_api)
        assert remote[0] == direct[0] == 3, remote[2]
        assert remote[1] == direct[1]
        assert "parents checked" in remote[2]
    code, out, err = check(neo4j_target, "--parents", "620700,999999", "--url", live_api, "--format", "jsonl")
    assert code == 2 and out == "" and "no jurisdiction with code '999999'; no report was run" in err
    code, out, err = check(neo4j_target, "--all-levels", "620000,999999", "--url", live_api, "--format", "jsonl")
    assert code == 2 and out == "" and "--all-levels: no jurisdiction with code '999999'; no report was run" in err


@pytest.mark.parametrize(
    ("given", "endpoint"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/graphql"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/graphql"),
        ("http://127.0.0.1:8000/graphql", "http://127.0.0.1:8000/graphql"),
        ("http://127.0.0.1:8000/graphql/", "http://127.0.0.1:8000/graphql"),
        (" https://api.example.org ", "https://api.example.org/graphql"),
        ("https://example.org/orggraph", "https://example.org/orggraph/graphql"),
        ("https://example.org/orggraph//", "https://example.org/orggraph/graphql"),
        ("https://example.org/orggraph/graphql", "https://example.org/orggraph/graphql"),
        ("https://example.org/mygraphql", "https://example.org/mygraphql/graphql"),
        ("http://[::1]:8000/graphql?tenant=a#top", "http://[::1]:8000/graphql?tenant=a"),
    ],
)
def test_the_url_rule(given: str, endpoint: str) -> None:
    # a path that does not end in /graphql gets /graphql appended, a trailing slash dropped first
    assert graphql_endpoint(given) == endpoint


@pytest.mark.parametrize("given", ["127.0.0.1:8000", "ftp://example.org/graphql", "http://", "", "/graphql"])
def test_a_url_that_is_not_http_is_refused(given: str) -> None:
    with pytest.raises(
        BadUserInputError, match="is not an http:// or https:// URL; --url takes the service's base URL"
    ):
        graphql_endpoint(given)


def test_url_takes_the_base_url_or_the_endpoint(live_base: str, neo4j_target: Neo4jTarget) -> None:
    direct = check(neo4j_target, "620700", "--as-of", DAY, "--format", "json")
    assert direct[0] == 0, direct[2]
    for url in (live_base, f"{live_base}/", f"{live_base}/graphql", f"{live_base}/graphql/"):
        code, out, err = check(neo4j_target, "620700", "--as-of", DAY, "--format", "json", "--url", url)
        assert (code, out) == (0, direct[1]), err
        assert err.count("\n") == 1 and "6 jurisdictions" in err  # the summary line only
    for url in (live_base, f"{live_base}/graphql/"):
        code, out, err = check(
            neo4j_target, "--parents", "620000,620700", "--as-of", DAY, "--format", "jsonl", "--url", url
        )
        assert code == 3 and f"asking {live_base}/graphql for the correspondence of 2 parents" in err, err
        assert lines(out) == lines(
            check(neo4j_target, "--parents", "620000,620700", "--as-of", DAY, "--format", "jsonl")[1]
        )


def test_url_with_a_proxy_prefix(seeded: LoadReport, settings: Settings, neo4j_target: Neo4jTarget) -> None:
    # the service behind a reverse proxy at /orggraph: mounted there, with its own lifespan
    service = create_app(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with service.router.lifespan_context(service):
            yield

    proxy = FastAPI(lifespan=lifespan)
    proxy.mount("/orggraph", service)
    direct = check(neo4j_target, "620700", "--as-of", DAY, "--format", "json")
    with served_app(settings, app=proxy) as base:
        for url in (f"{base}/orggraph", f"{base}/orggraph/", f"{base}/orggraph/graphql"):
            code, out, err = check(neo4j_target, "620700", "--as-of", DAY, "--format", "json", "--url", url)
            assert (code, out) == (0, direct[1]), err
        # the base URL without the prefix: the proxy has nothing at /graphql
        code, out, err = check(neo4j_target, "620700", "--url", base)
        assert code == 2 and out == ""
        assert err == (
            f'error: the server at {base}/graphql does not answer GraphQL (HTTP 404: {{"detail":"Not Found"}}); '
            "--url takes the service's base URL (http://127.0.0.1:8000, or a proxy's prefix such as "
            "https://host/orggraph) or its GraphQL endpoint (the same ending in /graphql)\n"
        )


class _WebPage(BaseHTTPRequestHandler):
    """A web server that is not GraphQL: every POST gets a page of HTML; but under /other/ a
    GraphQL server that is not this service (it has no correspondenceReport)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b"<!doctype html>\n<html><body><h1>Welcome</h1>\n</body></html>\n"
        kind, status = "text/html", 200
        if self.path.startswith("/other/"):
            refused = {
                "message": "Cannot query field 'correspondenceReport' on type 'Query'.",
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
            body = json.dumps({"errors": [refused]}).encode()
            kind, status = "application/graphql-response+json", 400
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def web_page() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_wrong_url_is_exit_2_naming_it(live_base: str, web_page: str, neo4j_target: Neo4jTarget) -> None:
    # a server that is not GraphQL: its answer, and the rule, in one message naming the URL asked
    for args in (["620700"], ["--parents", "620000,620700", "--format", "jsonl"], ["--all-levels", "620000"]):
        code, out, err = check(neo4j_target, *args, "--url", f"{web_page}/reports")
        assert code == 2 and out == "", err
        assert err == (
            f"error: the server at {web_page}/reports/graphql does not answer GraphQL (HTTP 200: <!doctype html> "
            "<html><body><h1>Welcome</h1> </body></html>); --url takes the service's base URL "
            "(http://127.0.0.1:8000, or a proxy's prefix such as https://host/orggraph) or its GraphQL endpoint "
            "(the same ending in /graphql)\n"
        )
    # a GraphQL server that is not this service: its refusal, exit 2
    code, out, err = check(neo4j_target, "620700", "--url", f"{web_page}/other")
    assert (code, out) == (2, "")
    assert err == (
        f"error: the API at {web_page}/other/graphql says (HTTP 400): "
        "Cannot query field 'correspondenceReport' on type 'Query'.\n"
    )
    # the service, at a path where it has no GraphQL
    code, out, err = check(neo4j_target, "620700", "--url", f"{live_base}/healthz")
    assert code == 2 and out == ""
    assert err.startswith(f"error: the server at {live_base}/healthz/graphql does not answer GraphQL (HTTP 404")
    assert err.count("\n") == 1
    # not an http(s) URL: refused before anything is asked
    code, out, err = check(neo4j_target, "620700", "--url", live_base.removeprefix("http://"))
    assert code == 2 and out == ""
    assert err.startswith(f"error: --url '{live_base.removeprefix('http://')}' is not an http:// or https:// URL")
    # nothing listening: one message naming the endpoint
    code, out, err = check(neo4j_target, "--parents", "620000,620700", "--url", "http://127.0.0.1:9")
    assert code == 2 and out == ""
    assert err.startswith("error: cannot reach the API at http://127.0.0.1:9/graphql: ") and err.count("\n") == 1


@pytest.mark.anyio
async def test_one_statement_per_parent_plus_one(seeded: LoadReport, db: Database) -> None:
    day = dt.date(2019, 12, 24)
    for codes, roots in ((None, ["620000"]), (None, ["620700", "620721"]), (["620700", "620000"], None)):
        before = db.round_trips
        parents = await parents_from_database(db, codes=codes, roots=roots)
        result = await run_batch(parents, database_fetch(db, day), concurrency=2, write=lambda report: None)
        assert result.parents == len(parents)
        # the parents in one statement, then one per parent: not one per lower jurisdiction
        assert db.round_trips - before == len(parents) + 1


def _report(code: str) -> CorrespondenceReport:
    zero = Summary(required=0, matched=0, merged=0, vertical=0, missing=0, allowed=0, local_extras=0, kind_mismatches=0)
    return CorrespondenceReport(parent_code=code, parent_name=code, as_of=dt.date(2019, 12, 24), lower=[], totals=zero)


@pytest.mark.anyio
async def test_reports_are_written_in_the_parents_order_a_bounded_number_at_once() -> None:
    # the scheduler alone (the reports are the database's in every other test): later parents
    # finish first, yet are written in order; never more than `concurrency` run at once
    running = peak = 0
    finished: list[str] = []

    async def fetch(code: str) -> CorrespondenceReport:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.02 * (10 - int(code)) / 10)
        running -= 1
        finished.append(code)
        return _report(code)

    codes = [str(i) for i in range(10)]
    written: list[str] = []
    result = await run_batch(codes, fetch, concurrency=3, write=lambda r: written.append(r.parent_code))
    assert written == codes and finished != codes and peak == 3 and result.parents == 10 and result.exit_code == 0

    async def failing(code: str) -> CorrespondenceReport:
        if code == "4":
            raise DatabaseUnavailableError("gone")
        await asyncio.sleep(0.001)
        return _report(code)

    written.clear()
    with pytest.raises(DatabaseUnavailableError):
        await run_batch(codes, failing, concurrency=2, write=lambda r: written.append(r.parent_code))
    # the reports before the failed one are written; none after it
    assert written == ["0", "1", "2", "3"]
    assert WINDOW_PER_SLOT >= 1


def test_all_levels_over_a_synthetic_province(tmp_path: Path, neo4j_target: Neo4jTarget, sync_driver: Driver) -> None:
    subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "scripts" / "generate_synthetic.py"),
            *("--cities", "3", "--counties", "3", "--seed", "7", "--out", str(tmp_path / "syn")),
        ],
        check=True,
        capture_output=True,
    )
    sync_driver.execute_query(WIPE, database_=neo4j_target.database)
    env = {**env_for(neo4j_target), "SEED_DIR": str(tmp_path / "syn")}
    loaded = runner.invoke(app, ["seed"], env=env)
    assert loaded.exit_code == 0, loaded.output

    code, out, err = check(neo4j_target, "--all-levels", "990000", "--format", "jsonl", "--concurrency", "2", env=env)
    reports = lines(out)
    assert [r["parent_code"] for r in reports] == ["990000", "990100", "990200", "990300"]
    singles = [check(neo4j_target, p, "--format", "json", env=env) for p in ("990000", "990100", "990200", "990300")]
    assert reports == [json.loads(single[1]) for single in singles]
    # the batch's exit code is the worst of the single runs' (1 missing > 3 unknown > 0)
    assert code == min((c for c, _, _ in singles), key=lambda c: {1: 0, 3: 1, 0: 2}[c]), err
    lower = sum(len(r["lower"]) for r in reports)
    assert lower == 3 + 3 * 3 and f"4 parents checked, {lower} lower jurisdictions" in err
