"""Which type an id belongs to (`Query.node`, `Query.nodes`), told by its pattern: the ids are
readable and distinct by construction (seed/README.md, Ids), so no opaque global id is needed."""

from __future__ import annotations

import re

JURISDICTION_CODE = re.compile(r"\d{6,12}")
BY_PREFIX = (("duty.", "Duty"), ("event.", "ReformEvent"), ("doc.", "Document"), ("figure.", "Figure"))
#: the field of the statement's item each type's id goes in (cypher/read/roots/nodes.cypher)
ITEM_FIELD = {
    "Body": "body",
    "Jurisdiction": "jurisdiction",
    "Duty": "duty",
    "ReformEvent": "event",
    "Document": "document",
    "Figure": "figure",
}  # noqa: E501


def node_type(id_: str) -> str:
    """The type an id names; anything else is taken for a body's (and is not found if it is not)."""
    if JURISDICTION_CODE.fullmatch(id_):
        return "Jurisdiction"
    for prefix, type_name in BY_PREFIX:
        if id_.startswith(prefix):
            return type_name
    return "Body"
