"""GraphiQL at /graphql in a real browser: it loads from this service alone (no CDN), renders,
and runs a query."""

from __future__ import annotations

from urllib.parse import urlsplit

from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import WAIT_SECONDS, console_errors, requested_urls, screenshot


def test_graphiql_loads_offline_and_runs_a_query(browser: WebDriver, live_url: str) -> None:
    browser.get(f"{live_url}/graphql")
    wait = WebDriverWait(browser, WAIT_SECONDS)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-container .graphiql-editors")))
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".graphiql-response"), "neo4jVersion"))
    screenshot(browser, "graphiql")

    urls = requested_urls(browser)
    assert any(url.endswith("/graphiql.min.js") for url in urls), urls
    elsewhere = [url for url in urls if not url.startswith("data:") and urlsplit(url).hostname != "127.0.0.1"]
    assert elsewhere == []
    assert console_errors(browser) == []
