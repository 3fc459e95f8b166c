"""The Strawberry schema, and its SDL as exported to schema.graphql."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graph_service.graphql.errors import ServiceErrors
from graph_service.graphql.mutations import Mutation
from graph_service.graphql.queries import Query
from graph_service.graphql.scalars import Date

# Limits that keep one request from costing the database too much.
MAX_DEPTH = 8  # the deepest example (an org chart with sections) needs 6; deeper nesting multiplies rows
MAX_ALIASES = 30
MAX_TOKENS = 2000


class OrgGraphSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (bad input, database down) are answers, not incidents: don't log
        # their stack traces. ServiceErrors logs the unexpected ones.
        return None


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    """The schema; production may switch introspection off (INTROSPECTION_ENABLED=false)."""
    extensions: list[Any] = [] if introspection else [DisableIntrospection]
    return OrgGraphSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map={dt.date: Date}),
        extensions=[
            # factories, so that each request gets fresh extension instances
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            ServiceErrors,
            *extensions,
        ],
    )


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
