"""What a root resolver needs to answer from one statement: the selection under its field, the
statement run (one round trip), and answers handed back already in their final form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from graphql import get_named_type

from graph_service.graphql.context import Info
from graph_service.read.compile import Projection
from graph_service.read.complete import Completed, in_order
from graph_service.read.selection import Selection, SelectionReader


def selection_of(info: Info) -> Selection:
    """The client's selection under the field being resolved."""
    raw = info._raw_info
    # strawberry hands resolvers the coerced variables as a plain dict
    variables = cast(dict[str, Any], raw.variable_values)
    reader = SelectionReader(raw.schema, raw.fragments, variables)
    return reader.under(raw.field_nodes, get_named_type(raw.return_type))


def selection_as(info: Info, type_name: str) -> Selection:
    """The client's selection under the field being resolved, for one concrete type of an
    interface the field returns (its inline fragments and spreads on that type applied)."""
    raw = info._raw_info
    variables = cast(dict[str, Any], raw.variable_values)
    reader = SelectionReader(raw.schema, raw.fragments, variables)
    named = raw.schema.get_type(type_name)
    assert named is not None, type_name
    return reader.under(raw.field_nodes, named)


def under(selection: Selection, *path: str) -> list[Selection]:
    """Every selection reached from `selection` through fields named `path` (whatever their
    aliases): the variants one projection slot must hold."""
    found = [selection]
    for name in path:
        found = [f.selection for s in found for f in s.named(name) if f.selection is not None]
    return found


R = TypeVar("R")


async def rows(
    info: Info,
    root: str,
    row_type: type[R],
    projections: Mapping[str, Projection],
    params: Mapping[str, Any],
    context: Mapping[str, str] | None = None,
) -> list[R]:
    """Compose the statement of a root field and run it: one round trip. `row_type` is the
    statement's row (graph_service.read.rows)."""
    statement = info.context.compiler.statement(root, projections, {**params, "today": info.context.today}, context)
    found = await info.context.db.read_text(f"read/{root}", statement.text, statement.params)
    return cast(list[R], found)


T = TypeVar("T")


def completed(selection: Selection, value: Any, declared: type[T]) -> T:
    """A root field's answer already in its final form, standing for the field's declared
    type (graphql-core hands it to the response without walking it again); a projection's
    keys are put in the client's order."""
    return cast(T, Completed(in_order(selection, value)))


def shaped(value: Any, declared: type[T]) -> T:
    """A root field's answer put together by `shape` (already in the client's order)."""
    return cast(T, Completed(value))


def projected(value: Any, projection: Projection, selection: Selection) -> Completed:
    """The projection of `selection` in a slot's value (the value itself, or one of its
    variants), its keys in the client's order."""
    key = projection.key(selection)
    return Completed(in_order(selection, value if key is None or value is None else value[key]))
