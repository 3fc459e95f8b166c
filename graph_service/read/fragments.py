"""The Cypher fragments the read compiler composes statements from (cypher/read/).

`cypher/read/types/<Type>.cypher` says how each field of a GraphQL type is read, one block per
field:

    // @field name
    {n}.name
    // @field sections -> Body(n={m})
    COLLECT { MATCH ({m}:Body)-[:PART_OF]->({n}) WHERE {certain(m)} RETURN {sub} ORDER BY {m}.name }

A block is a Cypher expression. `{word}` placeholders are filled by the compiler, never with
user input: the context of the type (`{n}` the node or relationship read, `{asof}` the date
the object answers for, `{today}`, and any other name the parent passes), fresh variables
(`{m}`, `{r}`, `{x}`, `{y}`, `{z}`: unique in the statement), `{arg_NAME}` for the field's arguments
(always parameters), `{sub}` for the projection of the selection under a field whose header
names a target type with its context (`-> Type(key=template, ...)`; the rest of the parent's
context (`asof`, `today`, ...) is inherited unless given), and `{RULE(var)}` for a rule of
`cypher/read/rules.cypher` applied to a variable. `types/Sourced.cypher` holds the fields
every type implementing the Sourced interface shares; `cypher/read/roots/<field>.cypher` are
whole statements of root fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph_service.paths import PROJECT_ROOT

READ_DIR = PROJECT_ROOT / "cypher" / "read"
FRESH = ("m", "r", "x", "y", "z")
PLACEHOLDER = re.compile(r"\{([a-z_][A-Za-z_]*)(?:\(([a-z_]+)\))?\}")  # {arg_asOf}: argument names are camelCase
_HEADER = re.compile(r"^// @field (\w+)(?:\s*->\s*(\w+)\((.*)\))?\s*$")
_RULE = re.compile(r"^// @rule (\w+)\s*$")


@dataclass(frozen=True)
class Target:
    """The type a field leads to, and the context it is read in (templates)."""

    type_name: str
    context: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldFragment:
    type_name: str
    field_name: str
    expression: str
    target: Target | None
    source: str  # file, for messages


class FragmentError(Exception):
    """cypher/read/ is malformed: the service refuses to start."""


def _blocks(path: Path, header: re.Pattern[str]) -> list[tuple[re.Match[str], str]]:
    blocks: list[tuple[re.Match[str], list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = header.match(line)
        if match:
            blocks.append((match, []))
        elif line.startswith("//") or not line.strip():
            continue
        elif not blocks:
            raise FragmentError(f"{path.name}: Cypher before the first block header: {line!r}")
        else:
            blocks[-1][1].append(line.rstrip())
    for match, lines in blocks:
        if not lines:
            raise FragmentError(f"{path.name}: block {match.group(1)!r} has no expression")
    return [(match, "\n".join(lines)) for match, lines in blocks]


def _target(spec: str | None, context: str | None, where: str) -> Target | None:
    if spec is None:
        return None
    assignments = tuple(_assignment(part, where) for part in _top_level_parts(context or ""))
    if not any(key == "n" for key, _ in assignments):
        raise FragmentError(f"{where}: a field leading to {spec} must say what it reads (n=...)")
    return Target(spec, assignments)


def _top_level_parts(text: str) -> list[str]:
    """`a=f(x, y), b=z` -> ["a=f(x, y)", "b=z"]: commas inside parentheses stay."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _assignment(part: str, where: str) -> tuple[str, str]:
    key, sep, value = part.partition("=")
    if not sep or not key.strip().isidentifier():
        raise FragmentError(f"{where}: {part!r} is not key=template")
    return key.strip(), value.strip()


@dataclass(frozen=True)
class Fragments:
    fields: dict[str, dict[str, FieldFragment]]  # type name -> field name -> fragment
    rules: dict[str, str]
    roots: dict[str, str]  # root field name -> statement template

    def field(self, type_name: str, field_name: str) -> FieldFragment:
        try:
            return self.fields[type_name][field_name]
        except KeyError:
            raise FragmentError(f"no fragment reads {type_name}.{field_name} (cypher/read/types/)") from None


def load_fragments(root: Path = READ_DIR) -> Fragments:
    rules = {m.group(1): text for m, text in _blocks(root / "rules.cypher", _RULE)}
    shared: dict[str, FieldFragment] = {}
    fields: dict[str, dict[str, FieldFragment]] = {}
    for path in sorted((root / "types").glob("*.cypher")):
        type_name = path.stem
        table: dict[str, FieldFragment] = {}
        for match, text in _blocks(path, _HEADER):
            name, spec, context = match.groups()
            where = f"{path.name}: {name}"
            table[name] = FieldFragment(type_name, name, text, _target(spec, context, where), path.name)
        if type_name == "Sourced":
            shared = table
        else:
            fields[type_name] = table
    for type_name, table in fields.items():
        if "Sourced" in _implements(root / "types" / f"{type_name}.cypher"):
            for name, fragment in shared.items():
                table.setdefault(
                    name, FieldFragment(type_name, name, fragment.expression, fragment.target, fragment.source)
                )
    roots = {path.stem: path.read_text(encoding="utf-8") for path in sorted((root / "roots").glob("*.cypher"))}
    return Fragments(fields=fields, rules=rules, roots=roots)


def _implements(path: Path) -> set[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("// implements:"):
            return {part.strip() for part in line.removeprefix("// implements:").split(",")}
    return set()


@cache
def get_fragments() -> Fragments:
    return load_fragments()
