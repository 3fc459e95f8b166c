"""The Strawberry schema, and its SDL as exported to schema.graphql."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graph_service.graphql.errors import ServiceErrors
from graph_service.graphql.guard import Limits, RequestGuard, ValidatedDocuments
from graph_service.graphql.mutations import Mutation
from graph_service.graphql.queries import Query
from graph_service.graphql.scalars import Date


class OrgGraphSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (bad input, database down) are answers, not incidents: don't log
        # their stack traces. ServiceErrors logs the unexpected ones.
        return None


def build_schema(limits: Limits | None = None, *, introspection: bool = True) -> strawberry.Schema:
    """The schema with the request limits (docs/operations.md); production may switch
    introspection off (INTROSPECTION_ENABLED=false), which also hides "Did you mean" hints."""
    limits = limits or Limits(hide_suggestions=not introspection)
    validated = ValidatedDocuments()
    extensions: list[Any] = [] if introspection else [DisableIntrospection]
    return OrgGraphSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map={dt.date: Date}),
        extensions=[
            # factories, so that each request gets fresh extension instances
            lambda: RequestGuard(limits, validated),
            lambda: ServiceErrors(hide_suggestions=limits.hide_suggestions),
            *extensions,
        ],
    )


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
