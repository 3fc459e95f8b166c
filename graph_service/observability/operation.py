"""The GraphQL operation's name, for the logs and the metrics, as soon as the document is
parsed: a client need not send `operationName` for `query Budget { ... }` to be "Budget"."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from graph_service.observability import context
from graph_service.observability.metrics import operation_name


class OperationName(SchemaExtension):
    def on_validate(self) -> Iterator[None]:  # the first hook that runs after parsing
        context.operation.set(operation_name(self.execution_context.operation_name))
        yield
