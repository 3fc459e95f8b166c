"""A page on another origin calls the API from a real browser: Chromium sends its own CORS
preflight (JSON and an Apollo header make the request non-simple), and reads the answer when
the origin is allowed, or fails to fetch when it is not."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.neo4j_local import free_port
from tests.browser.conftest import WAIT_SECONDS
from tests.served_app import served_app

PAGE = """<!doctype html><meta charset="utf-8"><title>another origin</title><body>
<script>
fetch("%(api)s/graphql", {
  method: "POST",
  headers: {"Content-Type": "application/json", "Apollo-Require-Preflight": "true"},
  body: JSON.stringify({query: '{ body(id: "620700.natural_resources", asOf: "2019-12-24") { name } }'}),
})
  .then((response) => response.json())
  .then((answer) => { document.body.dataset.result = answer.data.body.name; })
  .catch((error) => { document.body.dataset.result = "failed: " + error.message; });
</script>"""


@pytest.fixture(scope="module")
def page_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def api(seeded: LoadReport, settings: Settings, page_port: int) -> Iterator[str]:
    """The API allowing one origin only: the page server's, under the name `localhost`."""
    with served_app(settings.model_copy(update={"cors_origins": f"http://localhost:{page_port}"})) as url:
        yield url


@pytest.fixture(scope="module")
def page_server(api: str, page_port: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A plain static server (another origin than the API's) holding the page."""
    folder: Path = tmp_path_factory.mktemp("other-origin")
    (folder / "index.html").write_text(PAGE % {"api": api}, encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", page_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    server.shutdown()
    server.server_close()


def result_of(browser: WebDriver, url: str) -> str:
    browser.get(url)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script("return document.body.dataset.result"))
    return str(browser.execute_script("return document.body.dataset.result"))


def test_an_allowed_origin_reads_the_answer(browser: WebDriver, page_server: None, page_port: int) -> None:
    assert result_of(browser, f"http://localhost:{page_port}/") == "张掖市自然资源局"


def test_another_origin_is_refused_by_the_browser(browser: WebDriver, page_server: None, page_port: int) -> None:
    # the same page under the name 127.0.0.1 is another origin, not in CORS_ORIGINS
    assert result_of(browser, f"http://127.0.0.1:{page_port}/").startswith("failed: ")
