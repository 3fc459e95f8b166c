"""Where the tests' Neo4j comes from, in this order:

1. NEO4J_URI in the environment: a server that already runs (NEO4J_USER / NEO4J_PASSWORD);
2. testcontainers' Neo4j module, when a Docker engine answers;
3. the project's own local server (Maven jars), started in a temporary home on a free
   port for the test session and stopped after it.

Tests wipe the database between them, so a server given by NEO4J_URI must be empty or
one these tests marked as theirs (a `:OrgGraphTestSentinel` node); otherwise the session
stops with a message instead of deleting someone's data.
"""

from __future__ import annotations

import gc
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from neo4j import GraphDatabase

from graph_service.config import NEO4J_DOCKER_IMAGE, NEO4J_VERSION, load_settings
from graph_service.neo4j_local import LocalNeo4j, free_port

if TYPE_CHECKING:
    from testcontainers.community.neo4j import Neo4jContainer

TEST_PASSWORD = "orggraph-test-password"
SENTINEL_LABEL = "OrgGraphTestSentinel"


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str
    database: str
    origin: str  # 'environment', 'testcontainers' or 'local'


def docker_engine_answers() -> bool:
    with warnings.catch_warnings():
        # the docker SDK leaks its socket when the engine does not answer
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            import docker

            client = docker.from_env(timeout=3)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except Exception:  # no engine, no socket, no permission: all mean "not available"
            return False
        finally:
            gc.collect()


@contextmanager
def local_test_server(home: Path, *, port: int | None = None) -> Iterator[LocalNeo4j]:
    """A throw-away local Neo4j: small memory, its own home and port, stopped on exit."""
    settings = load_settings()
    server = LocalNeo4j(
        home=home,
        jar_dir=settings.neo4j_jar_dir,
        bolt_port=port or free_port(),
        password=TEST_PASSWORD,
        heap="512m",
        pagecache="128m",
        java_home=settings.java_home,
        start_timeout=settings.local_neo4j_start_timeout,
        log=lambda message: print(f"[test neo4j] {message}"),
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def provide_neo4j() -> Iterator[Neo4jTarget]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        target = Neo4jTarget(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            origin="environment",
        )
        claim_for_tests(target)
        yield target
        return
    if docker_engine_answers():
        with neo4j_container() as container:
            yield Neo4jTarget(
                uri=container.get_connection_url(),
                user="neo4j",
                password=TEST_PASSWORD,
                database="neo4j",
                origin="testcontainers",
            )
        return
    with tempfile.TemporaryDirectory(prefix="orggraph-test-neo4j-") as home, local_test_server(Path(home)) as server:
        yield Neo4jTarget(
            uri=f"bolt://127.0.0.1:{server.bolt_port}",
            user="neo4j",
            password=TEST_PASSWORD,
            database="neo4j",
            origin="local",
        )


#: the memory the compose file gives Neo4j (tests/test_docker_path.py keeps the two equal)
CONTAINER_MEMORY = {
    "NEO4J_server_memory_heap_initial__size": "1G",
    "NEO4J_server_memory_heap_max__size": "1G",
    "NEO4J_server_memory_pagecache_size": "512M",
}


def neo4j_container() -> Neo4jContainer:
    """The tests' Neo4j as a container: the compose file's image and memory, the tests' password.
    testcontainers' maintained module (`testcontainers.community.neo4j`; the old
    `testcontainers.neo4j` is deprecated and warns on import). Building it asks the Docker engine
    for its version, so call it only when one answers. tests/test_docker_path.py runs it against
    a stand-in engine."""
    from testcontainers.community.neo4j import Neo4jContainer

    container = Neo4jContainer(image=NEO4J_DOCKER_IMAGE, username="neo4j", password=TEST_PASSWORD)
    for name, value in {**CONTAINER_MEMORY, "NEO4J_dbms_usage__report_enabled": "false"}.items():
        container.with_env(name, value)
    return container


def claim_for_tests(target: Neo4jTarget) -> None:
    """Refuse a database that holds data these tests did not put there."""
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes, count{ MATCH (s:OrgGraphTestSentinel) } AS sentinels",
            database_=target.database,
        )
        if records[0]["nodes"] and not records[0]["sentinels"]:
            raise RuntimeError(
                f"NEO4J_URI={target.uri} holds {records[0]['nodes']} nodes that the tests did not create; "
                "the tests wipe their database, so point NEO4J_URI at an empty one"
            )
        driver.execute_query("MERGE (:OrgGraphTestSentinel {id: 'orggraph-tests'})", database_=target.database)


__all__ = [
    "CONTAINER_MEMORY",
    "NEO4J_VERSION",
    "Neo4jTarget",
    "TEST_PASSWORD",
    "local_test_server",
    "neo4j_container",
    "provide_neo4j",
]
