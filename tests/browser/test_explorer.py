"""The explorer page (/explore) in a real browser, against the seed: choose 张掖市 and a date,
find the bureaus of that date in the chart, open a bureau's counterparts in the six counties,
open the correspondence matrix. No console errors; screenshots in test-artifacts/ and the
README's docs/explorer.png."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT
from tests.browser.conftest import WAIT_SECONDS, console_errors, screenshot

CITY = "620700"
COUNTIES = {  # seed/common/jurisdictions.yaml
    "620702": "甘州区",
    "620721": "肃南裕固族自治县",
    "620722": "民乐县",
    "620723": "临泽县",
    "620724": "高台县",
    "620725": "山丹县",
}
AFTER, BEFORE = "2019-12-24", "2018-06-01"
NEW_BUREAU, OLD_BUREAU = "张掖市自然资源局", "张掖市国土资源局"

# the labels of a chart node's ancestors, nearest first
ANCESTORS = """
const label = [...document.querySelectorAll('#chart .node-label')].find(e => e.textContent === arguments[0]);
const path = [];
for (let item = label?.closest('li')?.parentElement?.closest('li'); item; item = item.parentElement.closest('li')) {
  path.push(item.querySelector(':scope > .node-label').textContent);
}
return label ? path : null;
"""


@pytest.fixture(scope="module")
def page(browser: WebDriver, live_url: str, seeded: LoadReport) -> Iterator[WebDriver]:
    browser.get(f"{live_url}/explore")
    wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    yield browser
    assert console_errors(browser) == []
    assert browser.find_element(By.ID, "status").get_attribute("class") != "error"


def wait(driver: WebDriver) -> WebDriverWait[WebDriver]:
    return WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1)


def show_chart(driver: WebDriver, code: str, day: str) -> None:
    """Choose the jurisdiction and type the date, as a user does, and wait for that chart."""
    Select(driver.find_element(By.ID, "jurisdiction")).select_by_value(code)
    driver.execute_script(  # a date input's typing is locale-dependent: set it, then fire its change
        "const input = document.getElementById('as-of'); input.value = arguments[0];"
        "input.dispatchEvent(new Event('change', { bubbles: true }));",
        day,
    )
    chart = driver.find_element(By.ID, "chart")
    wait(driver).until(
        lambda _: (chart.get_attribute("data-jurisdiction"), chart.get_attribute("data-as-of")) == (code, day)
    )


def chart_labels(driver: WebDriver) -> set[str]:
    return {element.text for element in driver.find_elements(By.CSS_SELECTOR, "#chart .node-label")}


def test_the_chart_follows_the_date(page: WebDriver) -> None:
    show_chart(page, CITY, AFTER)
    labels = chart_labels(page)
    assert NEW_BUREAU in labels and OLD_BUREAU not in labels
    assert page.execute_script(ANCESTORS, NEW_BUREAU)[-1] == "张掖市人民政府"  # under the government side

    show_chart(page, CITY, BEFORE)
    labels = chart_labels(page)
    assert OLD_BUREAU in labels and NEW_BUREAU not in labels
    screenshot(page, "explorer-2018")

    page.find_element(By.ID, "next-reform").click()  # the first reform day after it
    chart = page.find_element(By.ID, "chart")
    wait(page).until(lambda _: (chart.get_attribute("data-as-of") or "") > BEFORE)
    assert chart.get_attribute("data-as-of") == page.find_element(By.ID, "reform-dates").get_attribute("value")


def test_counterparts_of_the_bureau_in_every_county(page: WebDriver) -> None:
    show_chart(page, CITY, AFTER)
    page.find_element(By.XPATH, f"//div[@id='chart']//button[text()='{NEW_BUREAU}']").click()
    details = page.find_element(By.ID, "details")
    wait(page).until(lambda _: details.get_attribute("data-body-id") == "620700.natural_resources")
    rows = page.find_elements(By.CSS_SELECTOR, "#counterparts-down tr[data-code]")
    assert {row.get_attribute("data-code"): row.find_element(By.TAG_NAME, "td").text for row in rows} == COUNTIES
    assert all(row.get_attribute("class") == "found" for row in rows)
    predecessors = page.find_element(By.ID, "predecessors").text
    assert OLD_BUREAU in predecessors
    # each step says how: the land bureau merged in, 发改委 only handed over duties
    assert "并入 merged into" in predecessors and "划出职责 duties only" in predecessors
    page.find_element(By.CSS_SELECTOR, "#duties button.duty").click()
    trail = wait(page).until(lambda d: d.find_element(By.CSS_SELECTOR, "#duty-trail h4"))
    assert trail.text.startswith("职责沿革")
    shutil.copyfile(screenshot(page, "explorer"), PROJECT_ROOT / "docs" / "explorer.png")


def test_correspondence_matrix_has_a_column_per_county(page: WebDriver) -> None:
    show_chart(page, CITY, AFTER)
    page.find_element(By.ID, "tab-matrix").click()
    table = wait(page).until(lambda d: d.find_element(By.CSS_SELECTOR, f"table.matrix[data-parent='{CITY}']"))
    columns = table.find_elements(By.CSS_SELECTOR, "thead th[data-code]")
    assert {column.get_attribute("data-code"): column.text for column in columns} == COUNTIES
    cells = table.find_elements(By.CSS_SELECTOR, "tbody td[data-status]")
    assert cells and all(cell.get_attribute("title") for cell in cells), "every cell says why on hover"
    screenshot(page, "explorer-matrix")
    page.find_element(By.ID, "tab-chart").click()


def test_the_matrix_tells_unknown_from_missing(page: WebDriver) -> None:
    # the city against the province: two fields no recorded body covers, which the article says exist
    show_chart(page, "620000", AFTER)
    page.find_element(By.ID, "tab-matrix").click()
    table = wait(page).until(lambda d: d.find_element(By.CSS_SELECTOR, "table.matrix[data-parent='620000']"))
    unknown = table.find_elements(By.CSS_SELECTOR, "tbody td[data-status='unknown']")
    rows = {cell.find_element(By.XPATH, "..").get_attribute("data-function") for cell in unknown}
    assert rows == {"policy_research", "sports"}
    assert all("Would settle it" in (cell.get_attribute("title") or "") for cell in unknown)
    assert not table.find_elements(By.CSS_SELECTOR, "tbody td[data-status='missing']")
    page.find_element(By.ID, "tab-chart").click()


def graphql_requests(driver: WebDriver) -> list[tuple[str, str]]:
    """(method, URL) of every /graphql request the page sent since the last read of the log."""
    requests = []
    for entry in driver.get_log("performance"):  # type: ignore[no-untyped-call]
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and "/graphql" in message["params"]["request"]["url"]:
            requests.append((message["params"]["request"]["method"], message["params"]["request"]["url"]))
    return requests


def not_modified(live_url: str) -> float:
    """The 304s the server has answered on /graphql (its own count: Chromium's log reports a
    revalidated answer with the cached answer's status)."""
    metrics = httpx.get(f"{live_url}/metrics").text
    line = next((x for x in metrics.splitlines() if x.startswith(NOT_MODIFIED)), f"{NOT_MODIFIED} 0")
    return float(line.rpartition(" ")[2])


NOT_MODIFIED = 'orggraph_http_requests_total{method="GET",route="/graphql",status="304"}'


def test_reads_are_gets_the_browser_revalidates(page: WebDriver, live_url: str) -> None:
    show_chart(page, CITY, AFTER)
    show_chart(page, CITY, BEFORE)
    graphql_requests(page)  # from here on
    before = not_modified(live_url)
    show_chart(page, CITY, AFTER)  # views seen before: the browser revalidates them by their ETags
    show_chart(page, CITY, BEFORE)
    requests = graphql_requests(page)
    assert requests and all(method == "GET" for method, _ in requests), requests
    assert all("sha256Hash" in unquote(url) and "query=" not in url for _, url in requests), requests
    # answered 304: nothing ran on the server, and the page drew the charts from the browser's cache
    assert not_modified(live_url) - before >= 2
    assert NEW_BUREAU not in chart_labels(page)
