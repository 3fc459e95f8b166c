"""Bounded cost per request: the probes that stalled or overran the service, each answered
promptly with a coded refusal (or an answer) now."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import get_operation_ast, parse
from neo4j import Query, RoutingControl

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.errors import QueryTimeoutError
from graph_service.graphql.limits import FANOUTS, WEIGHTS, measure
from graph_service.graphql.schema import build_schema
from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT
from tests.robustness.support import check_answer

SCHEMA = build_schema()._schema
COUNTERPARTS = (
    'counterparts(bodyId: "620700.natural_resources", asOf: "2019-12-24") { answers { jurisdiction { code name } '
    "found reason matches { match basis reason documents { title } body { id name sections { name } } } } }"
)


def fragment_fan_out(levels: int) -> str:
    """`F1 { ...F0 ...F0 }`, `F2 { ...F1 ...F1 }` ...: 2^levels spreads in a few hundred bytes."""
    definitions = ["fragment F0 on Query { serverInfo { edition } }"]
    definitions += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"query {{ ...F{levels} }}\n" + "\n".join(definitions)


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run `work` in a thread; fail (instead of hanging the suite) if it takes longer."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def post(client: TestClient, query: str, **extra: Any) -> dict[str, Any]:
    return check_answer(client.post("/graphql", json={"query": query, **extra}), "limits")


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


# --- measured in linear time --------------------------------------------------------------


def test_fragment_fan_out_is_measured_once_per_fragment() -> None:
    document = parse(fragment_fan_out(200))  # 2^200 spreads once expanded
    operation = get_operation_ast(document)
    assert operation is not None
    shape = within(5, lambda: measure(SCHEMA, document, operation))
    assert shape.cost == 2**200 * 2  # serverInfo (1) + its weight (1), at every spread
    assert shape.depth == 1


@pytest.mark.parametrize("levels", [18, 30, 60])
def test_fragment_fan_out_is_refused_promptly(client: TestClient, levels: int) -> None:
    body = within(10, lambda: post(client, fragment_fan_out(levels)))
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "cost"}
    assert body["data"] is None


def test_healthz_answers_while_fan_out_probes_run(client: TestClient) -> None:
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            post(client, fragment_fan_out(30))

    probes = [threading.Thread(target=hammer, daemon=True) for _ in range(3)]
    for probe in probes:
        probe.start()
    try:
        for _ in range(20):
            response = within(2, lambda: client.get("/healthz"))
            assert response.json() == {"status": "ok"}
    finally:
        stop.set()
        for probe in probes:
            probe.join(10)


def test_nested_depth_through_fragments_is_refused(client: TestClient) -> None:
    deep = (
        'query { body(id: "620700.natural_resources") { ...A } }\n'
        "fragment A on Body { sections { ...B } }\nfragment B on Body { parent { ...C } }\n"
        "fragment C on Body { sections { parent { sections { parent { sections { parent { name } } } } } } }"
    )
    (error,) = post(client, deep)["errors"]
    assert error["extensions"]["limit"] == "depth"
    assert "exceeds maximum operation depth" in error["message"]


def test_a_fragment_cycle_is_a_validation_error(client: TestClient) -> None:
    body = post(client, "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}


def test_unknown_fragment_is_a_validation_error(client: TestClient) -> None:
    (error,) = post(client, "{ ...Nope }")["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Unknown fragment 'Nope'" in error["message"]


# --- the cost budget ----------------------------------------------------------------------


def test_thirty_costly_counterparts_are_over_budget(client: TestClient) -> None:
    query = "{ " + " ".join(f"a{i}: {COUNTERPARTS}" for i in range(30)) + " }"
    body = post(client, query)
    (error,) = body["errors"]
    assert error["extensions"]["limit"] == "cost"
    assert body["extensions"]["cost"]["requested"] > body["extensions"]["cost"]["limit"]


def test_a_within_budget_request_reports_its_cost(client: TestClient) -> None:
    body = post(client, "{ " + COUNTERPARTS + " }")
    assert "errors" not in body
    cost = body["extensions"]["cost"]
    assert 0 < cost["requested"] <= cost["limit"]


def test_first_scales_the_cost(client: TestClient) -> None:
    def cost(first: int) -> int:
        body = post(client, 'query($n: Int!) { search(text: "局", first: $n) { body { id } } }', variables={"n": first})
        return int(body["extensions"]["cost"]["requested"])

    assert cost(100) > cost(10) > cost(1)


def test_every_list_of_objects_has_a_declared_fan_out() -> None:
    from graphql import GraphQLList, GraphQLObjectType, get_named_type, get_nullable_type

    undeclared = []
    for type_name, named in SCHEMA.type_map.items():
        if not isinstance(named, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field_name, field in named.fields.items():
            is_list = isinstance(get_nullable_type(field.type), GraphQLList)
            returns_objects = isinstance(get_named_type(field.type), GraphQLObjectType)
            if is_list and returns_objects and "first" not in field.args and f"{type_name}.{field_name}" not in FANOUTS:
                undeclared.append(f"{type_name}.{field_name}")
    assert undeclared == []


def test_a_field_repeated_hundreds_of_times_is_refused_promptly(client: TestClient) -> None:
    query = "{ serverInfo { " + " ".join(["edition"] * 490) + " } }"
    (error,) = within(5, lambda: post(client, query))["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "repeats"}


def test_conflicting_same_name_fields_are_refused_with_one_error(client: TestClient) -> None:
    query = "{ " + " ".join(f'body(id: "x{i}") {{ id }}' for i in range(200)) + " }"
    body = within(5, lambda: post(client, query))
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["limit"] == "repeats"


def test_a_few_repeats_are_merged_and_answered(client: TestClient) -> None:
    query = "{ serverInfo { edition edition name edition } serverInfo { neo4jVersion } }"
    assert post(client, query)["data"]["serverInfo"]["edition"] == "community"


# --- sizes --------------------------------------------------------------------------------


def test_a_body_over_the_size_limit_is_413(client: TestClient, settings: Settings) -> None:
    text = "消" * settings.max_request_bytes
    response = client.post("/graphql", json={"query": f'{{ duties(text: "{text}") {{ duty {{ id }} }} }}'})
    check_answer(response, "limits")
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_long_string_arguments_are_refused(client: TestClient, settings: Settings) -> None:
    long_text = "x" * (settings.max_string_length + 1)
    inline = post(client, f'{{ duties(text: "{long_text}") {{ duty {{ id }} }} }}')
    assert inline["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "characters long" in inline["errors"][0]["message"]
    response = client.post(
        "/graphql",
        json={"query": "query($t: String) { duties(text: $t) { duty { id } } }", "variables": {"t": long_text}},
    )
    check_answer(response, "limits")
    assert response.status_code == 400
    assert "variables.t" in response.json()["errors"][0]["message"]


# --- time ---------------------------------------------------------------------------------


def test_a_request_over_the_timeout_is_stopped_with_a_code(seeded: LoadReport, settings: Settings) -> None:
    hurried = settings.model_copy(update={"request_timeout": 0.001})
    with TestClient(create_app(hurried), raise_server_exceptions=False) as client:
        body = post(client, '{ orgChart(jurisdiction: "620700", asOf: "2019-12-24") { groups { bodies { id } } } }')
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"


@pytest.mark.anyio
async def test_neo4j_stops_a_transaction_over_the_timeout(settings: Settings) -> None:
    database = Database.from_settings(settings, timeout=0.5)
    slow = Query("UNWIND range(1, 500000000) AS x RETURN count(x) AS n")
    started = time.monotonic()
    try:
        with pytest.raises(QueryTimeoutError):
            await database._execute(slow, {}, RoutingControl.READ)
    finally:
        await database.close()
    assert time.monotonic() - started < 30  # far less than the query's own minutes


def test_the_cost_tables_in_the_docs_match_the_code() -> None:
    text = (PROJECT_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    fanout_part, weight_part = text.split("| field | weight |")
    row = re.compile(r"^\| `([\w.]+)` \| (\d+) \|$", re.MULTILINE)
    assert {name: int(n) for name, n in row.findall(fanout_part)} == FANOUTS
    assert {name: int(n) for name, n in row.findall(weight_part)} == WEIGHTS
