"""Fixtures of the robustness suite: a served app on the real seed, the case budget, and the
tally printed at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from tests.neo4j_provider import Neo4jTarget
from tests.robustness.support import EDITOR_KEYS, SECRETS, TALLY, SeedIds


@pytest.fixture(scope="session")
def robustness_cases(request: pytest.FixtureRequest) -> int:
    cases = int(request.config.getoption("--robustness-cases"))
    if cases < 1:
        raise pytest.UsageError("--robustness-cases must be at least 1")
    return cases


@pytest.fixture(scope="module")
def served(seeded: LoadReport, settings: Settings, neo4j_target: Neo4jTarget) -> Iterator[TestClient]:
    """The app on the real seed, with an editor key (EDITOR) for the mutation families."""
    SECRETS.add(neo4j_target.uri.split("://", 1)[1])  # host:port of the database
    app_settings = settings.model_copy(update={"api_keys": EDITOR_KEYS})
    with TestClient(create_app(app_settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def seed_ids(seeded: LoadReport, sync_driver: Driver, neo4j_target: Neo4jTarget) -> SeedIds:
    """Real ids of the seed, so generated requests reach past NOT_FOUND."""
    records, _, _ = sync_driver.execute_query(
        "MATCH (n:Record) WHERE n:Body OR n:Jurisdiction OR n:Duty OR n:ReformEvent OR n:Document "
        "RETURN coalesce(n.id, n.code) AS id",
        database_=neo4j_target.database,
    )
    return SeedIds(sorted({str(r["id"]) for r in records if r["id"]}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.requests:
        terminalreporter.write_line(TALLY.summary())
