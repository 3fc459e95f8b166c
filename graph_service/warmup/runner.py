"""Running the warm-up operations (queries.graphql) through the schema, in process."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph_service.auth import ANONYMOUS
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.graphql.context import Context
from graph_service.graphql.schema import OrgGraphSchema

log = logging.getLogger(__name__)

WARMUP_DOCUMENT = Path(__file__).with_name("queries.graphql")
_OPERATION = re.compile(r"^query (\w+)", re.MULTILINE)


def operation_names(document: str) -> list[str]:
    return _OPERATION.findall(document)


@dataclass
class WarmUp:
    """Whether the service has warmed Neo4j up since it started (readiness waits for it)."""

    done: bool = False
    operations: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


async def warm_up(schema: OrgGraphSchema, db: Database, settings: Settings, state: WarmUp) -> None:
    """Run every warm-up operation once, one after another (they are there to be planned, not
    to compete with users). Failures are logged and counted, never raised."""
    document = WARMUP_DOCUMENT.read_text(encoding="utf-8")
    started = time.monotonic()
    failed = []
    for name in operation_names(document):
        context = Context.for_request(db, settings, schema.compiler, ANONYMOUS)
        result = await schema.execute(document, context_value=context, operation_name=name)
        codes = {str((error.extensions or {}).get("code")) for error in result.errors or []}
        if codes - {"NOT_FOUND"}:
            failed.append(name)
            log.info("warm-up %s answered %s", name, ", ".join(sorted(codes)))
    state.operations = len(operation_names(document))
    state.failed = failed
    state.seconds = time.monotonic() - started
    state.done = True
    log.info("warmed Neo4j up in %.1f s (%d questions, %d failed)", state.seconds, state.operations, len(failed))
