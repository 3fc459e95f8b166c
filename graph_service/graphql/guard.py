"""The schema extension that bounds a request before it runs.

In order, each step cheap enough to refuse what the next would find costly:
1. parsing stops after `max_tokens` tokens (graphql-core's own limit);
2. one linear pass measures depth, aliases and cost (graph_service.graphql.limits) and checks
   the length of every string literal; over a limit, the request is refused here and
   graphql-core's validation never runs;
3. graphql-core's validation runs in one worker thread, so that even its slowest rule (the
   overlapping-fields check is quadratic in the fields sharing a name) never holds the event
   loop; one thread, not a pool, so that however many requests validate at once, the loop
   competes for the interpreter with one of them only. Its errors are tagged
   GRAPHQL_VALIDATION_FAILED.
The texts of documents that validated are kept (ValidatedDocuments): clients send the same few
documents again and again, and those are not validated twice. The request's cost is reported in
`extensions.cost` of every answer that got that far.
"""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    StringValueNode,
    get_operation_ast,
    validate,
)
from graphql.language import Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from graph_service.graphql.context import Context
from graph_service.graphql.limits import INTROSPECTION_FIELDS, FragmentCycleError, Shape, measure

VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
#: a document of several operations sent without `operationName` (a request error: HTTP 400)
OPERATION_NAME_REQUIRED = "OPERATION_NAME_REQUIRED"


@dataclass(frozen=True)
class Limits:
    """The bounds of one request (docs/operations.md)."""

    max_depth: int = 8  # a root field is at depth 0; the README's deepest example reaches 5
    max_aliases: int = 30
    max_tokens: int = 2000
    max_cost: int = 10_000
    max_string_length: int = 2000
    max_field_repeats: int = 20  # one name in one selection set; validation costs their square
    # `__schema` / `__type` in one document: clients ask for the schema once, or a few types
    max_introspection_fields: int = 10
    hide_suggestions: bool = False  # true when introspection is off: no "Did you mean ...?"


@dataclass
class ValidatedDocuments:
    """The documents that validated, for one schema: clients send the same few documents again
    and again, and those are not validated again (validation does not depend on variables).

    Texts: at most `entries` of at most `max_text` characters. Syntax trees, which spare the
    parse (measured: ~20% of the server's CPU for a one-field request, docs/operations.md): only
    for a document seen valid a second time, at most `tree_entries` of at most `max_tree_text`
    characters, with their tokens unlinked (`_acyclic`). Both bounds are about the garbage
    collector: every object of a cached tree is visited by each full collection (a tree is ~1.3
    objects per character; 256 trees of 3.5 KB made a full collection take half a second), and a
    parsed tree's tokens form a reference cycle, so evicted trees used to pile up as garbage
    that only a full collection frees. 64 trees of 1 KB add ~50 ms to a full collection, which
    is rare when the cache is not churning, and one-off documents never enter it."""

    entries: int = 1024
    max_text: int = 16_384
    tree_entries: int = 64
    max_tree_text: int = 1_024
    texts: OrderedDict[str, None] = field(default_factory=OrderedDict)  # least recently used first
    trees: OrderedDict[str, DocumentNode] = field(default_factory=OrderedDict)

    def __contains__(self, query: str | None) -> bool:
        if query is None or query not in self.texts:
            return False
        self.texts.move_to_end(query)
        return True

    def tree(self, query: str | None) -> DocumentNode | None:
        """The cached syntax tree of a document that validated, or None."""
        if query is None:
            return None
        document = self.trees.get(query)
        if document is not None:
            self.trees.move_to_end(query)
        return document

    def add(self, query: str | None) -> None:
        """A document that validated."""
        if query is not None and len(query) <= self.max_text:
            self.texts[query] = None
            self.texts.move_to_end(query)
            while len(self.texts) > self.entries:
                self.texts.popitem(last=False)

    def seen_again(self, query: str, document: DocumentNode) -> None:
        """A known document was sent again: keep its tree, if it is small."""
        if len(query) <= self.max_tree_text and query not in self.trees and self.tree_entries > 0:
            self.trees[query] = _acyclic(document)
            while len(self.trees) > self.tree_entries:
                self.trees.popitem(last=False)


def _acyclic(document: DocumentNode) -> DocumentNode:
    """Unlink the tree's tokens (prev/next): nothing reads them after parsing, and without the
    links the tree holds no reference cycle. Locations keep their offsets and source, which is
    all that errors' line and column need."""
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        following = token.next
        token.prev = token.next = None
        token = following
    return document


#: graphql-core's validation, one request at a time, off the event loop
_VALIDATION = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphql-validation")


