"""What one GraphQL document may ask for, measured before it is validated or run.

One pass over the operation measures its depth, its aliases and its cost. Each fragment
definition is measured once and its figures reused at every spread (memoised), so nested
spreads (`F2 { ...F1 ...F1 }`, `F3 { ...F2 ...F2 }` ...) cost linear time to measure even
though they would expand to 2^n fields; their cost, multiplied out as plain integers, is then
simply over the budget.

The cost model (docs/operations.md, "Query cost"):
- a field that returns an object costs 1 per object; a scalar or enum field costs 0;
- a list field multiplies the cost of its selection by its fan-out: its `first` argument
  when it has one (the value asked for, else its default); for a connection's edges, the
  connection's `first`; for hierarchies, the typical fan-out per level × `depth`; otherwise
  the typical maximum of `FANOUTS` (from the seed and a national-size estimate);
- fields that run work of their own (every root field, `totalCount`, hierarchies) add their
  `WEIGHTS`;
- introspection (`__schema`, `__type`) is not measured against the graph's depth and cost: its
  answer is bounded by the schema's own size, not by the data, and a document mixing both is
  measured on its graph part. Introspection root fields are counted instead (the guard allows a
  few per document, so the schema cannot be asked for over and over under aliases), and how
  deeply one may nest `fields`, `interfaces`, `possibleTypes` and `inputFields` is bounded by
  graphql-core's MaxIntrospectionDepthRule (a standard validation rule). The standard
  introspection query of every client (GraphiQL, Apollo, graphql-codegen) nests 14 levels deep
  through `ofType`, beyond the graph's depth limit, and must answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)

from graph_service.graphql.inputs import MAX_PAGE

#: typical maximum number of items of each list of objects, per parent (a test checks that
#: every list-of-objects field of the schema is listed, so none is silently guessed)
FANOUTS: dict[str, int] = {
    "Query.jurisdictions": 50,
    "Query.nodes": 20,
    "Query.figures": 15,
    "Jurisdiction.figures": 15,
    "Body.sources": 3,
    "Body.citations": 3,
    "Body.functions": 5,
    "Body.nameplates": 3,
    "Body.sections": 15,
    "Body.managedBodies": 5,
    "Body.jointOffices": 3,
    "Body.lead": 3,
    "Body.members": 30,
    "Body.history": 10,
    "Body.duties": 30,
    "Changes.entries": 50,
    "Changes.byType": 8,
    "Changes.formed": 50,
    "Changes.ended": 50,
    "Changes.dutiesMoved": 100,
    "CorrespondenceReport.lower": 15,
    "LowerReport.functions": 40,
    "LowerReport.localExtras": 10,
    "LowerReport.kindMismatches": 10,
    "FunctionCoverage.bodies": 3,
    "Counterparts.answers": 10,
    "CounterpartAnswer.matches": 3,
    "CounterpartAnswer.allowedBy": 2,
    "CounterpartMatch.documents": 2,
    "Duty.sources": 3,
    "Duty.citations": 3,
    "Figure.sources": 2,
    "Figure.citations": 2,
    "DutyHit.holders": 2,
    "DutyTrail.holdings": 5,
    "DutyTrail.moves": 5,
    "Holding.sources": 3,
    "Holding.citations": 3,
    "Jurisdiction.sources": 2,
    "Jurisdiction.citations": 2,
    "Jurisdiction.ancestors": 3,
    "Jurisdiction.descendants": 15,  # per level: × depth
    "Lineage.steps": 6,  # per step of the lineage's depth: with duty transfers one event reaches up to 6 bodies
    "BodyConnection.edges": 1,  # per item of the connection's `first`
    "Nameplate.sources": 2,
    "Nameplate.citations": 2,
    "OrgChart.groups": 10,
    "OrgChart.commissions": 15,
    "OrgChart.uncertain": 10,
    "OrgChart.tree": 150,
    "OrgChartGroup.bodies": 10,
    "ReformEvent.sources": 2,
    "ReformEvent.citations": 2,
    "ReformEvent.original": 5,
    "ReformEvent.dutiesFrom": 5,
    "ReformEvent.resulting": 5,
    "ReformEvent.duties": 20,
    "ServerInfo.sources": 2,
    "ChangeFeed.entries": 1,
    "TextImportResult.unresolved": 10,
    "TextImportResult.leftForCurator": 10,
}

#: work a field does of its own, beyond the objects it returns: a query of its own, or a
#: traversal (root fields, the paging count, the hierarchies, the audit history)
WEIGHTS: dict[str, int] = {
    "Query.serverInfo": 1,
    "Query.jurisdiction": 1,
    "Query.jurisdictions": 2,
    "Query.body": 1,
    "Query.node": 1,
    "Query.nodes": 2,
    "Query.figures": 2,
    "Query.bodies": 5,
    "Query.counterparts": 30,
    "Query.dutyTrail": 5,
    "Query.duties": 10,
    "Query.lineage": 10,
    "Query.orgChart": 20,
    "Query.search": 10,
    "Query.changes": 20,
    "Query.correspondenceReport": 200,
    "Query.auditLog": 5,
    "Query.changeFeed": 2,
    "Query.parseText": 20,
    "Subscription.changeApplied": 5,
    "Mutation.recordReformEvent": 100,
    "Mutation.retractReformEvent": 50,
    "Mutation.importText": 150,
    "BodyConnection.totalCount": 5,
    "Body.history": 2,
    "Jurisdiction.descendants": 2,
    "Jurisdiction.orgChart": 20,
}

#: the root fields of introspection, measured apart from the graph
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})

#: list fields under a field sized by an argument (`first` of a connection, `depth` of a
#: lineage): their FANOUTS entry is per unit of that argument
_SCALED_BY_PARENT = {"BodyConnection.edges", "Lineage.steps", "ChangeFeed.entries"}
#: list fields sized by their own `depth`: FANOUTS is per level
_PER_DEPTH = {"Jurisdiction.descendants"}


@dataclass(frozen=True)
class Shape:
    """What a document asks for: its deepest nesting (a root field is at depth 0), its aliases
    counted at every place a fragment is spread, and its cost."""

    depth: int
    aliases: int
    cost: int
    #: the most times one response name appears in one selection set: graphql-core's
    #: overlapping-fields check compares those pairwise, in the square of their number
    repeats: int = 0
    #: introspection root fields (`__schema`, `__type`), at every place a fragment is spread
    introspection: int = 0


class FragmentCycleError(Exception):
    """A fragment spreads itself (directly or not); validation names it precisely."""


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None = None,
) -> Shape:
    """Depth, aliases and cost of one operation, in time linear in the document's size."""
    return _Measurer(schema, document, variables or {}).operation(operation)


