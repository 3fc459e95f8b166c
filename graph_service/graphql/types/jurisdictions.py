"""Jurisdictions: provinces, cities, counties and towns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph_service.graphql.context import Info
from graph_service.graphql.enums import Level
from graph_service.graphql.types.common import Node, Sourced

if TYPE_CHECKING:
    from graph_service.graphql.types.answers import OrgChart
    from graph_service.graphql.types.events import Figure

MAX_HIERARCHY_DEPTH = 10


@strawberry.type(description="A jurisdiction (province, city, county, town), identified by its GB/T 2260 code.")
class Jurisdiction(Sourced, Node):
    id: strawberry.ID = strawberry.field(description="Its code (a jurisdiction does not change with the date).")
    code: strawberry.ID = strawberry.field(description="GB/T 2260 code, e.g. 620700.")
    name: str = strawberry.field(description="Chinese name, e.g. 张掖市.")
    name_en: str | None = strawberry.field(description="English name.")
    level: Level = strawberry.field(description="Province, city, county or town.")
    parent: Jurisdiction | None = strawberry.field(description="The jurisdiction directly above, if any.")
    ancestors: list[Jurisdiction] = strawberry.field(
        description="Every jurisdiction above, nearest first (one batched query for all asked)."
    )

    @strawberry.field(
        description="Its org chart on `asOf` (default: today), as `Query.orgChart` gives it: ask it under "
        "`descendants` to get a city and its counties in one request."
    )
    def org_chart(
        self,
        info: Info,
        as_of: Annotated[
            dt.date | None, strawberry.argument(description="The date to chart (YYYY-MM-DD); default: today.")
        ] = None,
    ) -> Annotated[OrgChart, strawberry.lazy("graph_service.graphql.types.answers")]:
        projected: Mapping[str, Any] = self  # type: ignore[assignment]
        return projected[str(info.path.key)]  # type: ignore[no-any-return]

    @strawberry.field(
        description="The numbers sources give for it (optionally one metric), each next to the graph's own count "
        "on `asOf` (default: today) where the graph can count it."
    )
    def figures(
        self,
        info: Info,
        metric: Annotated[str | None, strawberry.argument(description="Only this metric.")] = None,
        as_of: Annotated[
            dt.date | None, strawberry.argument(description="The date to count on (YYYY-MM-DD); default: today.")
        ] = None,
    ) -> list[Annotated[Figure, strawberry.lazy("graph_service.graphql.types.events")]]:
        projected: Mapping[str, Any] = self  # type: ignore[assignment]
        return list(projected[str(info.path.key)])

    @strawberry.field(
        description="The jurisdictions below, down to `depth` levels (1 = children, at most 10), in one query."
    )
    def descendants(
        self,
        info: Info,
        depth: Annotated[int, strawberry.argument(description="How many levels down (1..10).")] = 1,
        level: Annotated[Level | None, strawberry.argument(description="Only jurisdictions of this level.")] = None,
    ) -> list[Jurisdiction]:
        # the statement of the root field projected it under the response key, with its arguments
        projected: Mapping[str, Any] = self  # type: ignore[assignment]
        return list(projected[str(info.path.key)])
