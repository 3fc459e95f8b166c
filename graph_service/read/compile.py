"""Composing one Cypher statement per root field from the client's selection.

A root field's statement (`cypher/read/roots/<field>.cypher`) has named slots, `{proj_NAME}`,
for the projections of the parts of its selection; each projection is a Cypher map whose keys
are the client's response keys and whose values are already in their GraphQL form (enum
names, ISO dates), built from the fragments of `cypher/read/types/`. So the answer Neo4j
returns is the answer the client gets, and nothing is fetched that was not asked for.

User values are always parameters: the root field's own (`$id`, `$asOf` ...) and the arguments
of nested fields (`$a0`, `$a1` ... in the order they occur). The composed text depends only on
the selection's shape, so it is kept by that signature (and Neo4j's plan cache, which is keyed
by text, is hit as well).
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graph_service.read.fragments import FRESH, PLACEHOLDER, FragmentError, Fragments, get_fragments
from graph_service.read.selection import TYPENAME, SelectedField, Selection

CACHED_STATEMENTS = 1024
#: context names that belong to one type's fragments and are not passed down to a related type
_LOCAL = frozenset({"n", "sub", *FRESH})


@dataclass(frozen=True)
class Projection:
    """A part of a root field's selection and the context it is read in: `n` names the node
    (or relationship) variable of the root statement; `asof` the date it answers for.

    A part may be asked for several times with different selections (the same field under
    several aliases): each distinct selection is a variant, and the slot then holds a map
    from `variant_key(i)` to each one's projection."""

    selections: tuple[Selection, ...]
    context: Mapping[str, str]

    @classmethod
    def of(cls, selections: Selection | list[Selection], **context: str) -> Projection:
        found = [selections] if isinstance(selections, Selection) else selections
        unique = tuple({s.signature: s for s in found}.values()) or (Selection("", (), "empty"),)
        return cls(unique, context)

    def key(self, selection: Selection) -> str | None:
        """Where a selection's projection is in the slot's value: None when the slot is the
        projection itself (one variant), else the variant's key."""
        if len(self.selections) == 1:
            return None
        return variant_key([s.signature for s in self.selections].index(selection.signature))


def variant_key(index: int) -> str:
    return f"v{index}"


@dataclass(frozen=True)
class Statement:
    text: str
    params: dict[str, Any]


Checks = Mapping[tuple[str, str], Callable[[Mapping[str, Any]], object]]


class _Builder:
    def __init__(self, fragments: Fragments, checks: Checks) -> None:
        self.fragments = fragments
        self.checks = checks
        self.counter = 0
        self.arguments: list[Any] = []

    def check(self, type_name: str, field: SelectedField) -> None:
        """A nested field's arguments, checked as its resolver would (e.g. a depth's range)."""
        check = self.checks.get((type_name, field.name))
        if check is not None:
            check(field.arguments)

    def fresh(self, base: str) -> str:
        self.counter += 1
        return f"{base}{self.counter}"

    def argument(self, value: Any) -> str:
        self.arguments.append(value.value if isinstance(value, enum.Enum) else value)
        return f"$a{len(self.arguments) - 1}"

    def render(self, template: str, context: Mapping[str, str]) -> str:
        def fill(match: Any) -> str:
            name, variable = match.group(1), match.group(2)
            if variable is not None:
                rule = self.fragments.rules.get(name)
                if rule is None:
                    raise FragmentError(f"unknown rule {name!r} in {template[:60]!r}")
                # a fragment's own variable ({m} ...) by its name here, else a variable of the root statement
                return self.render(rule, {**context, "v": context.get(variable, variable)})
            try:
                return context[name]
            except KeyError:
                raise FragmentError(f"placeholder {{{name}}} has no value in {template[:80]!r}") from None

        return str(PLACEHOLDER.sub(fill, template))

    def project(self, selection: Selection, context: Mapping[str, str]) -> str:
        entries = []
        for field in selection.fields:
            if field.name == TYPENAME:
                entries.append(f"`{field.key}`: '{selection.type_name}'")
                continue
            fragment = self.fragments.field(selection.type_name, field.name)
            local = dict(context)
            for base in FRESH:
                if "{" + base + "}" in fragment.expression or f"({base})" in fragment.expression:
                    local[base] = self.fresh(base)
            self.check(selection.type_name, field)
            for name, value in field.arguments.items():
                local[f"arg_{name}"] = self.argument(value)
            if fragment.target is not None:
                if field.selection is None:
                    raise FragmentError(f"{selection.type_name}.{field.name} leads to an object but has no selection")
                child = {key: value for key, value in context.items() if key not in _LOCAL}
                child.update({key: self.render(template, local) for key, template in fragment.target.context})
                local["sub"] = self.project(field.selection, child)
            entries.append(f"`{field.key}`: {self.render(fragment.expression, local)}")
        return "{" + ", ".join(entries) + "}"


class Compiler:
    """Composes (and keeps) statements; one per process, shared by requests."""

    def __init__(self, fragments: Fragments | None = None, checks: Checks | None = None) -> None:
        self.fragments = fragments or get_fragments()
        self.checks: Checks = checks or {}
        self._texts: OrderedDict[tuple[Any, ...], tuple[str, int]] = OrderedDict()

    def statement(
        self,
        root: str,
        projections: Mapping[str, Projection],
        params: Mapping[str, Any],
        context: Mapping[str, str] | None = None,
    ) -> Statement:
        """The statement of root field `root`, its slots filled with the projections;
        `context` fills the placeholders of the root template itself (e.g. `asof` for its rules)."""
        base = {"today": "$today", **(context or {})}
        key = (
            root,
            tuple(sorted(base.items())),
            tuple(
                (name, tuple(s.signature for s in p.selections), tuple(sorted(p.context.items())))
                for name, p in projections.items()
            ),
        )
        builder = _Builder(self.fragments, self.checks)
        cached = self._texts.get(key)
        if cached is None:
            template = self.fragments.roots.get(root)
            if template is None:
                raise FragmentError(f"no statement for root field {root!r} (cypher/read/roots/)")
            slots = {f"proj_{name}": self._slot(builder, p, base) for name, p in projections.items()}
            text = builder.render(_without_comments(template), {**base, **slots})
            self._texts[key] = (text, len(builder.arguments))
            while len(self._texts) > CACHED_STATEMENTS:
                self._texts.popitem(last=False)
        else:
            text = cached[0]
            self._texts.move_to_end(key)
            for projection in projections.values():
                for selection in projection.selections:
                    _collect_arguments(selection, self.fragments, builder)
        values = {f"a{i}": value for i, value in enumerate(builder.arguments)}
        return Statement(text, {**params, **values})

    @staticmethod
    def _slot(builder: _Builder, projection: Projection, base: Mapping[str, str]) -> str:
        context = {**base, **projection.context}
        rendered = [builder.project(selection, context) for selection in projection.selections]
        if len(rendered) == 1:
            return rendered[0]
        return "{" + ", ".join(f"{variant_key(i)}: {text}" for i, text in enumerate(rendered)) + "}"


def _collect_arguments(selection: Selection, fragments: Fragments, builder: _Builder) -> None:
    """The nested fields' arguments, in the order `_Builder.project` numbers them."""
    for field in selection.fields:
        if field.name == TYPENAME:
            continue
        builder.check(selection.type_name, field)
        for value in field.arguments.values():
            builder.argument(value)
        if field.selection is not None and fragments.field(selection.type_name, field.name).target is not None:
            _collect_arguments(field.selection, fragments, builder)


def _without_comments(template: str) -> str:
    return "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("//"))
