"""Schema management: apply cypher/schema/ idempotently and report what is in place."""

from __future__ import annotations

from neo4j.exceptions import ClientError

from graph_service.db.cypher import QueryName, schema_statements
from graph_service.db.database import Database
from graph_service.domain.server import SchemaState


async def apply_schema(db: Database) -> list[str]:
    """Create every constraint and index that is missing. Returns the names it applied."""
    applied = []
    for statement in schema_statements():
        # every statement says IF NOT EXISTS, so re-running is harmless
        try:
            await db.run_schema(statement.text)
        except ClientError as exc:
            # replicas starting together: another one created it between the check and the create
            if exc.code not in _MADE_BY_ANOTHER:
                raise
        applied.append(statement.name)
    return applied


_MADE_BY_ANOTHER = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)


async def schema_state(db: Database) -> SchemaState:
    expected = frozenset(statement.name for statement in schema_statements())
    records = await db.read(QueryName.SCHEMA_OBJECTS)
    online = frozenset(record["name"] for record in records if record["state"] == "ONLINE")
    return SchemaState(expected=expected, online=online & expected)
