"""Every GraphQL document the explorer page sends (graph_service/web/explorer/queries/) is valid
against the served schema (schema.graphql), and the page's code asks for exactly those files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from graph_service.paths import SCHEMA_FILE
from graph_service.web.explorer_page import EXPLORER_DIR

QUERIES = sorted((EXPLORER_DIR / "queries").glob("*.graphql"))
SCHEMA = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
# query("name", ...) in the page's modules, and the chart's query named as a constant
ASKED = re.compile(r"""\bquery\(\s*"([a-z-]+)"|CHART_QUERY\s*=\s*"([a-z-]+)\"""")


def test_the_page_has_queries() -> None:
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("path", QUERIES, ids=lambda path: path.name)
def test_query_is_valid_against_the_schema(path: Path) -> None:
    errors = validate(SCHEMA, parse(path.read_text(encoding="utf-8")))
    assert [error.message for error in errors] == []


def test_the_page_sends_exactly_the_query_files() -> None:
    asked = {
        next(name for name in match if name)
        for module in EXPLORER_DIR.glob("*.js")
        for match in ASKED.findall(module.read_text(encoding="utf-8"))
    }
    assert asked == {path.stem for path in QUERIES}
