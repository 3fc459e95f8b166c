"""Queries behind the article's figures: recorded numbers and the graph's own counts."""

from __future__ import annotations

import datetime as dt

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.domain.figures import FunctionCoverage, KindCount, LevelCount, RecordedFigure


async def recorded_figures(db: Database, *, jurisdiction: str) -> list[RecordedFigure]:
    records = await db.read(QueryName.RECORDED_FIGURES, jurisdiction=jurisdiction)
    return [RecordedFigure.model_validate({**r.data(), "as_of": r["asOf"]}) for r in records]


async def bodies_by_kind(db: Database, *, jurisdictions: list[str], as_of: dt.date) -> list[KindCount]:
    records = await db.read(QueryName.BODIES_BY_KIND, jurisdictions=jurisdictions, asOf=as_of)
    return [KindCount.model_validate(r.data()) for r in records]


async def child_jurisdictions(db: Database, *, parent: str) -> list[LevelCount]:
    records = await db.read(QueryName.CHILD_JURISDICTIONS, parent=parent)
    return [LevelCount.model_validate(r.data()) for r in records]


async def county_coverage(db: Database, *, jurisdiction: str, as_of: dt.date) -> list[FunctionCoverage]:
    records = await db.read(QueryName.COUNTY_COVERAGE, jurisdiction=jurisdiction, asOf=as_of)
    return [FunctionCoverage.model_validate({**r.data(), "function_name": r["functionName"]}) for r in records]
