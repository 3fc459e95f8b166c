"""How errors reach GraphQL clients: a message and `extensions.code`, never a stack trace.

The service's own errors (graph_service.errors) keep their message and get their code;
GraphQL's validation and syntax errors pass as they are; anything else is logged here
and masked as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from graph_service.errors import OrgGraphError

log = logging.getLogger(__name__)


class ServiceErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(error_message="Unexpected error; the server log has the details.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._present(error) for error in errors]

    def _present(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, OrgGraphError):
            return self._with_code(error, original.code, str(original))
        if original is None:
            # raised by GraphQL itself: parse and validation errors, limits of depth and aliases
            existing = dict(error.extensions or {})
            return self._with_code(error, str(existing.get("code", "GRAPHQL_VALIDATION_FAILED")), error.message)
        log.error("unexpected error in a resolver", exc_info=original)
        return self._with_code(error, "INTERNAL_SERVER_ERROR", self.error_message)

    @staticmethod
    def _with_code(error: GraphQLError, code: str, message: str) -> GraphQLError:
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={**(error.extensions or {}), "code": code},
        )
