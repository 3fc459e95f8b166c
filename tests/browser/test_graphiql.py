"""GraphiQL at /graphql in a real browser: it loads from this service alone (no CDN), renders,
and runs a query; its schema loads (the Docs panel lists Query's fields, the query editor
completes them); with introspection off, the page still works and the Docs panel says it
could not fetch the schema."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import WAIT_SECONDS, console_errors, requested_urls, screenshot
from tests.conftest import settings_for
from tests.neo4j_provider import Neo4jTarget
from tests.served_app import served_app

FETCH_ERROR = "Error fetching schema"  # GraphiQL's Docs panel when introspection fails
ROOT_FIELDS = {"serverInfo", "orgChart", "counterparts", "lineage", "search", "changeFeed"}

DOCS_BUTTON = (By.CSS_SELECTOR, ".graphiql-sidebar button[aria-label='Show Documentation Explorer']")
DOCS_PANEL = (By.CSS_SELECTOR, ".graphiql-doc-explorer")
# the Docs panel's first page, once it has settled: the root types, or an error
DOCS_SETTLED = (By.CSS_SELECTOR, ".graphiql-doc-explorer-root-type, .graphiql-doc-explorer-error")
# "query: Query", the link after the label
QUERY_ROOT_TYPE = (By.XPATH, "//span[@class='graphiql-doc-explorer-root-type'][.='query']/following-sibling::a[1]")

# whether the query editor has the schema (its hints and lint use it), or why not: GraphiQL
# writes a failed introspection's answer into the response pane
SCHEMA_STATE = """
const editor = document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror;
if (editor?.options.hintOptions?.schema) return 'loaded';
const response = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue();
return response ? 'failed: ' + response : null;
"""
QUERY_TEXT = "return document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue();"


@pytest.fixture(scope="module")
def closed_url(neo4j_target: Neo4jTarget) -> Iterator[str]:
    """The app with introspection off (INTROSPECTION_ENABLED=false)."""
    with served_app(settings_for(neo4j_target, introspection_enabled=False)) as url:
        yield url


def open_graphiql(driver: WebDriver, base_url: str) -> WebDriverWait[WebDriver]:
    driver.get(f"{base_url}/graphql")
    wait = WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-container .graphiql-editors")))
    return wait


def open_docs(driver: WebDriver, wait: WebDriverWait[WebDriver]) -> None:
    """Click the sidebar's documentation explorer button; wait until the panel shows the schema
    or an error (not its spinner)."""
    driver.find_element(*DOCS_BUTTON).click()
    wait.until(ec.visibility_of_element_located(DOCS_PANEL))
    wait.until(ec.presence_of_element_located(DOCS_SETTLED))


def test_graphiql_loads_offline_and_runs_a_query(browser: WebDriver, live_url: str) -> None:
    wait = open_graphiql(browser, live_url)
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".graphiql-response"), "neo4jVersion"))
    screenshot(browser, "graphiql")

    urls = requested_urls(browser)
    assert any(url.endswith("/graphiql.min.js") for url in urls), urls
    elsewhere = [url for url in urls if not url.startswith("data:") and urlsplit(url).hostname != "127.0.0.1"]
    assert elsewhere == []
    assert console_errors(browser) == []


def test_the_docs_panel_lists_the_query_root_fields(browser: WebDriver, live_url: str) -> None:
    wait = open_graphiql(browser, live_url)
    open_docs(browser, wait)
    errors = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".graphiql-doc-explorer-error")]
    assert errors == [], browser.execute_script(SCHEMA_STATE)  # the server's answer, when it refused

    query = browser.find_element(*QUERY_ROOT_TYPE)
    assert query.text == "Query"
    query.click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".graphiql-doc-explorer-title"), "Query"))
    fields = {element.text for element in browser.find_elements(By.CSS_SELECTOR, ".graphiql-doc-explorer-field-name")}
    assert ROOT_FIELDS <= fields, sorted(fields)
    assert "A jurisdiction's org chart" in browser.find_element(*DOCS_PANEL).text  # orgChart's description
    screenshot(browser, "graphiql-docs")

    assert FETCH_ERROR not in browser.page_source
    assert console_errors(browser) == []


def test_the_query_editor_completes_root_fields(browser: WebDriver, live_url: str) -> None:
    wait = open_graphiql(browser, live_url)
    wait.until(lambda d: d.execute_script(SCHEMA_STATE))
    assert browser.execute_script(SCHEMA_STATE) == "loaded"

    browser.find_element(By.CSS_SELECTOR, ".graphiql-query-editor .CodeMirror-scroll").click()
    try:
        keys = ActionChains(browser)
        keys.key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(Keys.DELETE)
        keys.send_keys("{ serv").perform()  # each letter asks for hints, as a user types
        hints = (By.CSS_SELECTOR, ".graphiql-query-editor .CodeMirror-hints .CodeMirror-hint")
        wait.until(ec.visibility_of_element_located(hints))
        offered = [element.text for element in browser.find_elements(*hints)]
        assert offered[0] == "serverInfo", offered
        screenshot(browser, "graphiql-completion")

        ActionChains(browser).send_keys(Keys.ENTER).perform()  # takes the hint
        wait.until(ec.invisibility_of_element_located(hints))
        assert browser.execute_script(QUERY_TEXT) == "{ serverInfo}"  # `}` closed by the editor
        assert console_errors(browser) == []
    finally:  # GraphiQL keeps the edited query in localStorage: the next page load starts afresh
        browser.execute_script("localStorage.clear();")


def test_without_introspection_the_docs_say_the_schema_cannot_be_fetched(browser: WebDriver, closed_url: str) -> None:
    wait = open_graphiql(browser, closed_url)
    open_docs(browser, wait)
    assert browser.find_element(By.CSS_SELECTOR, ".graphiql-doc-explorer-error").text == FETCH_ERROR
    assert browser.find_elements(*QUERY_ROOT_TYPE) == []
    # the server's refusal, shown in the response pane
    state = str(browser.execute_script(SCHEMA_STATE))
    assert state.startswith("failed: ") and "introspection has been disabled" in state, state
    screenshot(browser, "graphiql-docs-no-introspection")

    # no crash: queries still run, without the schema
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".graphiql-response"), "neo4jVersion"))
    assert console_errors(browser) == []
