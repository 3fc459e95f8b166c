"""schema.graphql is the schema the server serves."""

from __future__ import annotations

from graph_service.graphql.schema import schema_sdl
from graph_service.paths import SCHEMA_FILE


def test_schema_file_matches_the_served_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is out of date: run `orggraph export-schema`"
    )
