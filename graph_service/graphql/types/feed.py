"""The change feed's types (changeFeed, the changeApplied subscription): docs/change-feed.md."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import strawberry

from graph_service.feed import cursor


@strawberry.enum(description="What a change of the feed did.")
class FeedEntryKind(enum.Enum):
    RECORD = strawberry.enum_value("record", description="A reform event recorded through the API.")
    RETRACT = strawberry.enum_value("retract", description="A recorded event retracted: its writes undone.")
    SEED_LOAD = strawberry.enum_value("seed_load", description="A seed load that changed the graph.")


@strawberry.type(description="One write of the change feed, in commit order.")
class FeedEntry:
    cursor: str = strawberry.field(description="This change's position: give it as `since` to read what follows.")
    kind: FeedEntryKind = strawberry.field(description="A record, a retraction or a seed load.")
    id: strawberry.ID = strawberry.field(description="The audit entry's id (for a seed load: seed-load-N).")
    at: dt.datetime = strawberry.field(description="When it was committed (UTC).")
    actor: str = strawberry.field(description="The API key's owner, anonymous, or `seed loader`.")
    role: str = strawberry.field(description="The key's role (`loader` for a seed load).")
    document: str | None = strawberry.field(description="The document the event is based on.")
    event_id: strawberry.ID | None = strawberry.field(description="The event recorded or retracted.")
    body_ids: list[strawberry.ID] = strawberry.field(
        description="The bodies the edit wrote or touched (empty for a seed load: see its counts)."
    )
    summary: str = strawberry.field(description="What changed, in a line.")
    retracted_by: strawberry.ID | None = strawberry.field(
        description="For a recorded event: its retraction's audit id, if it has been retracted since."
    )
    created: int | None = strawberry.field(description="For a seed load: nodes and relationships created.")
    updated: int | None = strawberry.field(description="For a seed load: nodes and relationships updated.")
    removed: int | None = strawberry.field(description="For a seed load: nodes and relationships removed.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> FeedEntry:
        """An entry as cypher/feed/changes_after.cypher returns it."""
        return cls(
            cursor=cursor.encode(row["seq"]),
            kind=FeedEntryKind(row["action"]),
            id=strawberry.ID(row["id"]),
            at=row["at"],
            actor=row["actor"],
            role=row["role"],
            document=row.get("document"),
            event_id=strawberry.ID(row["eventId"]) if row.get("eventId") else None,
            body_ids=[strawberry.ID(b) for b in row.get("bodyIds") or []],
            summary=row["summary"],
            retracted_by=strawberry.ID(row["retractedBy"]) if row.get("retractedBy") else None,
            created=row.get("created"),
            updated=row.get("updated"),
            removed=row.get("removed"),
        )


@strawberry.type(description="A page of the change feed.")
class ChangeFeed:
    entries: list[FeedEntry] = strawberry.field(description="The changes after `since`, oldest first.")
    end_cursor: str | None = strawberry.field(
        description="Give it as `since` for the next page, or later for what happened since: the last "
        "entry's cursor, or `since` itself when there is nothing new."
    )
    has_more: bool = strawberry.field(description="Whether more changes follow this page already.")