class RequestGuard(SchemaExtension):
    """Refuses documents over the limits, and validates the rest off the event loop."""

    def __init__(self, limits: Limits, validated: ValidatedDocuments) -> None:
        self.limits = limits
        self.validated = validated
        self.shape: Shape | None = None

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.limits.max_tokens
        yield

    def on_parse(self) -> Iterator[None]:
        # strawberry parses only when no document is set yet
        context = self.execution_context
        context.graphql_document = self.validated.tree(context.query)
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            known = context.query in self.validated
            refusal = self._refusal(known)
            if refusal is not None:
                context.pre_execution_errors = [refusal]
            elif known:
                context.pre_execution_errors = []
                assert context.query is not None  # known documents have a text
                self.validated.seen_again(context.query, document)
            else:
                context.pre_execution_errors = errors = await self._validated(document)
                if not errors:
                    self.validated.add(context.query)
            if not context.pre_execution_errors and isinstance(context.context, Context):
                context.context.operation_type = context.operation_type
        yield

    async def _validated(self, document: DocumentNode) -> list[GraphQLError]:
        context = self.execution_context
        rules = (*context.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule)
        run = functools.partial(
            validate, context.schema._schema, document, rules, hide_suggestions=self.limits.hide_suggestions
        )
        return [_tagged(error) for error in await asyncio.get_running_loop().run_in_executor(_VALIDATION, run)]

    def get_results(self) -> dict[str, Any]:
        if self.shape is None:
            return {}
        return {"cost": {"requested": self.shape.cost, "limit": self.limits.max_cost}}

    def _refusal(self, known: bool) -> GraphQLError | None:
        """Why the document is refused, or None. A known (validated) document's literals were
        checked when it was first seen; its shape is measured again, since `first` and
        `depth` may come from variables."""
        context = self.execution_context
        document = context.graphql_document
        assert document is not None
        long_string = None if known else _first_long_string(document, self.limits.max_string_length)
        if long_string is not None:
            return GraphQLError(
                f"a string argument is {len(long_string.value):,} characters long; at most "
                f"{self.limits.max_string_length:,} are accepted",
                nodes=[long_string],
                extensions={"code": "BAD_USER_INPUT"},
            )
        # strawberry's `operation_name` falls back to the document's first operation, and it
        # would run that one where the spec requires an error: the name the client gave decides
        given_name: str | None = context._provided_operation_name
        if given_name is None:
            ambiguous = _ambiguous_operation(document)
            if ambiguous is not None:
                return ambiguous
        operation = get_operation_ast(document, context.operation_name)
        if operation is None:
            return None  # strawberry has refused an unknown name already
        try:
            self.shape = shape = measure(context.schema._schema, document, operation, context.variables)
        except FragmentCycleError:
            return None  # validation names the cycle
        limits = self.limits
        if shape.depth > limits.max_depth:
            return _limit_error(
                "depth",
                f"the query exceeds maximum operation depth: it nests {shape.depth} levels below its root "
                f"fields; at most {limits.max_depth} are allowed",
            )
        if shape.introspection > limits.max_introspection_fields:
            return _limit_error(
                "introspection",
                f"the query asks for introspection ({', '.join(sorted(INTROSPECTION_FIELDS))}) "
                f"{shape.introspection} times; at most {limits.max_introspection_fields} are allowed",
            )
        if shape.aliases > limits.max_aliases:
            return _limit_error(
                "aliases", f"the query uses {shape.aliases:,} aliases; at most {limits.max_aliases} are allowed"
            )
        if shape.repeats > limits.max_field_repeats:
            return _limit_error(
                "repeats",
                f"a selection set asks for the same field {shape.repeats:,} times; at most "
                f"{limits.max_field_repeats} are allowed (repeats are merged into one answer anyway)",
            )
        if shape.cost > limits.max_cost:
            return _limit_error(
                "cost",
                f"the query would cost {shape.cost:,} (objects × list sizes, see docs/operations.md); "
                f"at most {limits.max_cost:,} are allowed: ask for fewer items (`first`) or fewer nested lists",
            )
        return None


def _ambiguous_operation(document: DocumentNode) -> GraphQLError | None:
    names = [
        definition.name.value if definition.name else "(anonymous)"
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    ]
    if len(names) < 2:
        return None  # no operation at all: validation says so
    return GraphQLError(
        f"the document has {len(names)} operations ({', '.join(names)}): name the one to run with `operationName`",
        extensions={"code": OPERATION_NAME_REQUIRED},
    )


def _limit_error(limit: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": VALIDATION_FAILED, "limit": limit})


def _tagged(error: GraphQLError) -> GraphQLError:
    if (error.extensions or {}).get("code"):
        return error
    error.extensions = {**(error.extensions or {}), "code": VALIDATION_FAILED}
    return error


class _LongStrings(Visitor):
    def __init__(self, max_length: int) -> None:
        super().__init__()
        self.max_length = max_length
        self.found: StringValueNode | None = None

    def enter_string_value(self, node: StringValueNode, *_: object) -> object:
        if len(node.value) > self.max_length:
            self.found = node
            return self.BREAK
        return None


def _first_long_string(document: Any, max_length: int) -> StringValueNode | None:
    visitor = _LongStrings(max_length)
    visit(document, visitor)
    return visitor.found
