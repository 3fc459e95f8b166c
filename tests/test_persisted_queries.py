"""Persisted queries over HTTP, on the seeded graph: Apollo's automatic persisted queries (the
default), an allow-list for production front ends, and the mode that switches them off."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.app import create_app
from graph_service.cli import app as cli
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.web.media_types import GRAPHQL_RESPONSE
from graph_service.web.persisted_queries import ManifestError, PersistedQueries, PersistedRef, load_manifest, sha256_of

CITY = 'query City { jurisdiction(code: "620700") { name } }'
CITY_DATA = {"jurisdiction": {"name": "张掖市"}}
COUNTY = "query County($code: ID!) { jurisdiction(code: $code) { name level } }"
MUTATION = 'mutation Retract { retractReformEvent(eventId: "nope", reason: "test") { id } }'


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def post(client: TestClient, body: dict[str, Any], accept: str | None = None) -> Any:
    return client.post("/graphql", json=body, headers={"accept": accept} if accept else {})


def error_code(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"persisted_query_cache_size": 3}))) as test_client:
        yield test_client


# --- automatic persisted queries ------------------------------------------------------------


def test_an_unknown_hash_asks_for_the_query_then_the_hash_alone_runs(client: TestClient) -> None:
    digest = sha256_of(CITY)
    first = post(client, {"extensions": persisted(digest)})
    assert first.status_code == 400
    assert error_code(first) == "PERSISTED_QUERY_NOT_FOUND"
    assert first.json()["errors"][0]["message"] == "PersistedQueryNotFound"  # what Apollo's clients look for

    registered = post(client, {"query": CITY, "extensions": persisted(digest)})
    assert registered.status_code == 200 and registered.json()["data"] == CITY_DATA

    by_hash = post(client, {"extensions": persisted(digest)})
    assert by_hash.status_code == 200 and by_hash.json()["data"] == CITY_DATA
    # GET with the hash only: what a CDN can cache
    get = client.get("/graphql", params={"extensions": json.dumps(persisted(digest))})
    assert get.status_code == 200 and get.json()["data"] == CITY_DATA


def test_a_persisted_query_takes_variables(client: TestClient) -> None:
    digest = sha256_of(COUNTY)
    post(client, {"query": COUNTY, "variables": {"code": "620702"}, "extensions": persisted(digest)})
    answer = post(client, {"variables": {"code": "620702"}, "extensions": persisted(digest)})
    assert answer.json()["data"]["jurisdiction"]["level"] == "COUNTY"


def test_a_hash_that_is_not_the_querys_is_refused_and_not_stored(client: TestClient) -> None:
    wrong = sha256_of(CITY + " ")
    refused = post(client, {"query": CITY, "extensions": persisted(wrong)})
    assert refused.status_code == 400 and error_code(refused) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert error_code(post(client, {"extensions": persisted(wrong)})) == "PERSISTED_QUERY_NOT_FOUND"


def test_an_invalid_document_is_not_remembered(client: TestClient) -> None:
    invalid = "{ noSuchField }"
    digest = sha256_of(invalid)
    answer = post(client, {"query": invalid, "extensions": persisted(digest)}, accept=GRAPHQL_RESPONSE)
    assert answer.status_code == 400 and error_code(answer) == "GRAPHQL_VALIDATION_FAILED"
    assert error_code(post(client, {"extensions": persisted(digest)})) == "PERSISTED_QUERY_NOT_FOUND"


def test_a_persisted_mutation_is_still_refused_over_get(client: TestClient) -> None:
    digest = sha256_of(MUTATION)
    post(client, {"query": MUTATION, "extensions": persisted(digest)})  # registered by POST (it fails: no key)
    get = client.get("/graphql", params={"query": MUTATION, "extensions": json.dumps(persisted(digest))})
    assert get.status_code == 405 and error_code(get) == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize(
    ("extensions", "code"),
    [
        ({"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}}, "PERSISTED_QUERY_VERSION_UNSUPPORTED"),
        ({"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}}, "BAD_REQUEST"),
        ({"persistedQuery": {"version": 1}}, "BAD_REQUEST"),
        ({"persistedQuery": "abc"}, "BAD_REQUEST"),
        ("abc", "BAD_REQUEST"),
    ],
    ids=["version", "hash-shape", "no-hash", "not-an-object", "extensions-not-an-object"],
)
def test_malformed_references_are_400_with_a_code(client: TestClient, extensions: Any, code: str) -> None:
    response = post(client, {"extensions": extensions})
    assert response.status_code == 400 and error_code(response) == code


def test_a_request_without_query_or_reference_still_names_the_problem(client: TestClient) -> None:
    response = post(client, {"extensions": {}})
    assert response.status_code == 400 and "no `query`" in response.json()["errors"][0]["message"]


def test_the_cache_keeps_the_most_recently_used_documents() -> None:
    store = PersistedQueries("automatic", cache_size=2)
    documents = ["{ a }", "{ b }", "{ c }"]
    for document in documents[:2]:
        store.remember(sha256_of(document), document)
    store.resolve(None, PersistedRef(sha256=sha256_of("{ a }")))  # a is used: b is the oldest now
    store.remember(sha256_of("{ c }"), "{ c }")
    assert len(store.cache) == 2
    assert store.resolve(None, PersistedRef(sha256=sha256_of("{ a }")))[0] == "{ a }"
    assert store.resolve(None, PersistedRef(sha256=sha256_of("{ c }")))[0] == "{ c }"
    with pytest.raises(Exception, match="PersistedQueryNotFound"):
        store.resolve(None, PersistedRef(sha256=sha256_of("{ b }")))


# --- the allow-list -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    (folder / "city.graphql").write_text(CITY, encoding="utf-8")
    (folder / "county.graphql").write_text(COUNTY, encoding="utf-8")
    out = folder / "manifest.json"
    result = CliRunner().invoke(
        cli, ["persisted-manifest", str(folder / "city.graphql"), str(folder / "county.graphql"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def allowlisted(seeded: LoadReport, settings: Settings, manifest: Path) -> Iterator[TestClient]:
    update = {"persisted_queries": "allowlist", "persisted_queries_file": manifest}
    with TestClient(create_app(settings.model_copy(update=update))) as test_client:
        yield test_client


def test_the_manifest_lists_each_document_by_its_hash(manifest: Path) -> None:
    written = json.loads(manifest.read_text(encoding="utf-8"))
    assert written["format"] == "apollo-persisted-query-manifest"
    assert {(o["name"], o["id"]) for o in written["operations"]} == {
        ("City", sha256_of(CITY)),
        ("County", sha256_of(COUNTY)),
    }


def test_an_allowlisted_document_runs_by_hash_by_id_and_by_its_text(allowlisted: TestClient) -> None:
    digest = sha256_of(CITY)
    assert post(allowlisted, {"extensions": persisted(digest)}).json()["data"] == CITY_DATA
    assert post(allowlisted, {"documentId": digest}).json()["data"] == CITY_DATA
    assert post(allowlisted, {"query": CITY}).json()["data"] == CITY_DATA
    get = allowlisted.get("/graphql", params={"documentId": sha256_of(COUNTY), "variables": '{"code": "620702"}'})
    assert get.status_code == 200 and get.json()["data"]["jurisdiction"]["name"]


def test_any_other_document_is_refused_by_the_allowlist(allowlisted: TestClient) -> None:
    other = '{ jurisdiction(code: "620702") { name } }'
    refused = post(allowlisted, {"query": other})
    assert refused.status_code == 400 and error_code(refused) == "PERSISTED_QUERY_NOT_ALLOWED"
    # registering a hash is not possible either
    refused = post(allowlisted, {"query": other, "extensions": persisted(sha256_of(other))})
    assert error_code(refused) == "PERSISTED_QUERY_NOT_ALLOWED"
    assert error_code(post(allowlisted, {"extensions": persisted(sha256_of(other))})) == "PERSISTED_QUERY_NOT_FOUND"
    assert error_code(post(allowlisted, {"documentId": "nope"})) == "PERSISTED_QUERY_NOT_FOUND"


def test_a_manifest_entry_whose_id_is_not_its_hash_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    operations = [{"id": "0" * 64, "name": "City", "type": "query", "body": CITY}]
    path.write_text(json.dumps({"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}))
    with pytest.raises(ManifestError, match=r"operations\[0\].*not the sha256"):
        load_manifest(path)
    path.write_text(json.dumps({"my-id": CITY}))  # Relay's shape: ids of the client's choosing
    assert load_manifest(path) == {"my-id": CITY}


def test_allowlist_mode_without_a_manifest_is_a_configuration_error(settings: Settings) -> None:
    with pytest.raises(ValueError, match="PERSISTED_QUERIES_FILE"):
        Settings.model_validate({**settings.model_dump(), "persisted_queries": "allowlist"})


# --- switched off ---------------------------------------------------------------------------


def test_with_persisted_queries_off_a_hash_is_not_supported(seeded: LoadReport, settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"persisted_queries": "off"}))) as off:
        response = post(off, {"query": CITY, "extensions": persisted(sha256_of(CITY))})
        assert response.status_code == 400 and error_code(response) == "PERSISTED_QUERY_NOT_SUPPORTED"
        assert post(off, {"query": CITY}).json()["data"] == CITY_DATA
