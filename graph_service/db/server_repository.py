"""Queries about the database server itself."""

from __future__ import annotations

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.domain.server import ServerInfo


async def server_info(db: Database) -> ServerInfo:
    records = await db.read(QueryName.SERVER_INFO)
    kernel = next((r for r in records if r["name"] == "Neo4j Kernel"), records[0])
    return ServerInfo(name=kernel["name"], version=kernel["version"], edition=kernel["edition"])
