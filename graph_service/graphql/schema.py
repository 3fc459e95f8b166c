"""The Strawberry schema, and its SDL as exported to schema.graphql."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import strawberry
from graphql import DirectiveLocation, GraphQLDeprecatedDirective, GraphQLDirective, GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graph_service.graphql.errors import ServiceErrors
from graph_service.graphql.guard import Limits, RequestGuard, ValidatedDocuments
from graph_service.graphql.inputs import check_range
from graph_service.graphql.mutations import Mutation
from graph_service.graphql.queries import Query
from graph_service.graphql.scalars import Date
from graph_service.graphql.subscriptions import Subscription
from graph_service.graphql.types.jurisdictions import MAX_HIERARCHY_DEPTH
from graph_service.observability.operation import OperationName
from graph_service.read.compile import Compiler
from graph_service.read.complete import CompletingExecutionContext


class OrgGraphSchema(strawberry.Schema):
    """The schema, with the read compiler its root resolvers share (graph_service.read)."""

    compiler: Compiler
    validated: ValidatedDocuments  # the documents that validated, and the trees of small ones

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (bad input, database down) are answers, not incidents: don't log
        # their stack traces. ServiceErrors logs the unexpected ones.
        return None


#: checks of nested fields' arguments, run when a statement is composed (a root resolver's
#: checks run in the resolver itself)
ARGUMENT_CHECKS: dict[tuple[str, str], Callable[[Mapping[str, Any]], object]] = {
    ("Jurisdiction", "descendants"): lambda args: check_range("depth", args["depth"], 1, MAX_HIERARCHY_DEPTH),
}


#: `@deprecated` as the GraphQL specification defines it. graphql-core 3.3 adds the location
#: DIRECTIVE_DEFINITION (an experimental extension) to its own; clients built on graphql-core 3.2
#: (before 3.2.9) refuse the whole introspected schema over that unknown location, and the
#: schema deprecates no directive.
SPEC_DEPRECATED = GraphQLDirective(
    name=GraphQLDeprecatedDirective.name,
    locations=[
        DirectiveLocation.FIELD_DEFINITION,
        DirectiveLocation.ARGUMENT_DEFINITION,
        DirectiveLocation.INPUT_FIELD_DEFINITION,
        DirectiveLocation.ENUM_VALUE,
    ],
    args=GraphQLDeprecatedDirective.args,
    description=GraphQLDeprecatedDirective.description,
)


def build_schema(
    limits: Limits | None = None,
    *,
    introspection: bool = True,
    extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> OrgGraphSchema:
    """The schema with the request limits (docs/operations.md); production may switch
    introspection off (INTROSPECTION_ENABLED=false), which also hides "Did you mean" hints.
    `extensions`: factories of more extensions (tracing, graph_service.observability)."""
    limits = limits or Limits(hide_suggestions=not introspection)
    validated = ValidatedDocuments()
    optional: list[Any] = [] if introspection else [DisableIntrospection]
    schema = OrgGraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(scalar_map={dt.date: Date}),
        # answers the read path hands back already in their final form are not walked again
        execution_context_class=CompletingExecutionContext,
        extensions=[
            # factories, so that each request gets fresh extension instances
            lambda: RequestGuard(limits, validated),
            lambda: ServiceErrors(hide_suggestions=limits.hide_suggestions),
            OperationName,
            *optional,
            *extensions,
        ],
    )
    graphql_schema = schema._schema
    graphql_schema.directives = tuple(
        SPEC_DEPRECATED if directive.name == SPEC_DEPRECATED.name else directive
        for directive in graphql_schema.directives
    )
    schema.compiler = Compiler(checks=ARGUMENT_CHECKS)
    schema.validated = validated
    return schema


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
