"""GraphQL object types, each built from a domain model by `from_model`."""

from __future__ import annotations

import strawberry

from graph_service.domain.server import ServerInfo as ServerInfoModel


@strawberry.type(description="The Neo4j server behind the API, as it reports itself.")
class ServerInfo:
    name: str = strawberry.field(description="Component name reported by the server, e.g. 'Neo4j Kernel'.")
    neo4j_version: str = strawberry.field(description="The server's version, e.g. '5.26.19'.")
    edition: str = strawberry.field(description="'community' or 'enterprise'.")

    @classmethod
    def from_model(cls, model: ServerInfoModel) -> ServerInfo:
        return cls(name=model.name, neo4j_version=model.version, edition=model.edition)
