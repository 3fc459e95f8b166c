"""Each bad input found by probing the service, as a case: the answer is a coded 4xx or a
coded GraphQL error that names the problem, never a server error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.robustness.support import EDITOR, check_answer

AS_OF = 'query($d: Date) { orgChart(jurisdiction: "620700", asOf: $d) { groups { kind } } }'
SEARCH = "query($t: String!, $n: Int!, $k: [BodyKind!]) { search(text: $t, first: $n, kinds: $k) { kind } }"


def errors_of(response: Any) -> list[dict[str, Any]]:
    body = check_answer(response, "bad input")
    errors: list[dict[str, Any]] = body["errors"]
    return errors


# --- variables: coerced with a code and the variable named ------------------------------------

VARIABLE_CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    "impossible date": (AS_OF, {"d": "2019-02-30"}, "$d"),
    "date without dashes": (AS_OF, {"d": "20191224"}, "$d"),
    "ISO week date": (AS_OF, {"d": "2019-W52-2"}, "$d"),
    "date of another script's digits": (AS_OF, {"d": "٢٠١٩-١٢-٢٤"}, "$d"),
    "date as a number": (AS_OF, {"d": 20191224}, "$d"),
    "wrong type": (SEARCH, {"t": ["消防"], "n": 5}, "$t"),
    "Int out of range": (SEARCH, {"t": "消防", "n": 2**40}, "$n"),
    "Int as a string": (SEARCH, {"t": "消防", "n": "5"}, "$n"),
    "unknown enum value": (SEARCH, {"t": "消防", "n": 5, "k": ["PARTY"]}, "$k"),
    "missing required variable": (SEARCH, {"n": 5}, "$t"),
    "null for a required variable": (SEARCH, {"t": None, "n": 5}, "$t"),
    "huge number": (SEARCH, {"t": "消防", "n": 10**400}, "$n"),
    "fraction for an Int": (SEARCH, {"t": "消防", "n": 2.5}, "$n"),
}


@pytest.mark.parametrize("case", sorted(VARIABLE_CASES))
def test_a_bad_variable_is_bad_user_input(served: TestClient, case: str) -> None:
    query, variables, name = VARIABLE_CASES[case]
    response = served.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}),
        headers={"content-type": "application/json"},
    )
    (error, *_) = errors_of(response)
    assert response.status_code == 200
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"Variable '{name}'" in error["message"]


@pytest.mark.parametrize("literal", ["20191224", "2019-W52-2", "2019-02-30", "2019-12-24T00:00"])
def test_a_bad_date_literal_is_bad_user_input(served: TestClient, literal: str) -> None:
    query = f'{{ orgChart(jurisdiction: "620700", asOf: "{literal}") {{ groups {{ kind }} }} }}'
    (error,) = errors_of(served.post("/graphql", json={"query": query}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "is not a date" in error["message"]


@pytest.mark.parametrize(
    "cursor", ["azE6bnVsbA", "azE6WyJhIl0", "azE6WzEsMl0", "azE6e30", "not base64 at all!", "k1:", "a" * 400]
)
def test_a_crafted_cursor_is_bad_user_input(served: TestClient, cursor: str) -> None:
    query = 'query($c: String) { bodies(jurisdiction: "620700", after: $c) { totalCount } }'
    (error,) = errors_of(served.post("/graphql", json={"query": query, "variables": {"c": cursor}}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "`after` is not a cursor" in error["message"]


# --- bodies that are not GraphQL requests: 400 with a GraphQL-shaped body -------------------

BODY_CASES: dict[str, tuple[bytes, int, str]] = {
    "null": (b"null", 400, "BAD_REQUEST"),
    "a number": (b"123", 400, "BAD_REQUEST"),
    "a string": (b'"x"', 400, "BAD_REQUEST"),
    "an array": (b'[{"query": "{ serverInfo { edition } }"}]', 400, "BAD_REQUEST"),
    "invalid UTF-8": (b'{"query": "{ serverInfo { edition } }\xff"}', 400, "BAD_REQUEST"),
    "JSON nested 1,000 deep": (
        b'{"query": "{a}", "variables": {"v": ' + b"[" * 1000 + b"]" * 1000 + b"}}",
        400,
        "BAD_USER_INPUT",
    ),
    "NaN": (b'{"query": "query($x: Float) { serverInfo { edition } }", "variables": {"x": NaN}}', 400, "BAD_REQUEST"),
    "truncated JSON": (b'{"query": "{ serverInfo', 400, "BAD_REQUEST"),
    "no query": (b'{"variables": {}}', 400, "BAD_REQUEST"),
    "query not a string": (b'{"query": 5}', 400, "BAD_REQUEST"),
    "variables not an object": (b'{"query": "{ serverInfo { edition } }", "variables": [1]}', 400, "BAD_REQUEST"),
    "lone surrogate in the query": (b'{"query": "{ search(text: \\"\\ud800\\") { kind } }"}', 400, "BAD_USER_INPUT"),
    "lone surrogate in a variable": (
        b'{"query": "query($t: String!) { search(text: $t) { kind } }", "variables": {"t": "a\\udc00"}}',
        400,
        "BAD_USER_INPUT",
    ),
    "lone surrogate in a key": (
        b'{"query": "{ serverInfo { edition } }", "variables": {"\\ud800": 1}}',
        400,
        "BAD_USER_INPUT",
    ),
}


@pytest.mark.parametrize("case", sorted(BODY_CASES))
def test_a_malformed_body_is_a_coded_400(served: TestClient, case: str) -> None:
    body, status, code = BODY_CASES[case]
    response = served.post("/graphql", content=body, headers={"content-type": "application/json"})
    (error,) = errors_of(response)
    assert response.status_code == status
    assert error["extensions"]["code"] == code


def test_a_non_json_content_type_is_415(served: TestClient) -> None:
    response = served.post("/graphql", content=b"{ serverInfo { edition } }", headers={"content-type": "text/plain"})
    (error,) = errors_of(response)
    assert response.status_code == 415 and error["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_an_unknown_operation_name_is_400(served: TestClient) -> None:
    response = served.post("/graphql", json={"query": "query A { serverInfo { edition } }", "operationName": "B"})
    (error,) = errors_of(response)
    assert response.status_code == 400 and "no operation named 'B'" in error["message"]


def test_a_lone_surrogate_escape_in_a_literal_is_refused(served: TestClient) -> None:
    (error,) = errors_of(served.post("/graphql", json={"query": '{ search(text: "\\uD800") { kind } }'}))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


# --- a curator's malformed input --------------------------------------------------------------

RECORD = "mutation($e: ReformEventInput!) { recordReformEvent(input: $e) { applied } }"
NEW_BODY = {"id": "999999.x", "name": "测试局", "kind": "GOVERNMENT_DEPARTMENT"}


@pytest.mark.parametrize("jurisdiction", ["62070", "not a code", "", "620700 ", "６２０７００", "999999"])
def test_a_malformed_jurisdiction_with_a_new_body_is_bad_user_input(served: TestClient, jurisdiction: str) -> None:
    event = {
        "id": "event.robustness.bad_jurisdiction",
        "type": "FORMED",
        "date": "2024-03",
        "jurisdiction": jurisdiction,
        "document": "doc.article-2019",
        "newBodies": [NEW_BODY],
    }
    response = served.post(
        "/graphql", json={"query": RECORD, "variables": {"e": event}}, headers={"authorization": f"Bearer {EDITOR}"}
    )
    (error,) = errors_of(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "jurisdiction" in error["message"]
