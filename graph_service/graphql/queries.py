"""The root Query type: the questions analysts ask and the charts front ends draw.

Every root field is answered with a bounded number of database round trips: one query of
its own, plus at most one batched query per kind of related object (DataLoaders) and per
level of nesting the client asks for. Time-dependent fields take `asOf` (default: today).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated

import strawberry

from graph_service.db import api_repository as repo
from graph_service.db import server_repository
from graph_service.errors import NotFoundError
from graph_service.graphql.context import Info
from graph_service.graphql.correspondence_types import CorrespondenceReport
from graph_service.graphql.inputs import (
    MAX_PAGE,
    AsOf,
    BodyId,
    JurisdictionCode,
    OptionalJurisdiction,
    check_dates_in_order,
    check_range,
)
from graph_service.graphql.mutations import AuditEntry, audit_log
from graph_service.graphql.types import (
    MAX_HIERARCHY_DEPTH,
    Body,
    BodyConnection,
    BodyEdge,
    BodyKind,
    ChangeEntry,
    Changes,
    CounterpartAnswerType,
    Counterparts,
    Direction,
    DutyHit,
    DutyMove,
    DutyTrail,
    EventType,
    EventTypeCount,
    Holding,
    Jurisdiction,
    Level,
    Lineage,
    LineageDirection,
    LineageStep,
    OrgChart,
    OrgChartGroup,
    PageInfo,
    SearchHit,
    SearchHitKind,
    ServerInfo,
    load_bodies,
    load_body,
    load_duties,
    load_events,
    load_jurisdiction,
    load_jurisdictions,
)
from graph_service.services import cursors
from graph_service.services.correspondence import build_report
from graph_service.services.counterparts import classify
from graph_service.services.duty_trail import pair_moves
from graph_service.services.lineage import steps_from_paths
from graph_service.services.search_text import lucene_query, matched_text

AS_OF = "The date to answer for (YYYY-MM-DD); default: today."


def _kind_values(kinds: list[BodyKind] | None) -> list[str] | None:
    # enum_value members are typed as their definitions; at run time .value is the string
    return [str(kind.value) for kind in kinds] if kinds else None


def _as_of(info: Info, as_of: dt.date | None) -> dt.date:
    return as_of or info.context.today


async def _require_body(info: Info, body_id: str, as_of: dt.date) -> Body:
    body = await load_body(info, body_id, as_of)
    if body is None:
        raise NotFoundError(f"no body with id {body_id!r}")
    return body


async def _require_jurisdiction(info: Info, code: str) -> Jurisdiction:
    jurisdiction = await load_jurisdiction(info, code)
    if jurisdiction is None:
        raise NotFoundError(f"no jurisdiction with code {code!r}")
    return jurisdiction


@strawberry.type(description="Read access to the org-structure knowledge graph.")
class Query:
    @strawberry.field(description="The Neo4j server behind the API: read from the server on every call.")
    async def server_info(self, info: Info) -> ServerInfo:
        return ServerInfo.from_model(await server_repository.server_info(info.context.db))

    # --- jurisdictions ------------------------------------------------------------------

    @strawberry.field(
        description="A jurisdiction by its GB/T 2260 code, e.g. 620700 (张掖市). Unknown code: null and NOT_FOUND."
    )
    async def jurisdiction(self, info: Info, code: JurisdictionCode) -> Jurisdiction | None:
        return await _require_jurisdiction(info, str(code))

    @strawberry.field(description="Jurisdictions, optionally of one level and/or directly under one parent.")
    async def jurisdictions(
        self,
        info: Info,
        level: Annotated[Level | None, strawberry.argument(description="Only jurisdictions of this level.")] = None,
        parent: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only those directly under this code.")
        ] = None,
    ) -> list[Jurisdiction]:
        codes = await repo.jurisdiction_codes(
            info.context.db, level=level.value if level else None, parent=str(parent) if parent else None
        )
        return await load_jurisdictions(info, codes)

    # --- bodies -------------------------------------------------------------------------

    @strawberry.field(description="A body by id, e.g. 620700.natural_resources. Unknown id: null and NOT_FOUND.")
    async def body(self, info: Info, id: BodyId, as_of: AsOf = None) -> Body | None:
        return await _require_body(info, str(id), _as_of(info, as_of))

    @strawberry.field(
        description="Bodies that existed on `asOf`, filtered, in pages ordered by name then id. "
        "`first` is 1..100 (default 20); `after` is the `endCursor` of the previous page."
    )
    async def bodies(
        self,
        info: Info,
        jurisdiction: OptionalJurisdiction = None,
        kinds: Annotated[list[BodyKind] | None, strawberry.argument(description="Only bodies of these kinds.")] = None,
        function_code: Annotated[
            str | None, strawberry.argument(description="Only bodies covering this field, e.g. natural_resources.")
        ] = None,
        as_of: AsOf = None,
        first: Annotated[int, strawberry.argument(description="Page size, 1..100.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="The endCursor of the previous page.")] = None,
    ) -> BodyConnection:
        check_range("first", first, 1, MAX_PAGE)
        day = _as_of(info, as_of)
        filters = {
            "jurisdiction": str(jurisdiction) if jurisdiction else None,
            "kinds": _kind_values(kinds),
            "functionCode": function_code,
        }
        position = cursors.decode(after) if after else None
        rows = await repo.bodies_page(info.context.db, filters=filters, as_of=day, after=position, limit=first + 1)
        page = rows[:first]
        nodes = await load_bodies(info, [row["id"] for row in page], day)
        edges = [
            BodyEdge(cursor=cursors.encode(row["name"], row["id"]), node=node)
            for row, node in zip(page, nodes, strict=True)
        ]
        db = info.context.db
        return BodyConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None),
            count_query=lambda: repo.bodies_count(db, filters=filters, as_of=day),
        )

    # --- correspondence -----------------------------------------------------------------

    @strawberry.field(
        description="Which bodies at other levels correspond to a body on `asOf`: downward (each lower "
        "jurisdiction: one body, several, or none with the reason) and upward (the bodies above). "
        "Give `jurisdiction` to ask about one jurisdiction only. Each match says why and whether it "
        "is exact, merged or vertically managed."
    )
    async def counterparts(
        self,
        info: Info,
        body_id: BodyId,
        jurisdiction: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Look only in this jurisdiction (a code); omit to look up and/or down."),
        ] = None,
        direction: Annotated[
            Direction, strawberry.argument(description="UP, DOWN or BOTH (when no jurisdiction is given).")
        ] = Direction.BOTH,
        as_of: AsOf = None,
    ) -> Counterparts | None:
        day = _as_of(info, as_of)
        body = await _require_body(info, str(body_id), day)
        if jurisdiction is not None:
            await _require_jurisdiction(info, str(jurisdiction))
        rows = await repo.counterpart_candidates(
            info.context.db,
            body_id=str(body_id),
            jurisdiction=str(jurisdiction) if jurisdiction else None,
            direction=direction.value,
            as_of=day,
        )
        codes = [f.code for f in body.functions]
        answers = [CounterpartAnswerType.from_model(classify(codes, row), day) for row in rows]
        return Counterparts(body=body, as_of=day, answers=answers)

    # --- duties -------------------------------------------------------------------------

    @strawberry.field(
        description="Where a duty moved: its holders in order with dates, and for each move the reform "
        "event and its document."
    )
    async def duty_trail(
        self,
        info: Info,
        duty_id: Annotated[
            strawberry.ID, strawberry.argument(description="A duty's id, e.g. duty.620700.fire_design_review.")
        ],
    ) -> DutyTrail | None:
        row = await repo.duty_trail(info.context.db, str(duty_id))
        if row is None:
            raise NotFoundError(f"no duty with id {duty_id!r}")
        duties = await load_duties(info, [str(duty_id)])
        events = [event.row for event in await load_events(info, row["eventIds"])]
        holdings = row["holdings"]
        moves = []
        for move, following in zip(pair_moves(holdings, events), holdings[1:], strict=False):
            on = following.get("validFromLatest") or info.context.today
            moves.append(DutyMove(from_id=move.from_body, to_id=move.to_body, event_id=move.event_id, on=on))
        return DutyTrail(duty=duties[0], holdings=[Holding.from_row(h) for h in holdings], moves=moves)

    @strawberry.field(
        description="Find duties by text (a substring of the Chinese or English text) and/or by the body "
        "holding them on `asOf`. At most `first` (1..100, default 50)."
    )
    async def duties(
        self,
        info: Info,
        text: Annotated[
            str | None, strawberry.argument(description="A part of the duty's text (Chinese or English).")
        ] = None,
        holder: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only duties this body holds on asOf.")
        ] = None,
        as_of: AsOf = None,
        first: Annotated[int, strawberry.argument(description="At most this many, 1..100.")] = 50,
    ) -> list[DutyHit]:
        check_range("first", first, 1, MAX_PAGE)
        day = _as_of(info, as_of)
        rows = await repo.duties_search(
            info.context.db,
            text=text.strip() if text else None,
            holder=str(holder) if holder else None,
            as_of=day,
            limit=first,
        )
        duties = await load_duties(info, [row["id"] for row in rows])
        return [DutyHit(duty=d, holder_ids=row["holderIds"], as_of=day) for d, row in zip(duties, rows, strict=True)]

    # --- lineage ------------------------------------------------------------------------

    @strawberry.field(
        description="What a body came from (PREDECESSORS) or what became of it (SUCCESSORS), through reform "
        "events, up to `depth` steps (1..10, default 3), with dates and documents, in one traversal."
    )
    async def lineage(
        self,
        info: Info,
        body_id: BodyId,
        direction: Annotated[
            LineageDirection,
            strawberry.argument(description="PREDECESSORS (what it came from) or SUCCESSORS (what became of it)."),
        ] = (LineageDirection.PREDECESSORS),
        depth: Annotated[int, strawberry.argument(description="How many steps, 1..10.")] = 3,
    ) -> Lineage | None:
        check_range("depth", depth, 1, MAX_HIERARCHY_DEPTH)
        body = await _require_body(info, str(body_id), info.context.today)
        paths = await repo.lineage_paths(info.context.db, body_id=str(body_id), direction=direction.value, depth=depth)
        steps = steps_from_paths(str(body_id), paths)
        events = {e.row["id"]: e.row for e in await load_events(info, sorted({s.event_id for s in steps}))}
        result = []
        for step in steps:
            event = events.get(step.event_id, {})
            before, after = event.get("dateEarliest", info.context.today), event.get("dateLatest", info.context.today)
            # a predecessor is shown as it was before the event, a successor as it was after
            on_from, on_to = (after, before) if direction is LineageDirection.PREDECESSORS else (before, after)
            result.append(
                LineageStep(
                    depth=step.depth,
                    event_id=step.event_id,
                    from_id=step.from_body,
                    to_id=step.to_body,
                    on_from=on_from,
                    on_to=on_to,
                )
            )
        return Lineage(body=body, direction=direction, steps=result)

    # --- org chart ----------------------------------------------------------------------

    @strawberry.field(
        description="A jurisdiction's org chart on `asOf`: bodies grouped by kind, each with its sections, "
        "nameplates, joint offices and managed bodies; commissions with their offices, lead and member "
        "bodies. Stable ids. One request draws the whole chart."
    )
    async def org_chart(self, info: Info, jurisdiction: JurisdictionCode, as_of: AsOf = None) -> OrgChart | None:
        day = _as_of(info, as_of)
        row = await repo.org_chart(info.context.db, jurisdiction=str(jurisdiction), as_of=day)
        if row is None:
            raise NotFoundError(f"no jurisdiction with code {jurisdiction!r}")
        place = await _require_jurisdiction(info, str(jurisdiction))
        bodies = {b.id: b for b in await load_bodies(info, [item["id"] for item in row["bodies"]], day)}
        groups: dict[str, list[Body]] = {}
        for item in row["bodies"]:
            groups.setdefault(item["kind"], []).append(bodies[item["id"]])
        uncertain = await load_bodies(info, [item["id"] for item in row["uncertain"]], day)
        return OrgChart(
            jurisdiction=place,
            as_of=day,
            groups=[
                OrgChartGroup(kind=BodyKind(kind), count=len(members), bodies=members)
                for kind, members in groups.items()
            ],
            commissions=groups.get("commission", []),
            uncertain=uncertain,
        )

    # --- search -------------------------------------------------------------------------

    @strawberry.field(
        description="Chinese full-text search (CJK analyzer) over names, short names, aliases, former names, "
        "nameplates and duties, ranked by score, with the matched text. Bodies must exist on `asOf`; "
        "`kinds` narrows bodies (and the holders of duties). At most `first` (1..100, default 20)."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[
            str,
            strawberry.argument(description="What to look for, e.g. 消防 or 市监局 (searched as a literal phrase)."),
        ],
        as_of: AsOf = None,
        kinds: Annotated[
            list[BodyKind] | None, strawberry.argument(description="Only bodies of these kinds (and duties they hold).")
        ] = None,
        first: Annotated[int, strawberry.argument(description="At most this many hits, 1..100.")] = 20,
    ) -> list[SearchHit]:
        check_range("first", first, 1, MAX_PAGE)
        day = _as_of(info, as_of)
        rows = await repo.search(
            info.context.db,
            query=lucene_query(text),
            kinds=_kind_values(kinds),
            as_of=day,
            limit=first,
        )
        hits = []
        for row in rows:
            candidates = [name for name in row["names"] if name]
            hits.append(
                SearchHit(
                    kind=SearchHitKind(row["label"]),
                    score=row["score"],
                    matched_text=matched_text(text, candidates),
                    body_id=row["bodyId"],
                    duty_id=row["dutyId"],
                    as_of=day,
                )
            )
        return hits

    # --- changes ------------------------------------------------------------------------

    @strawberry.field(
        name="changes",
        description="What changed in a jurisdiction between two dates (inclusive): the reform events, with "
        "what was formed, merged, renamed and abolished and which duties moved.",
    )
    async def changes(
        self,
        info: Info,
        jurisdiction: JurisdictionCode,
        from_: Annotated[dt.date, strawberry.argument(name="from", description="The first day (YYYY-MM-DD).")],
        to: Annotated[dt.date | None, strawberry.argument(description="The last day; default: today.")] = None,
    ) -> Changes | None:
        end = _as_of(info, to)
        check_dates_in_order(from_, end)
        await _require_jurisdiction(info, str(jurisdiction))
        rows = await repo.changes(info.context.db, jurisdiction=str(jurisdiction), start=from_, end=end)
        events = await load_events(info, [row["id"] for row in rows])
        entries = [ChangeEntry(certain=row["certain"], event=event) for row, event in zip(rows, events, strict=True)]
        formed: list[str] = []
        ended: list[str] = []
        duties: list[str] = []
        for event in events:
            formed += event.row.get("resultingIds") or []
            ended += event.row.get("originalIds") or []
            duties += event.row.get("dutyIds") or []
        counts = Counter(event.type.value for event in events)
        return Changes(
            start=from_,
            end=end,
            entries=entries,
            by_type=[EventTypeCount(type=EventType(t), count=n) for t, n in sorted(counts.items())],
            row_ids={
                "formed": list(dict.fromkeys(formed)),
                "ended": list(dict.fromkeys(ended)),
                "duties": list(dict.fromkeys(duties)),
            },
        )

    # --- correspondence -----------------------------------------------------------------

    @strawberry.field(
        description="The correspondence check: for an upper jurisdiction (a city or a province) and those "
        "directly under it, on `asOf`, which body covers each field the lower level must have "
        "(matched, merged, vertical, missing, or allowed by a document), plus local extras and kind "
        "mismatches, with summary figures. The same report as `orggraph check-correspondence`."
    )
    async def correspondence_report(
        self, info: Info, parent: JurisdictionCode, as_of: AsOf = None
    ) -> CorrespondenceReport | None:
        day = _as_of(info, as_of)
        inputs = await repo.correspondence_inputs(info.context.db, parent=str(parent), as_of=day)
        if inputs is None:
            raise NotFoundError(f"no jurisdiction with code {parent!r}")
        return CorrespondenceReport.from_pydantic(build_report(inputs, day))

    # --- audit ----------------------------------------------------------------------------

    @strawberry.field(
        description="The audit trail of edits made through the API, newest first: who, when, what, which "
        "document; optionally about one body or one event. At most `first` (1..100, default 50)."
    )
    async def audit_log(
        self,
        info: Info,
        body_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only edits of this body.")] = None,
        event_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this event.")] = None,
        first: Annotated[int, strawberry.argument(description="At most this many, 1..100.")] = 50,
    ) -> list[AuditEntry]:
        check_range("first", first, 1, MAX_PAGE)
        return await audit_log(info, str(body_id) if body_id else None, str(event_id) if event_id else None, first)
