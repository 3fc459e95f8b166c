"""Who may ask what, on every path: the read-key rule for every method and Accept header,
GraphiQL that never answers data, malformed Authorization, rate limits, the wait after wrong
keys, the API docs off by default, and the security headers of HTML pages."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.auth import digest
from graph_service.config import Settings
from graph_service.web.rate_limits import TokenBuckets, WrongKeyBackoff
from tests.robustness.support import check_answer

READER = "key-access-reader"
KEYS = f"reader:reader:{digest(READER)}"
QUERY = "{ serverInfo { edition } }"
HTML = {"accept": "text/html,application/xhtml+xml"}


def app_client(settings: Settings, **overrides: Any) -> TestClient:
    return TestClient(create_app(settings.model_copy(update={"api_keys": KEYS, **overrides})))


@pytest.fixture(scope="module")
def locked(settings: Settings) -> Iterator[TestClient]:
    """READS_REQUIRE_KEY=true, GraphiQL on."""
    with app_client(settings, reads_require_key=True) as client:
        yield client


def has_data(response: Any) -> bool:
    return bool(response.headers.get("content-type", "").startswith("application/json") and response.json().get("data"))


# --- the read-key rule on every path ------------------------------------------------------

KEY_STATES = {
    "none": {},
    "reader": {"authorization": f"Bearer {READER}"},
    "reader by X-API-Key": {"x-api-key": READER},
    "wrong": {"authorization": "Bearer not-a-key"},
    "no Bearer scheme": {"authorization": READER},
    "Basic": {"authorization": "Basic cmVhZGVyOnB3"},
    "empty Bearer": {"authorization": "Bearer "},
    "two different keys": {"authorization": f"Bearer {READER}", "x-api-key": "other"},
}
REQUESTS = {
    "POST json": lambda c, h: c.post("/graphql", json={"query": QUERY}, headers=h),
    "GET json": lambda c, h: c.get("/graphql", params={"query": QUERY}, headers=h),
    "GET html with a query": lambda c, h: c.get("/graphql", params={"query": QUERY}, headers={**HTML, **h}),
    "GET html with a query and q": lambda c, h: c.get(
        "/graphql", params={"query": QUERY, "q": QUERY}, headers={**HTML, **h}
    ),
}


@pytest.mark.parametrize(
    ("graphiql", "key_state", "request_kind"), list(itertools.product([True, False], KEY_STATES, REQUESTS))
)
def test_reads_need_a_valid_key_on_every_path(
    settings: Settings, graphiql: bool, key_state: str, request_kind: str
) -> None:
    with app_client(settings, reads_require_key=True, graphiql_enabled=graphiql) as client:
        response = REQUESTS[request_kind](client, KEY_STATES[key_state])
        check_answer(response, "access")
    if key_state.startswith("reader"):
        assert response.status_code == 200 and has_data(response)
    else:
        assert response.status_code == 401, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("key_state", [k for k in KEY_STATES if k not in ("none",) and not k.startswith("reader")])
def test_a_bad_key_is_refused_even_when_reads_are_open(settings: Settings, key_state: str) -> None:
    with app_client(settings) as client:
        response = client.post("/graphql", json={"query": QUERY}, headers=KEY_STATES[key_state])
    check_answer(response, "access")
    assert response.status_code == 401


def test_graphiql_page_is_served_without_data(locked: TestClient) -> None:
    response = locked.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower() and "community" not in response.text


def test_graphiql_off_is_404_for_browsers(settings: Settings) -> None:
    with app_client(settings, graphiql_enabled=False) as client:
        response = client.get("/graphql", headers=HTML)
    check_answer(response, "access")
    assert response.status_code == 404


def test_html_pages_carry_security_headers(locked: TestClient) -> None:
    headers = locked.get("/graphql", headers=HTML).headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self';" in policy and "http" not in policy  # its own files only: no CDN, no inline script
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_json_answers_carry_nosniff(locked: TestClient) -> None:
    assert locked.get("/healthz").headers["x-content-type-options"] == "nosniff"


def test_mutations_are_not_accepted_by_get(settings: Settings) -> None:
    with app_client(settings) as client:
        response = client.get("/graphql", params={"query": 'mutation { retractReformEvent(eventId: "x") { id } }'})
    check_answer(response, "access")
    assert response.status_code == 405


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_405(locked: TestClient, method: str) -> None:
    response = locked.request(method, "/graphql")
    check_answer(response, "access")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_api_docs_are_off_unless_enabled(settings: Settings, path: str) -> None:
    with app_client(settings) as client:
        assert client.get(path).status_code == 404
    with app_client(settings, api_docs_enabled=True) as client:
        assert client.get(path).status_code == 200


def test_no_field_suggestions_when_introspection_is_off(settings: Settings) -> None:
    with app_client(settings) as client:
        open_body = client.post("/graphql", json={"query": "{ serverInf { edition } }"}).json()
    with app_client(settings, introspection_enabled=False) as client:
        closed_body = check_answer(client.post("/graphql", json={"query": "{ serverInf { edition } }"}), "access")
        enum_body = check_answer(
            client.post(
                "/graphql",
                json={
                    "query": 'query($k: [BodyKind!]) { search(text: "局", kinds: $k) { kind } }',
                    "variables": {"k": ["PARTY_ORGA"]},
                },
            ),
            "access",
        )
    assert "Did you mean" in open_body["errors"][0]["message"]
    assert "Did you mean" not in closed_body["errors"][0]["message"]
    assert "serverInf" in closed_body["errors"][0]["message"]
    assert "PARTY_ORGAN" not in enum_body["errors"][0]["message"]


# --- rate limits and the wait after wrong keys --------------------------------------------


def test_rate_limit_per_address(settings: Settings) -> None:
    # 1 a minute: no token comes back while the four requests run, however loaded the machine
    with app_client(settings, rate_limit_per_address=1, rate_limit_burst=3) as client:
        answers = [client.post("/graphql", json={"query": QUERY}) for _ in range(4)]
    for response in answers:
        check_answer(response, "access")
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(answers[-1].headers["retry-after"]) >= 1


def test_rate_limit_per_key(settings: Settings) -> None:
    with app_client(settings, rate_limit_per_key=1, rate_limit_burst=2) as client:
        keyed = [client.post("/graphql", json={"query": QUERY}, headers=KEY_STATES["reader"]) for _ in range(3)]
        anonymous = client.post("/graphql", json={"query": QUERY})
    assert [r.status_code for r in keyed] == [200, 200, 429]
    assert "API key" in keyed[-1].json()["errors"][0]["message"]
    assert anonymous.status_code == 200  # the key's bucket, not the address's


def test_wrong_keys_make_the_address_wait(settings: Settings) -> None:
    with app_client(settings) as client:
        wrong = [client.post("/graphql", json={"query": QUERY}, headers=KEY_STATES["wrong"]) for _ in range(3)]
        after = client.post("/graphql", json={"query": QUERY}, headers=KEY_STATES["reader"])
        anonymous = client.post("/graphql", json={"query": QUERY})
    assert [r.status_code for r in wrong] == [401, 401, 401]
    check_answer(after, "access")
    assert after.status_code == 429  # even a right key waits: guessing must not go on
    assert after.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert anonymous.status_code == 200


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_key_waits_double_and_are_forgotten() -> None:
    clock = FakeClock()
    backoff = WrongKeyBackoff(clock=clock)
    waits = []
    for _ in range(6):
        backoff.record_failure("10.0.0.1")
        waits.append(backoff.wait("10.0.0.1"))
    assert waits == [None, None, 1.0, 2.0, 4.0, 8.0]
    clock.now += 8.5
    assert backoff.wait("10.0.0.1") is None
    assert backoff.wait("10.0.0.2") is None
    for _ in range(20):
        backoff.record_failure("10.0.0.1")
    assert backoff.wait("10.0.0.1") == WrongKeyBackoff.MAX_WAIT
    clock.now += WrongKeyBackoff.FORGET + 1
    assert backoff.wait("10.0.0.1") is None


def test_token_buckets_refill_at_their_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(rate_per_minute=60, burst=2, clock=clock)
    assert [buckets.take("a"), buckets.take("a")] == [None, None]
    assert buckets.take("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.take("a") is None
    assert buckets.take("b") is None
    assert TokenBuckets(rate_per_minute=0, burst=1, clock=clock).take("a") is None


def test_rate_limit_tables_stay_bounded() -> None:
    from graph_service.web import rate_limits

    buckets = TokenBuckets(rate_per_minute=60, burst=1)
    for n in range(rate_limits.MAX_TRACKED + 500):
        buckets.take(f"address-{n}")
    assert len(buckets.buckets) == rate_limits.MAX_TRACKED
