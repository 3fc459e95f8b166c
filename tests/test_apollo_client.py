"""docs/api.md's Apollo Client cache set-up, run as written by the real @apollo/client (Node,
tests/js/apollo_cache.mjs) against the API on the seed: every query of the explorer, sent twice
through one client, is answered from the cache the second time with the same data; `node(id:)`
finds every kind of cached object without the network. One server and one Node process for the
module; the tests below read the Node process's report."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLUnionType,
    NonNullTypeNode,
    OperationDefinitionNode,
    build_schema,
    parse,
)

from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT, SCHEMA_FILE
from graph_service.web.explorer_page import EXPLORER_DIR
from tests.served_app import served_app

JS_DIR = PROJECT_ROOT / "tests" / "js"
CONFIG_BLOCK = re.compile(r"<!-- apollo-cache-config -->\n```js\n(.*?)```", re.DOTALL)
README_EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\s*```graphql\n(.*?)```", re.DOTALL)
SCHEMA = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
QUERIES = {path.stem: path.read_text(encoding="utf-8") for path in sorted((EXPLORER_DIR / "queries").glob("*.graphql"))}

CITY, AFTER, BUREAU = "620700", "2019-12-24", "620700.natural_resources"
# Each query file's variables as the explorer sends them (graph_service/web/explorer/*.js): a
# jurisdiction's code, a date, a body's stable id (ids.js, bodyRef), a duty's id from the body's
# panel, the earliest date of the reform stepper (app.js, EARLIEST); org-chart on two dates.
# tests/test_js_clients.py types the answers to the same variables.
VARIABLES: dict[str, list[dict[str, Any]]] = json.loads(
    (JS_DIR / "explorer-variables.json").read_text(encoding="utf-8")
)

# Beside the explorer's: another query of the same chart as org-chart.graphql on 2018-06-01
# (other fields of one OrgChart), and the kinds of Node the explorer never asks by id
README_CHART = "org-chart-2018"
IDENTIFIED = """
query Identified($code: ID!, $asOf: Date) {
  jurisdiction(code: $code) { id code name figures(asOf: $asOf) { id metric value } }
}
"""
# node(id:) selects what the queries above cached of each type
NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Body { name }
    ... on Jurisdiction { name }
    ... on Duty { text }
    ... on ReformEvent { type }
    ... on Document { title }
    ... on Figure { metric value }
  }
}
"""


def node_command(script: str) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed: `./orggraph test` installs npm (Debian), which brings it")
    if not (JS_DIR / "node_modules" / "@apollo" / "client").is_dir():
        pytest.fail("tests/js/node_modules is missing: `./orggraph test` installs it (npm ci in tests/js)")
    # the development build keeps Apollo's full messages and its warnings
    return [node, "--conditions=development", str(JS_DIR / script)]


