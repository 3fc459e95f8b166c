"""Answers already in their final form, and the executor that passes them through.

graphql-core completes every field of an answer in Python, one call per value (about 10 µs
each here: 16 ms for an org chart of 60 bodies). The read path instead returns, for a root
field, the whole answer under it already shaped (keys are the response keys, enums their
names, dates ISO text): from Cypher (graph_service.read.compile) or, for parts computed in
Python, by `shape`. `CompletingExecutionContext` hands such a value to the response as it is.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph_service.read.org_tree import finish_tree
from graph_service.read.selection import TYPENAME, SelectedField, Selection


@dataclass(frozen=True, slots=True)
class Completed:
    """A field's answer in its final form: no field under it is resolved again."""

    value: Any


@dataclass(frozen=True, slots=True)
class PerSelection:
    """A value that depends on the selection under its field (a projection slot holding
    several variants): `shape` calls `pick` with that selection."""

    pick: Callable[[Selection], Any]


class CompletingExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def complete_value(
        self, return_type: Any, field_details_list: Any, info: Any, path: Any, result: Any, *rest: Any
    ) -> Any:
        if type(result) is Completed:
            return result.value
        return super().complete_value(return_type, field_details_list, info, path, result, *rest)


#: fields whose projected value Python finishes (type, field) -> finisher(field, value)
FINISHED: dict[tuple[str, str], Callable[[SelectedField, Any], Any]] = {("OrgChart", "tree"): finish_tree}


def in_order(selection: Selection | None, value: Any) -> Any:
    """A projection with its keys in the order the client selected them (Neo4j's maps do not
    keep the order of their keys; GraphQL answers do), and the fields of FINISHED finished."""
    if selection is None or value is None:
        return value
    if type(value) is list:
        return [in_order(selection, item) for item in value]
    answer = {}
    for field in selection.fields:
        part = value[field.key]
        finish = FINISHED.get((selection.type_name, field.name))
        answer[field.key] = in_order(field.selection, part if finish is None else finish(field, part))
    return answer


def shape(selection: Selection, value: Mapping[str, Any]) -> dict[str, Any]:
    """The answer for `selection` from a Python value: a mapping from field names to values,
    which may themselves be mappings, lists, enums, dates, Completed parts, or PerSelection
    values (picked by the selection under their field)."""
    answer: dict[str, Any] = {}
    for field in selection.fields:
        if field.name == TYPENAME:
            answer[field.key] = selection.type_name
            continue
        answer[field.key] = _leaf_or_shape(field.selection, value[field.name])
    return answer


def _leaf_or_shape(selection: Selection | None, value: Any) -> Any:
    if type(value) is Completed:
        return value.value
    if type(value) is PerSelection:
        assert selection is not None
        return _leaf_or_shape(selection, value.pick(selection))
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [_leaf_or_shape(selection, item) for item in value]
    if selection is not None:
        return shape(selection, value)
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
