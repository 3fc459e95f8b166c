"""docker-compose.yml, the Dockerfile and the Maven pom agree with the pinned Neo4j version.

No Docker engine runs on the development machines, so the compose file is checked by
structure here; Docker users run it for real.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml

from graph_service.config import DEV_PASSWORD, NEO4J_DOCKER_IMAGE, NEO4J_VERSION
from graph_service.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return loaded


def test_neo4j_image_is_the_pinned_version(compose: dict[str, Any]) -> None:
    assert compose["services"]["neo4j"]["image"] == NEO4J_DOCKER_IMAGE
    assert re.fullmatch(r"neo4j:5\.26\.\d+-community", NEO4J_DOCKER_IMAGE)


def test_maven_pom_pins_the_same_version() -> None:
    pom = ET.parse(PROJECT_ROOT / "graph_service" / "neo4j_local" / "pom.xml")
    version = pom.find(".//{http://maven.apache.org/POM/4.0.0}neo4j.version")
    assert version is not None and version.text == NEO4J_VERSION


def test_neo4j_has_auth_a_healthcheck_and_a_named_volume(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert DEV_PASSWORD in neo4j["environment"]["NEO4J_AUTH"]
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert {"interval", "timeout", "retries"} <= set(neo4j["healthcheck"])
    volume = neo4j["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "127.0.0.1:7687:7687" in neo4j["ports"]


def test_api_waits_for_a_healthy_neo4j_and_reaches_it_by_service_name(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["environment"]["NEO4J_PASSWORD"] == compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"][6:]
    assert api["environment"]["API_HOST"] == "0.0.0.0"
    assert "127.0.0.1:8000:8000" in api["ports"]


def test_dockerfile_runs_the_service_on_the_seed() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert re.search(r'^CMD \["orggraph", "up"\]$', dockerfile, re.MULTILINE)
    for folder in ("graph_service", "cypher", "seed"):
        assert re.search(rf"^COPY {folder} {folder}$", dockerfile, re.MULTILINE), folder
    assert "/readyz" in dockerfile
