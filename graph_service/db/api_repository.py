"""The API's queries that stand apart from the composed reads (graph_service.read): the
paging count and the correspondence check's inputs. Each function is one round trip."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.db.values import to_python

Row = dict[str, Any]


async def bodies_count(db: Database, *, filters: Row, as_of: dt.date) -> int:
    # with a jurisdiction, the statement that seeks its index (an OR with null would scan every
    # body); with no filter at all, the count timeline the loader keeps
    if filters.get("jurisdiction"):
        query = QueryName.BODIES_COUNT_IN_JURISDICTION
    elif not any(value is not None for value in filters.values()):
        (timeline,) = await db.read(QueryName.BODIES_COUNT_ALL, asOf=as_of)
        if timeline["total"] is not None:
            return int(timeline["total"])
        query = QueryName.BODIES_COUNT  # no timeline, or a curated change is newer than it
    else:
        query = QueryName.BODIES_COUNT
    records = await db.read(query, **filters, asOf=as_of)
    return int(records[0]["total"])


async def correspondence_inputs(db: Database, *, parent: str, as_of: dt.date) -> Row | None:
    records = await db.read(QueryName.CORRESPONDENCE_INPUTS, parent=parent, asOf=as_of)
    # the row holds maps and lists, no nodes: dict(record) rather than record.data(), whose walk
    # through every value took a third of the client's time for a province's reports
    return to_python(dict(records[0])) if records else None


async def correspondence_parents_under(db: Database, *, roots: list[str]) -> dict[str, list[str]]:
    """For each known root, every jurisdiction at or under it with jurisdictions directly under it
    (an unknown root is left out)."""
    records = await db.read(QueryName.CORRESPONDENCE_PARENTS_UNDER, roots=roots)
    return {str(record["root"]): [str(code) for code in record["parents"]] for record in records}


async def known_jurisdiction_codes(db: Database, *, codes: list[str]) -> set[str]:
    """Those of `codes` that name a jurisdiction."""
    records = await db.read(QueryName.CORRESPONDENCE_KNOWN_CODES, codes=codes)
    return {str(record["code"]) for record in records}
