"""The project's own Neo4j server: start, stop, status, failures (the API riding an outage is
tests/robustness/test_neo4j_outage.py).

These tests run a second, dedicated local server (whatever the session's Neo4j is), since
they stop and restart it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph_service.config import load_settings
from graph_service.errors import LocalNeo4jError
from graph_service.neo4j_local import LocalNeo4j, free_port
from tests.neo4j_provider import TEST_PASSWORD, local_test_server

pytestmark = pytest.mark.stops_neo4j


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    with local_test_server(tmp_path_factory.mktemp("lifecycle-neo4j")) as local:
        yield local


def servers_for_home(home: Path) -> list[int]:
    """Pids of every Neo4j JVM whose --home-dir is `home`."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"--home-dir={home}".encode() in cmdline:
            pids.append(int(proc.name))
    return pids


def count_marker_nodes(server: LocalNeo4j) -> int:
    with GraphDatabase.driver(f"bolt://127.0.0.1:{server.bolt_port}", auth=("neo4j", TEST_PASSWORD)) as driver:
        records, _, _ = driver.execute_query("MATCH (m:LifecycleMarker) RETURN count(m) AS n")
        return int(records[0]["n"])


def test_second_start_is_a_no_op(server: LocalNeo4j) -> None:
    first = server.status()
    again = server.start()
    assert again.pid == first.pid
    assert servers_for_home(server.home) == [first.pid]


def test_stop_keeps_the_data(server: LocalNeo4j) -> None:
    with GraphDatabase.driver(f"bolt://127.0.0.1:{server.bolt_port}", auth=("neo4j", TEST_PASSWORD)) as driver:
        driver.execute_query("CREATE (:LifecycleMarker {at: datetime()})")
    before = count_marker_nodes(server)
    assert server.stop() is True
    assert not server.status().running
    assert servers_for_home(server.home) == []
    server.start()
    assert count_marker_nodes(server) == before >= 1


def test_failed_start_shows_the_log_and_leaves_nothing_running(tmp_path: Path) -> None:
    settings = load_settings(_env_file=None)
    doomed = LocalNeo4j(
        home=tmp_path,
        jar_dir=settings.neo4j_jar_dir,
        bolt_port=free_port(),
        password=TEST_PASSWORD,
        heap="256m",
        pagecache="4000g",  # more than the machine has: Neo4j refuses to start
        log=lambda message: None,
    )
    with pytest.raises(LocalNeo4jError) as failure:
        doomed.start()
    assert "during start-up" in str(failure.value)
    assert "last lines of" in str(failure.value)
    assert not doomed.status().running
    assert servers_for_home(doomed.home) == []


def test_start_refuses_a_port_taken_by_another_process(server: LocalNeo4j, tmp_path: Path) -> None:
    settings = load_settings(_env_file=None)
    intruder = LocalNeo4j(
        home=tmp_path,
        jar_dir=settings.neo4j_jar_dir,
        bolt_port=server.bolt_port,
        password=TEST_PASSWORD,
        log=lambda message: None,
    )
    with pytest.raises(LocalNeo4jError, match="already in use"):
        intruder.start()