class _Measurer:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        # a fragment's figures depend only on the argument sizing its parent (`scale`)
        self.memo: dict[tuple[str, int], Shape] = {}
        self.in_progress: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        root = self.schema.get_root_type(operation.operation)
        return self.selection(operation.selection_set, root, 1)

    def selection(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None, scale: int) -> Shape:
        depth = aliases = cost = repeats = introspection = 0
        if selection_set is None:
            return Shape(0, 0, 0)
        names: Counter[str] = Counter()
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                part = self.field(node, parent, scale)
                names[(node.alias or node.name).value] += 1
            elif isinstance(node, InlineFragmentNode):
                condition = self._type(node.type_condition.name.value) if node.type_condition else parent
                part = self.selection(node.selection_set, condition, scale)
            elif isinstance(node, FragmentSpreadNode):
                part = self.fragment(node.name.value, scale)
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            depth = max(depth, part.depth)
            aliases += part.aliases
            cost += part.cost
            repeats = max(repeats, part.repeats)
            introspection += part.introspection
        return Shape(depth, aliases, cost, max(repeats, max(names.values(), default=0)), introspection)

    def fragment(self, name: str, scale: int) -> Shape:
        if (name, scale) in self.memo:
            return self.memo[(name, scale)]
        definition = self.fragments.get(name)
        if definition is None:
            return Shape(0, 0, 0)  # unknown fragment: validation reports it
        if name in self.in_progress:
            raise FragmentCycleError(name)
        self.in_progress.add(name)
        shape = self.selection(definition.selection_set, self._type(definition.type_condition.name.value), scale)
        self.in_progress.discard(name)
        self.memo[(name, scale)] = shape
        return shape

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, scale: int) -> Shape:
        if node.name.value in INTROSPECTION_FIELDS:  # valid only on the query root: validation refuses it elsewhere
            return Shape(depth=0, aliases=1 if node.alias else 0, cost=0, introspection=1)
        definition = self._field(parent, node.name.value)
        if definition is None:  # unknown: validation reports it; measured as a plain object
            inner = self.selection(node.selection_set, None, 1)
            return self._shape(node, inner, weight=0, fanout=1)
        key = f"{parent.name}.{node.name.value}" if parent is not None else ""
        is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
        sizing = next((name for name in ("first", "depth") if name in definition.args), None)
        size = self._int_argument(node, definition, sizing) if sizing else 1
        if is_list:
            if sizing == "first":
                fanout = size
            elif key in _PER_DEPTH:
                fanout = FANOUTS.get(key, 10) * size
            elif key in _SCALED_BY_PARENT:
                fanout = FANOUTS.get(key, 10) * scale
            else:
                fanout = FANOUTS.get(key, 10)
            child_scale = 1
        else:
            fanout, child_scale = 1, size
        inner = self.selection(node.selection_set, get_named_type(definition.type), child_scale)
        return self._shape(node, inner, weight=WEIGHTS.get(key, 0), fanout=fanout)

    @staticmethod
    def _shape(node: FieldNode, inner: Shape, *, weight: int, fanout: int) -> Shape:
        has_selection = node.selection_set is not None
        return Shape(
            depth=inner.depth + 1 if has_selection else 0,
            aliases=inner.aliases + (1 if node.alias else 0),
            cost=weight + fanout * ((1 if has_selection else 0) + inner.cost),
            repeats=inner.repeats,
        )

    def _int_argument(self, node: FieldNode, definition: GraphQLField, name: str) -> int:
        """The argument's value as asked (a literal or a variable), else its default; a value
        that is not an int counts as 1 here, and validation or coercion refuses it."""
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return _positive(int(value.value))
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                return _positive(given) if isinstance(given, int) and not isinstance(given, bool) else 1
            return 1
        default = definition.args[name].default_value
        return _positive(default) if isinstance(default, int) else 1

    def _type(self, name: str) -> GraphQLNamedType | None:
        return self.schema.get_type(name)

    @staticmethod
    def _field(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
        if isinstance(parent, GraphQLObjectType):
            field: GraphQLField | None = parent.fields.get(name)
            return field
        return None


def _positive(value: int) -> int:
    # `first` and `depth` outside their ranges are refused by their fields with a message of
    # their own; the estimate clamps them to the largest value a field accepts
    return max(1, min(value, MAX_PAGE))
