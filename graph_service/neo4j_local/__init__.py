"""The project's own Neo4j server, assembled from Maven Central jars (no Docker needed)."""

from graph_service.neo4j_local.server import LocalNeo4j, ServerStatus, bolt_answers, free_port

__all__ = ["LocalNeo4j", "ServerStatus", "bolt_answers", "free_port"]
