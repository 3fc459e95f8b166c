"""How errors reach GraphQL clients: a message and `extensions.code`, never a stack trace.

- the service's own errors (graph_service.errors) give their code and their public message
  (the full one, which may name the database's address, goes to the log);
- errors raised before execution keep the code they were given (syntax and validation:
  GRAPHQL_VALIDATION_FAILED, limits, our scalars' BAD_USER_INPUT); those without one come
  from coercing the request's variables: BAD_USER_INPUT;
- anything else, raised while resolving a field, is a defect: logged here with its stack
  and masked as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLSyntaxError
from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from graph_service.errors import DatabaseUnavailableError, OrgGraphError

log = logging.getLogger(__name__)

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class ServiceErrors(MaskErrors):
    def __init__(self, *, hide_suggestions: bool = False) -> None:
        super().__init__(error_message="Unexpected error; the server log has the details.")
        self.hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._present(error) for error in errors]

    def _present(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, OrgGraphError):
            if isinstance(original, DatabaseUnavailableError):
                log.debug("answered UNAVAILABLE: %s", original)
            elif original.public_message != str(original):
                log.warning("%s: %s", original.code, original)
            return self._with_code(error, original.code, original.public_message)
        code = (error.extensions or {}).get("code")
        if isinstance(error, GraphQLSyntaxError):
            code = code or "GRAPHQL_VALIDATION_FAILED"
        if code is None and error.path is None:
            code = "BAD_USER_INPUT"  # raised before execution without a code: a variable's value
        if code is not None:
            message = _SUGGESTION.sub("", error.message) if self.hide_suggestions else error.message
            return self._with_code(error, str(code), message)
        log.error("unexpected error in a resolver: %s", error.message, exc_info=original)
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
