"""The change feed's reads: one indexed seek each (cypher/feed/)."""

from __future__ import annotations

from typing import Any

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.db.values import to_python

Row = dict[str, Any]


async def changes_after(db: Database, *, after: int, limit: int) -> list[Row]:
    """At most `limit` changes with a sequence number above `after`, in sequence order."""
    records = await db.read(QueryName.CHANGES_AFTER, after=after, limit=limit)
    return [to_python(dict(record["entry"])) for record in records]


async def latest_change(db: Database) -> int:
    """The sequence number of the latest committed change (0: none yet)."""
    records = await db.read(QueryName.LATEST_CHANGE)
    return int(records[0]["seq"])


async def graph_version(db: Database, *, in_background: bool = False) -> str:
    """The graph's version: the latest change's sequence number and commit time, as
    `seq@time` (`0@` for a graph without changes); it changes with every write the feed records.
    `in_background`: the process's periodic poll, not counted as any request's round trip."""
    read = db.read_in_background if in_background else db.read
    record = (await read(QueryName.GRAPH_VERSION))[0]
    return f"{int(record['seq'])}@{record['at'] or ''}"
