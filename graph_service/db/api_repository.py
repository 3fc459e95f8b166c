"""The API's queries: each function is one round trip and returns plain rows (dicts).

Neo4j dates come back as native `datetime.date`; everything else as the driver gives it.
The GraphQL layer builds its types from these rows; the services classify and pair them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.db.values import to_python

Row = dict[str, Any]


async def _rows(db: Database, name: QueryName, **params: Any) -> list[Row]:
    return [to_python(record.data()) for record in await db.read(name, **params)]


async def _by_key(db: Database, name: QueryName, param: str, keys: Sequence[str], column: str) -> dict[str, Row | None]:
    rows = await _rows(db, name, **{param: list(keys)})
    key_column = "code" if param == "codes" else "id"
    return {row[key_column]: row[column] for row in rows}


async def bodies_by_ids(db: Database, ids: Sequence[str], as_of: dt.date) -> dict[str, Row | None]:
    rows = await _rows(db, QueryName.BODIES_BY_IDS, ids=list(ids), asOf=as_of)
    return {row["id"]: row["body"] for row in rows}


async def documents_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Row | None]:
    return await _by_key(db, QueryName.DOCUMENTS_BY_IDS, "ids", ids, "document")


async def jurisdictions_by_codes(db: Database, codes: Sequence[str]) -> dict[str, Row | None]:
    return await _by_key(db, QueryName.JURISDICTIONS_BY_CODES, "codes", codes, "jurisdiction")


async def duties_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Row | None]:
    return await _by_key(db, QueryName.DUTIES_BY_IDS, "ids", ids, "duty")


async def events_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Row | None]:
    return await _by_key(db, QueryName.EVENTS_BY_IDS, "ids", ids, "event")


async def jurisdiction_codes(db: Database, *, level: str | None, parent: str | None) -> list[str]:
    return [row["code"] for row in await _rows(db, QueryName.JURISDICTIONS_LIST, level=level, parent=parent)]


async def ancestors(db: Database, codes: Sequence[str]) -> dict[str, list[str]]:
    rows = await _rows(db, QueryName.JURISDICTION_ANCESTORS, codes=list(codes))
    return {row["code"]: row["ancestors"] for row in rows}


DescendantsKey = tuple[str, int, str | None]  # (code, depth, level)


async def descendants(db: Database, keys: Sequence[DescendantsKey]) -> dict[DescendantsKey, list[str]]:
    rows = await _rows(
        db,
        QueryName.JURISDICTION_DESCENDANTS,
        rows=[{"code": code, "depth": depth, "level": level} for code, depth, level in keys],
    )
    return {(row["code"], row["depth"], row["level"]): row["descendants"] for row in rows}


async def bodies_page(
    db: Database, *, filters: Row, as_of: dt.date, after: tuple[str, str] | None, limit: int
) -> list[Row]:
    after_name, after_id = after if after else (None, None)
    return await _rows(
        db, QueryName.BODIES_PAGE, **filters, asOf=as_of, afterName=after_name, afterId=after_id, limit=limit
    )


async def bodies_count(db: Database, *, filters: Row, as_of: dt.date) -> int:
    rows = await _rows(db, QueryName.BODIES_COUNT, **filters, asOf=as_of)
    return int(rows[0]["total"])


async def counterpart_candidates(
    db: Database, *, body_id: str, jurisdiction: str | None, direction: str, as_of: dt.date
) -> list[Row]:
    return await _rows(
        db, QueryName.COUNTERPARTS, bodyId=body_id, jurisdiction=jurisdiction, direction=direction, asOf=as_of
    )


async def duty_trail(db: Database, duty_id: str) -> Row | None:
    rows = await _rows(db, QueryName.DUTY_TRAIL, dutyId=duty_id)
    return rows[0] if rows else None


async def duties_search(db: Database, *, text: str | None, holder: str | None, as_of: dt.date, limit: int) -> list[Row]:
    return await _rows(db, QueryName.DUTIES_SEARCH, text=text, holder=holder, asOf=as_of, limit=limit)


async def lineage_paths(db: Database, *, body_id: str, direction: str, depth: int) -> list[Row]:
    return await _rows(db, QueryName.LINEAGE, bodyId=body_id, direction=direction, depth=depth)


async def org_chart(db: Database, *, jurisdiction: str, as_of: dt.date) -> Row | None:
    rows = await _rows(db, QueryName.ORG_CHART, jurisdiction=jurisdiction, asOf=as_of)
    return rows[0] if rows else None


async def search(db: Database, *, query: str, kinds: list[str] | None, as_of: dt.date, limit: int) -> list[Row]:
    return await _rows(db, QueryName.SEARCH, query=query, kinds=kinds, asOf=as_of, limit=limit)


async def changes(db: Database, *, jurisdiction: str, start: dt.date, end: dt.date) -> list[Row]:
    return await _rows(db, QueryName.CHANGES, jurisdiction=jurisdiction, **{"from": start, "to": end})


async def correspondence_inputs(db: Database, *, parent: str, as_of: dt.date) -> Row | None:
    rows = await _rows(db, QueryName.CORRESPONDENCE_INPUTS, parent=parent, asOf=as_of)
    return rows[0] if rows else None


async def audit_log(db: Database, *, body_id: str | None, event_id: str | None, limit: int) -> list[Row]:
    rows = await _rows(db, QueryName.AUDIT_LOG, bodyId=body_id, eventId=event_id, limit=limit)
    return [row["entry"] for row in rows]


async def audit_by_bodies(db: Database, ids: Sequence[str]) -> dict[str, list[Row]]:
    rows = await _rows(db, QueryName.AUDIT_BY_BODIES, ids=list(ids))
    return {row["id"]: row["entries"] for row in rows}
