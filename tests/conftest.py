"""Shared fixtures: one real Neo4j per test session (see tests/neo4j_provider.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from neo4j import Driver, GraphDatabase

from graph_service.config import Settings, load_settings
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport, load_seed
from graph_service.paths import SEED_DIR
from tests.neo4j_provider import Neo4jTarget, provide_neo4j


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--robustness-cases",
        type=int,
        default=2000,
        help="how many generated requests tests/robustness/ sends in all (default 2000; e.g. 10000 for a long run)",
    )


# Tests read and check the graph with their own literal Cypher, independent of cypher/.
WIPE = "MATCH (n) WHERE NOT n:OrgGraphTestSentinel DETACH DELETE n"


@pytest.fixture(scope="session")
def neo4j_target() -> Iterator[Neo4jTarget]:
    with provide_neo4j() as target:
        print(f"\ntests use Neo4j from {target.origin}: {target.uri}")
        yield target


@pytest.fixture(scope="session")
def settings(neo4j_target: Neo4jTarget) -> Settings:
    return settings_for(neo4j_target)


def settings_for(target: Neo4jTarget, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "neo4j_uri": target.uri,
        "neo4j_user": target.user,
        "neo4j_password": target.password,
        "neo4j_database": target.database,
        "warm_up": False,  # tests/test_warmup.py turns it on; elsewhere it would only add load
        "_env_file": None,
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture(scope="session")
def sync_driver(neo4j_target: Neo4jTarget) -> Iterator[Driver]:
    """A plain driver for tests to arrange and inspect data independently of the service."""
    with GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.user, neo4j_target.password)) as driver:
        yield driver


@pytest.fixture
def empty_graph(sync_driver: Driver, neo4j_target: Neo4jTarget) -> Driver:
    """The test starts from an empty graph (schema objects stay)."""
    sync_driver.execute_query(WIPE, database_=neo4j_target.database)
    return sync_driver


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = Database.from_settings(settings)
    try:
        yield database
    finally:
        await database.close()


async def _load_real_seed(settings: Settings) -> LoadReport:
    database = Database.from_settings(settings)
    try:
        return await load_seed(database, SEED_DIR)
    finally:
        await database.close()


@pytest.fixture(scope="module")
def seeded(settings: Settings, sync_driver: Driver, neo4j_target: Neo4jTarget) -> LoadReport:
    """The real seed, loaded once per test module into an emptied database."""
    sync_driver.execute_query(WIPE, database_=neo4j_target.database)
    return asyncio.run(_load_real_seed(settings))
