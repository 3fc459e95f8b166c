"""Browser tests: the service served by uvicorn on a free loopback port, driven by Debian's
headless Chromium through its chromedriver (installed by `./orggraph test`). One server and one
browser per module; screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from graph_service.config import Settings
from graph_service.paths import PROJECT_ROOT
from tests.served_app import served_app

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
WAIT_SECONDS = 90  # generous: a cold Neo4j on a busy 2-core machine took 2-4 s per query, 30 s for a body once


@pytest.fixture(scope="module")
def live_url(settings: Settings) -> Iterator[str]:
    """The app on a free loopback port, e.g. http://127.0.0.1:PORT."""
    with served_app(settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        pytest.fail("chromium and chromedriver are needed: `./orggraph test` installs them (Debian packages)")
    options = Options()
    options.binary_location = chromium  # with the driver's path too: Selenium Manager never downloads
    for argument in (
        "--headless=new",
        "--no-sandbox",  # tests may run as root (CI)
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1440,1000",
        "--lang=zh-CN",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def _log(driver: WebDriver, kind: str) -> list[dict[str, Any]]:
    read: Callable[[str], list[dict[str, Any]]] = driver.get_log  # untyped in Selenium
    return read(kind)


def console_errors(driver: WebDriver) -> list[str]:
    """The console's errors since the last call (CSP violations and failed loads included)."""
    return [entry["message"] for entry in _log(driver, "browser") if entry["level"] == "SEVERE"]


def requested_urls(driver: WebDriver) -> list[str]:
    """Every URL the page asked for since the last call, from Chromium's network log."""
    urls = []
    for entry in _log(driver, "performance"):
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(str(message["params"]["request"]["url"]))
    return urls


def screenshot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
