"""What standard GraphQL tooling sends on first contact: the standard introspection documents
of graphql-core 3.3 (every option) and 3.2 (a separate, pinned install: the version that clients
such as gql and older strawberry/ariadne set-ups still use) answer, over HTTP, and build a
client schema equal to schema.graphql; introspection stays bounded (and refused when switched
off); several operations without `operationName` are refused as the spec requires.
graphql-js's side is tests/test_js_clients.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    build_client_schema,
    build_schema,
    get_introspection_query,
    lexicographic_sort_schema,
    print_schema,
)

from graph_service.app import create_app
from graph_service.config import Settings, load_settings
from graph_service.paths import PROJECT_ROOT
from tests.test_api_examples import EXAMPLES

SDL = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
#: a graphql-core 3.2 release before 3.2.9, which refused graphql-core 3.3's @deprecated
GRAPHQL_CORE_32 = "3.2.8"
OPTIONS = ("descriptions", "specified_by_url", "directive_is_repeatable", "schema_description")
MORE_OPTIONS = ("input_value_deprecation", "one_of")


def sorted_sdl(sdl_or_schema: Any) -> str:
    schema = build_schema(sdl_or_schema) if isinstance(sdl_or_schema, str) else sdl_or_schema
    return print_schema(lexicographic_sort_schema(schema))


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    # introspection needs no data: no seed
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def introspect(client: TestClient, query: str) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    return body


@pytest.mark.parametrize(
    "options",
    [{}, dict.fromkeys(OPTIONS, True), dict.fromkeys(OPTIONS + MORE_OPTIONS, True)],
    ids=["defaults", "graphql-js-16-options", "every-option"],
)
def test_graphql_core_33_introspection_builds_the_served_schema(client: TestClient, options: dict[str, bool]) -> None:
    body = introspect(client, get_introspection_query(**options))
    expected = sorted_sdl(SDL)
    if not options.get("specified_by_url"):  # a client that does not ask cannot know the URL
        expected = re.sub(r' @specifiedBy\(url: "[^"]*"\)', "", expected)
    assert sorted_sdl(build_client_schema(body["data"])) == expected
    assert body["extensions"]["cost"]["requested"] <= body["extensions"]["cost"]["limit"]


@pytest.fixture(scope="module")
def graphql_core_32(settings: Settings) -> Path:
    """graphql-core 3.2, pinned, installed from PyPI once into the cache folder (apart from the
    project's environment, which has 3.3)."""
    target = load_settings(_env_file=None).orggraph_cache_dir / f"graphql-core-{GRAPHQL_CORE_32}"
    if not (target / "graphql" / "version.py").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check"]
            + ["--target", str(target), f"graphql-core=={GRAPHQL_CORE_32}"],
            check=True,
            timeout=300,
        )
    return target


def run_32(path: Path, script: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


QUERY_32 = """
import graphql
assert graphql.__version__ == {version!r}, graphql.__version__
print(graphql.get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                      schema_description=True, input_value_deprecation=True))
"""
BUILD_32 = """
import json, sys, graphql
from graphql import build_client_schema, build_schema, lexicographic_sort_schema, print_schema
data = json.load(sys.stdin)
client = print_schema(lexicographic_sort_schema(build_client_schema(data["introspection"])))
served = print_schema(lexicographic_sort_schema(build_schema(data["sdl"])))
print(json.dumps({"equal": client == served}))
"""


def test_graphql_core_32_builds_the_served_schema(client: TestClient, graphql_core_32: Path) -> None:
    query = run_32(graphql_core_32, QUERY_32.format(version=GRAPHQL_CORE_32))
    body = introspect(client, query)
    result = json.loads(run_32(graphql_core_32, BUILD_32, json.dumps({"introspection": body["data"], "sdl": SDL})))
    assert result == {"equal": True}


def test_introspection_is_bounded_by_the_schema(client: TestClient) -> None:
    # nesting `fields` over and over grows with the schema's size to that power: refused
    nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }"
    answer = client.post("/graphql", json={"query": nested}).json()
    assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in answer["errors"][0]["message"].lower()
    # the whole schema, over and over under aliases
    repeated = "{ " + " ".join(f"s{n}: __schema {{ types {{ name }} }}" for n in range(11)) + " }"
    answer = client.post("/graphql", json={"query": repeated}).json()
    assert answer["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "introspection"}
    a_few = '{ a: __type(name: "Body") { name } b: __type(name: "Duty") { name } __schema { queryType { name } } }'
    assert "errors" not in client.post("/graphql", json={"query": a_few}).json()


def test_a_document_mixing_both_is_measured_on_its_graph_part(client: TestClient) -> None:
    deep = EXAMPLES["error-too-deep"].replace("{", "{ __schema { queryType { name } }", 1)  # the README's
    answer = client.post("/graphql", json={"query": deep}).json()
    assert answer["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "depth"}
    shallow = '{ __schema { queryType { name } } __type(name: "Body") { name } serverInfo { name } }'
    answer = client.post("/graphql", json={"query": shallow}).json()
    assert answer["data"]["__schema"] == {"queryType": {"name": "Query"}} and "errors" not in answer


def test_introspection_switched_off_stays_refused(settings: Settings) -> None:
    off = settings.model_copy(update={"introspection_enabled": False})
    with TestClient(create_app(off)) as client:
        answer = client.post("/graphql", json={"query": get_introspection_query()}).json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_several_operations_need_an_operation_name(client: TestClient) -> None:
    document = "query A { serverInfo { name } } query B { __typename }"
    refused = client.post("/graphql", json={"query": document})
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "OPERATION_NAME_REQUIRED" and "A, B" in error["message"]
    named = client.post("/graphql", json={"query": document, "operationName": "B"})
    assert named.status_code == 200 and named.json()["data"] == {"__typename": "Query"}
    by_get = client.get("/graphql", params={"query": document})
    assert by_get.status_code == 400 and by_get.json()["errors"][0]["extensions"]["code"] == "OPERATION_NAME_REQUIRED"
    unknown = client.post("/graphql", json={"query": document, "operationName": "C"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