def docs_cache_config() -> str:
    match = CONFIG_BLOCK.search((PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    assert match, "docs/api.md has no ```js block after <!-- apollo-cache-config -->"
    return match.group(1)


def operations() -> list[dict[str, Any]]:
    examples = dict(README_EXAMPLE.findall((PROJECT_ROOT / "README.md").read_text(encoding="utf-8")))
    planned = [
        {"label": f"{name} {json.dumps(variables)}", "document": QUERIES[name], "variables": variables}
        for name, sets in VARIABLES.items()
        for variables in sets
    ]
    planned.append({"label": f"README {README_CHART}", "document": examples[README_CHART], "variables": {}})
    planned.append({"label": "identified", "document": IDENTIFIED, "variables": {"code": CITY, "asOf": AFTER}})
    return planned


def node_types() -> list[str]:
    node = SCHEMA.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    return sorted(type_.name for type_ in SCHEMA.get_possible_types(node))


@pytest.fixture(scope="module")
def report(settings: Settings, seeded: LoadReport) -> dict[str, Any]:
    plan = {
        "config": docs_cache_config(),
        "operations": operations(),
        "node": {"document": NODE, "types": node_types(), "stableIds": [BUREAU]},
    }
    command = node_command("apollo_cache.mjs")
    with served_app(settings) as url:
        done = subprocess.run(
            command,
            input=json.dumps({**plan, "url": f"{url}/graphql"}),
            capture_output=True,
            text=True,
            timeout=180,
            cwd=JS_DIR,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_every_query_file_has_variables_the_explorer_would_send() -> None:
    assert set(VARIABLES) == set(QUERIES)
    for name, sets in VARIABLES.items():
        (operation,) = [d for d in parse(QUERIES[name]).definitions if isinstance(d, OperationDefinitionNode)]
        definitions = operation.variable_definitions or ()
        declared = {v.variable.name.value for v in definitions}
        required = {
            v.variable.name.value
            for v in definitions
            if isinstance(v.type, NonNullTypeNode) and v.default_value is None
        }
        for variables in sets:
            assert required <= set(variables) <= declared, name


def test_the_other_chart_query_asks_for_an_explorer_chart() -> None:
    # the same orgChart(jurisdiction:, asOf:) as one of org-chart.graphql's, other fields of it
    examples = dict(README_EXAMPLE.findall((PROJECT_ROOT / "README.md").read_text(encoding="utf-8")))
    arguments = re.search(r'orgChart\(jurisdiction: "(\d+)", asOf: "([\d-]+)"\)', examples[README_CHART])
    assert arguments
    assert {"jurisdiction": arguments[1], "asOf": arguments[2]} in VARIABLES["org-chart"]


def test_the_first_round_asks_the_server_once_per_query(report: dict[str, Any]) -> None:
    first = report["rounds"][0]
    assert [(r["label"], r["error"]) for r in first if r["error"]] == []
    assert {r["label"]: r["fetches"] for r in first} == {o["label"]: 1 for o in operations()}
    assert all(r["data"] for r in first)


def test_the_second_round_is_answered_from_the_cache(report: dict[str, Any]) -> None:
    first, second = report["rounds"]
    assert [(r["label"], r["fetches"], r["error"]) for r in second if r["fetches"] or r["error"]] == []
    assert [a["label"] for a, b in zip(first, second, strict=True) if a["data"] != b["data"]] == []


def test_node_finds_every_kind_of_cached_object_without_the_network(report: dict[str, Any]) -> None:
    checked = report["nodes"]
    assert [n["type"] for n in checked if n["id"] is None] == [], "no object of these types was cached"
    for checked_node in checked:
        cached, network = checked_node["cached"], checked_node["network"]
        assert (cached["error"], network["error"]) == (None, None), checked_node
        assert cached["fetches"] == 0, checked_node
        assert cached["data"] == network["data"], checked_node
        assert checked_node["typeOf"] == network["data"]["node"]["__typename"] == checked_node["type"]
    assert {n["type"] for n in checked} == set(node_types())


def test_node_by_a_stable_body_id_is_fetched_once(report: dict[str, Any]) -> None:
    (asked,) = report["stable"]
    assert (asked["first"]["error"], asked["again"]["error"]) == (None, None)
    assert (asked["first"]["fetches"], asked["again"]["fetches"]) == (1, 0)
    assert asked["again"]["data"] == asked["first"]["data"]
    assert asked["first"]["data"]["node"]["id"].startswith(f"{BUREAU}@")  # the body as of today


def test_apollo_wrote_no_warning(report: dict[str, Any]) -> None:
    assert report["warnings"] == []


def test_possible_types_are_the_schemas(report: dict[str, Any]) -> None:
    abstract = [t for t in SCHEMA.type_map.values() if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)]
    expected = {t.name: sorted(p.name for p in SCHEMA.get_possible_types(t)) for t in abstract}
    given = {name: sorted(types) for name, types in report["options"]["possibleTypes"].items()}
    assert given == {name: types for name, types in expected.items() if types}


def test_type_policies_name_types_of_the_schema(report: dict[str, Any]) -> None:
    assert set(report["options"]["typePolicies"]) - set(SCHEMA.type_map) == set()


def test_the_config_block_is_plain_script() -> None:
    # the Node script evaluates it as a function body with InMemoryCache in scope
    config = docs_cache_config()
    assert "import " not in config and "export " not in config
    assert re.search(r"\bconst cache = new InMemoryCache\(", config) and re.search(r"\bconst typeOf = ", config)
