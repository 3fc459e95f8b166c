"""The root Query type."""

from __future__ import annotations

import strawberry

from graph_service.db import server_repository
from graph_service.graphql.context import Info
from graph_service.graphql.types import ServerInfo


@strawberry.type(description="Read access to the org-structure knowledge graph.")
class Query:
    @strawberry.field(description="The Neo4j server behind the API: read from the server on every call.")
    async def server_info(self, info: Info) -> ServerInfo:
        return ServerInfo.from_model(await server_repository.server_info(info.context.db))
