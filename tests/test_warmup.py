"""The warm-up: one operation per root query field, all answered on the seed, and /readyz
waiting for it after start-up."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from graphql import FieldNode, OperationDefinitionNode, parse

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.graphql.schema import build_schema
from graph_service.ingest.loader import LoadReport
from graph_service.warmup.runner import WARMUP_DOCUMENT, WarmUp, operation_names


def test_every_root_query_field_is_warmed_up() -> None:
    document = parse(WARMUP_DOCUMENT.read_text(encoding="utf-8"))
    asked = {
        selection.name.value
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections
        if isinstance(selection, FieldNode)
    }
    query_type = build_schema()._schema.query_type
    assert query_type is not None
    assert asked == set(query_type.fields)
    assert len(operation_names(WARMUP_DOCUMENT.read_text(encoding="utf-8"))) == len(document.definitions)


def test_readiness_waits_for_the_warm_up(seeded: LoadReport, settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"warm_up": True}))) as client:
        state: WarmUp = client.app.state.warm_up  # type: ignore[attr-defined]
        seen = []
        deadline = time.monotonic() + 120
        while (response := client.get("/readyz")).status_code != 200:
            seen.append(response.json()["reason"])
            assert time.monotonic() < deadline, seen[-1]
            time.sleep(0.1)
        assert state.done and state.failed == []
        assert state.operations == len(operation_names(WARMUP_DOCUMENT.read_text(encoding="utf-8")))
    assert not seen or any("warming" in reason or "schema" in reason for reason in seen)
