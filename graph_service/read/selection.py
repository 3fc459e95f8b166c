"""What a client asked for under one field, as a tree the read compiler walks.

graphql-core hands a resolver the field's AST nodes; this merges them into a `Selection` per
object type: fragments and inline fragments expanded (an interface condition matches the
types implementing it), `@skip`/`@include` applied, and fields sharing a response key merged
(validation has made sure they agree). Arguments of nested fields are coerced here, with the
request's variables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.pyutils import Undefined
from graphql.utilities import value_from_ast

TYPENAME = "__typename"


@dataclass(frozen=True)
class SelectedField:
    """One response key: the field it reads, its arguments, and what is selected under it."""

    key: str
    name: str
    type: GraphQLOutputType
    arguments: Mapping[str, Any]
    selection: Selection | None  # for fields of object types

    @property
    def is_list(self) -> bool:
        inner = self.type.of_type if isinstance(self.type, GraphQLNonNull) else self.type
        return isinstance(inner, GraphQLList)


@dataclass(frozen=True)
class Selection:
    """The fields selected on one object type, in response order."""

    type_name: str
    fields: tuple[SelectedField, ...]
    signature: str = field(compare=False, default="")

    def named(self, name: str) -> list[SelectedField]:
        """Every response key reading the field `name` (aliases ask for it several times)."""
        return [f for f in self.fields if f.name == name]

    def only(self, *names: str) -> Selection:
        """The same selection restricted to some fields (a root resolver splits its selection
        between what Cypher projects and what Python computes)."""
        kept = tuple(f for f in self.fields if f.name in names)
        return Selection(self.type_name, kept, _signature(self.type_name, kept))


class SelectionReader:
    """Reads selections for one request: its schema, fragments and coerced variables."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = dict(variables)

    def under(self, field_nodes: Iterable[FieldNode], type_: GraphQLNamedType) -> Selection:
        """The selection under a field (its nodes merged), on the field's object type."""
        sets = [node.selection_set for node in field_nodes if node.selection_set is not None]
        assert isinstance(type_, GraphQLObjectType), f"{type_} is not an object type"
        return self._collect(type_, sets)

    def _collect(self, type_: GraphQLObjectType, selection_sets: list[SelectionSetNode]) -> Selection:
        grouped: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            self._gather(type_, selection_set, grouped)
        fields = []
        for key, nodes in grouped.items():
            name = nodes[0].name.value
            if name == TYPENAME:
                fields.append(SelectedField(key, name, GraphQLNonNull(self.schema.get_type("String")), {}, None))  # type: ignore[arg-type]
                continue
            definition = type_.fields[name]
            named = get_named_type(definition.type)
            sub = None
            if isinstance(named, GraphQLObjectType):
                sub = self._collect(named, [n.selection_set for n in nodes if n.selection_set is not None])
            fields.append(SelectedField(key, name, definition.type, self._arguments(definition, nodes[0]), sub))
        frozen = tuple(fields)
        return Selection(type_.name, frozen, _signature(type_.name, frozen))

    def _gather(
        self, type_: GraphQLObjectType, selection_set: SelectionSetNode, grouped: dict[str, list[FieldNode]]
    ) -> None:
        for node in selection_set.selections:
            if not self._included(node):
                continue
            if isinstance(node, FieldNode):
                grouped.setdefault((node.alias or node.name).value, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                if node.type_condition is None or self._applies(node.type_condition.name.value, type_):
                    self._gather(type_, node.selection_set, grouped)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is not None and self._applies(fragment.type_condition.name.value, type_):
                    self._gather(type_, fragment.selection_set, grouped)

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        if condition == type_.name:
            return True
        named = self.schema.get_type(condition)
        return isinstance(named, GraphQLInterfaceType) and named in type_.interfaces

    def _included(self, node: FieldNode | InlineFragmentNode | FragmentSpreadNode | Any) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            (argument,) = [a for a in directive.arguments or () if a.name.value == "if"]
            value = argument.value
            flag = (
                bool(self.variables.get(value.name.value))
                if isinstance(value, VariableNode)
                else isinstance(value, BooleanValueNode) and value.value
            )
            if (name == "skip") == flag:
                return False
        return True

    def _arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        values: dict[str, Any] = {}
        for name, argument in definition.args.items():
            if name in given:
                value = value_from_ast(given[name], argument.type, self.variables)
            else:
                value = argument.default_value
            values[name] = None if value is Undefined else value
        return values


def _signature(type_name: str, fields: tuple[SelectedField, ...]) -> str:
    """A text that differs exactly when the compiled statement would (arguments of nested
    fields are parameters: only their presence counts)."""
    parts = []
    for f in fields:
        sub = f.selection.signature if f.selection is not None else ""
        parts.append(f"{f.key}:{f.name}{'(' + ','.join(sorted(f.arguments)) + ')' if f.arguments else ''}{{{sub}}}")
    return f"{type_name}[{' '.join(parts)}]"
