"""The files the service serves itself, over HTTP: only the allow-listed ones, with their
types, caching, ETags and gzip; the pages' Content-Security-Policies name no other origin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.web.explorer_page import EXPLORER_DIR
from graph_service.web.vendor_assets import vendor_assets

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("name", ["react.js", "react-dom.js", "graphiql.js", "graphiql.css"])
def test_vendor_files_are_served_with_their_version_in_the_url(client: TestClient, name: str) -> None:
    url = vendor_assets().urls[name]
    assert "@missing/" not in url, "assets/node_modules is not installed (./orggraph test installs it)"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css" if name.endswith(".css") else "text/javascript")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    again = client.get(url, headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_graphiql_page_loads_only_this_services_files(client: TestClient) -> None:
    response = client.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert "http" not in response.text.replace("<!doctype html>", "")
    for url in vendor_assets().urls.values():
        assert url in response.text
    assert client.get("/assets/graphiql/start.js").status_code == 200


def test_the_explorer_page_allows_its_own_files_only(client: TestClient) -> None:
    response = client.get("/explore")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe" not in policy and "http" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert "<script>" not in response.text and "style=" not in response.text
    for path in EXPLORER_DIR.rglob("*.js"):
        module = client.get(f"/explore/{path.relative_to(EXPLORER_DIR).as_posix()}")
        assert module.status_code == 200 and module.headers["content-type"].startswith("text/javascript")
        assert module.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    "path",
    [
        "/assets/vendor/graphiql@3.8.3/package.json",
        "/assets/vendor/../../pyproject.toml",
        "/assets/vendor/%2e%2e/%2e%2e/orggraph",
        "/explore/../config.py",
        "/explore/%2e%2e/explorer_page.py",
        "/explore/queries/../../static_files.py",
        "/assets/graphiql/page.html",
    ],
)
def test_nothing_outside_the_allow_list_is_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404
