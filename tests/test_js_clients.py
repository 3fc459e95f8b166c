"""JavaScript clients' tooling against the live API on the seed (Node packages in tests/js/):
graphql-js builds the same schema from the server's introspection as from schema.graphql, in
tests/js's copy and in GraphiQL's (assets/); GraphQL Code Generator's typescript and
typescript-operations plugins, reading the schema from the live URL, type every query of the
explorer, and the output, with the server's answers to those queries typed by it, compiles
under `tsc --strict`. One server for the module, one Node process per check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLScalarType, OperationDefinitionNode, build_schema, parse

from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT, SCHEMA_FILE
from graph_service.web.explorer_page import EXPLORER_DIR
from tests.served_app import served_app

JS_DIR = PROJECT_ROOT / "tests" / "js"
GRAPHQL_COPIES = {
    "tests/js": JS_DIR / "node_modules" / "graphql",
    "GraphiQL": PROJECT_ROOT / "assets" / "node_modules" / "graphql",
}
QUERY_FILES = sorted((EXPLORER_DIR / "queries").glob("*.graphql"))
# the explorer's variables for each query file (read by tests/test_apollo_client.py too)
VARIABLES: dict[str, list[dict[str, Any]]] = json.loads(
    (JS_DIR / "explorer-variables.json").read_text(encoding="utf-8")
)
TIMEOUT = 120


@pytest.fixture(scope="module")
def live_graphql(settings: Settings, seeded: LoadReport) -> Iterator[str]:
    with served_app(settings) as url:
        yield f"{url}/graphql"


def installed(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path.relative_to(PROJECT_ROOT)} is missing: `./orggraph test` installs it (npm ci)")
    return path


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is needed: `./orggraph test` installs npm (Debian), which brings it")
    return found


def run(command: list[str | Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=TIMEOUT, cwd=JS_DIR, check=False
    )


def operation_name(path: Path) -> str:
    (operation,) = [
        d for d in parse(path.read_text(encoding="utf-8")).definitions if isinstance(d, OperationDefinitionNode)
    ]
    assert operation.name is not None, path
    return operation.name.value


# --- graphql-js: the client schema -------------------------------------------------------------


@pytest.fixture(scope="module")
def client_schemas(live_graphql: str) -> dict[str, dict[str, Any]]:
    """Per copy of graphql-js: the schema printed from the live introspection and from the file."""
    copies = {name: installed(path) for name, path in GRAPHQL_COPIES.items()}
    done = run([node(), JS_DIR / "client_schema.mjs", live_graphql, SCHEMA_FILE, *copies.values()])
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return dict(zip(copies, results, strict=True))


def test_both_copies_are_graphql_js_16(client_schemas: dict[str, dict[str, Any]]) -> None:
    majors = {name: result["version"].split(".")[0] for name, result in client_schemas.items()}
    assert majors == dict.fromkeys(GRAPHQL_COPIES, "16")


def test_graphql_js_builds_the_schema_file(client_schemas: dict[str, dict[str, Any]]) -> None:
    assert {name: result["schemaFileErrors"] for name, result in client_schemas.items()} == {
        name: [] for name in GRAPHQL_COPIES
    }


def test_the_introspection_with_every_option_answers(client_schemas: dict[str, dict[str, Any]]) -> None:
    answers = {name: (result["status"], result["introspectionErrors"]) for name, result in client_schemas.items()}
    assert answers == {name: (200, []) for name in GRAPHQL_COPIES}


@pytest.mark.parametrize("copy", GRAPHQL_COPIES)
def test_the_client_schema_is_the_schema_file(client_schemas: dict[str, dict[str, Any]], copy: str) -> None:
    result = client_schemas[copy]
    assert result["fromIntrospection"] is not None
    assert result["fromIntrospection"] == result["fromFile"]


# --- GraphQL Code Generator and tsc ------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(live_graphql: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """codegen's output for the explorer's queries, the schema read from the live URL: the schema's
    types (typescript) in schema-types.ts, the operations' (typescript-operations, v6: importing
    the schema's enums from there, as its migration guide sets up both plugins) in operations.ts."""
    out = tmp_path_factory.mktemp("codegen")
    config = {
        # the live URL as a user gives it: codegen's URL loader offers zstd whatever the Node
        # version, which Node 20 cannot read; the server offers none (graph_service/web/compression.py)
        "schema": [live_graphql],
        "documents": [str(path) for path in QUERY_FILES],
        # enums as unions of their values' strings: a client gets JSON, not TypeScript enums
        "config": {
            "scalars": {"Date": "string", "DateTime": "string", "JSON": "unknown"},
            "strictScalars": True,
            "enumsAsTypes": True,
        },
        "generates": {
            str(out / "schema-types.ts"): {"plugins": ["typescript"]},
            str(out / "operations.ts"): {
                "plugins": ["typescript-operations"],
                "config": {"importSchemaTypesFrom": str(out / "schema-types.ts")},
            },
        },
    }
    (out / "codegen.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    done = run([installed(JS_DIR / "node_modules" / ".bin" / "graphql-codegen"), "--config", out / "codegen.json"])
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_codegen_types_every_operation_of_the_explorer(generated: Path) -> None:
    operations = (generated / "operations.ts").read_text(encoding="utf-8")
    declared = set(re.findall(r"^export type (\w+) =", operations, re.MULTILINE))
    names = [operation_name(path) for path in QUERY_FILES]
    assert {f"{name}Query" for name in names} | {f"{name}QueryVariables" for name in names} <= declared
    assert "import type * as Types from './schema-types';" in operations


def test_codegen_types_the_schema(generated: Path) -> None:
    schema_types = (generated / "schema-types.ts").read_text(encoding="utf-8")
    declared = set(re.findall(r"^export (?:type|enum) (\w+)\b", schema_types, re.MULTILINE))
    named = {
        name
        for name, type_ in build_schema(SCHEMA_FILE.read_text(encoding="utf-8")).type_map.items()
        if not name.startswith("__") and not isinstance(type_, GraphQLScalarType)
    }
    assert named - declared == set()
    assert {"Body", "Query", "Node", "Confidence"} <= declared
    assert "Date: { input: string; output: string; }" in schema_types


def test_the_generated_types_and_the_live_answers_compile_strictly(generated: Path, live_graphql: str) -> None:
    """Every query file's answer from the server, with the variables the explorer sends, is a
    value of the query's generated type (so the types hold for real data, nulls included)."""
    names = {path.stem: operation_name(path) for path in QUERY_FILES}
    imported = sorted(f"{name}Query, {name}QueryVariables" for name in names.values())
    lines = [f"import type {{ {', '.join(imported)} }} from './operations';"]
    with httpx.Client(timeout=TIMEOUT) as client:
        for path in QUERY_FILES:
            for index, variables in enumerate(VARIABLES[path.stem]):
                response = client.post(
                    live_graphql, json={"query": path.read_text(encoding="utf-8"), "variables": variables}
                )
                body = response.json()
                assert response.status_code == 200 and "errors" not in body, (path.name, body)
                value = f"{names[path.stem]}_{index}".replace("Explorer", "")
                lines.append(
                    f"export const {value}Variables: {names[path.stem]}QueryVariables = {json.dumps(variables)};"
                )
                lines.append(
                    f"export const {value}: {names[path.stem]}Query = {json.dumps(body['data'], ensure_ascii=False)};"
                )
    (generated / "answers.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")

    tsc = installed(JS_DIR / "node_modules" / ".bin" / "tsc")
    files = [generated / name for name in ("schema-types.ts", "operations.ts", "answers.ts")]
    done = run([tsc, "--strict", "--noEmit", *files])
    assert done.returncode == 0, done.stdout + done.stderr
