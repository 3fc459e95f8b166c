"""Reads cancelled mid-way leave no connection behind: a root field that fails cancels its
siblings (graphql-core), and the driver leaks the socket of a connection cancelled while it
opens, so Database.read_text lets a cancelled read finish and close its session."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest
from fastapi.testclient import TestClient

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport
from tests.graphql_client import post_graphql


def leaked_sockets() -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


@pytest.mark.parametrize("delay", [0.0, 0.001, 0.003, 0.005, 0.01, 0.02])
def test_reads_cancelled_at_any_moment_close_their_connections(settings: Settings, delay: float) -> None:
    async def cancel_after_delay() -> None:
        db = Database.from_settings(settings, timeout=settings.request_timeout)
        reads = [asyncio.create_task(db.read_text("probe", "RETURN 1 AS x", {})) for _ in range(4)]
        await asyncio.sleep(delay)  # a fresh pool: some connections are still opening
        for read in reads:
            read.cancel()
        await asyncio.gather(*reads, return_exceptions=True)
        await db.close()

    leaked_sockets()
    asyncio.run(cancel_after_delay())
    assert leaked_sockets() == []


def test_a_failing_root_field_cancels_its_siblings_cleanly(seeded: LoadReport, settings: Settings) -> None:
    query = """{ chart: orgChart(jurisdiction: "620700") { tree { key } }
                 hits: search(text: "消防") { matchedText }
                 refused: bodies(first: 1000) { totalCount } }"""
    with TestClient(create_app(settings)) as client:
        for _ in range(5):
            body = post_graphql(client, query)
            assert body["data"] is None  # a non-null root field failed: the whole answer is null
            assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert leaked_sockets() == []
