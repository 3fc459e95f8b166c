"""The audit trail of edits made through the API (Body.history, auditLog, the mutations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from graph_service.db.values import to_python


@strawberry.type(description="An entry of the audit trail: who did what, when, under which document.")
class AuditEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    action: str = strawberry.field(description="record or retract.")
    event_id: strawberry.ID = strawberry.field(description="The event recorded or retracted.")
    actor: str = strawberry.field(description="The API key's owner (or anonymous).")
    role: str = strawberry.field(description="The key's role.")
    at: dt.datetime = strawberry.field(description="When (UTC).")
    document: str | None = strawberry.field(description="The document the event is based on.")
    summary: str = strawberry.field(description="What changed, in a line.")
    body_ids: list[strawberry.ID] = strawberry.field(description="The bodies the edit wrote.")
    retracted_by: strawberry.ID | None = strawberry.field(description="For a recorded event: its retraction, if any.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditEntry:
        """An entry as a write returns it (the reads project entries in Cypher)."""
        row = to_python(row)
        return cls(
            id=strawberry.ID(row["id"]),
            action=row["action"],
            event_id=strawberry.ID(row["eventId"]),
            actor=row["actor"],
            role=row["role"],
            at=row["at"],
            document=row.get("document"),
            summary=row["summary"],
            body_ids=[strawberry.ID(b) for b in row.get("bodyIds") or []],
            retracted_by=strawberry.ID(row["retractedBy"]) if row.get("retractedBy") else None,
        )
