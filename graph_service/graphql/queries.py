"""The root Query type: the questions analysts ask and the charts front ends draw.

Each root field runs one Cypher statement, composed from the client's selection
(graph_service.read): it returns the answer already in its final form, which the resolver
hands back as it is (`completed`). Where Python decides part of the answer (which bodies
correspond and why, which event moved a duty, the steps of a lineage, what text matched a
search), the statement also returns what that decision needs, and `shape` puts the answer
together from both. `bodies` costs one more statement when `totalCount` is asked for.
Time-dependent fields take `asOf` (default: today).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine, Mapping
from typing import Annotated, Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON

from graph_service.db import api_repository as repo
from graph_service.db import feed_repository, server_repository
from graph_service.db.values import to_python
from graph_service.errors import NotFoundError
from graph_service.feed import cursor as change_cursor
from graph_service.graphql.context import Info
from graph_service.graphql.correspondence_types import CorrespondenceReport
from graph_service.graphql.enums import (
    BodyKind,
    Direction,
    Level,
    LineageDirection,
    LineageRelation,
    LineageScope,
    SearchHitKind,
)
from graph_service.graphql.inputs import (
    MAX_PAGE,
    AsOf,
    BodyId,
    JurisdictionCode,
    OptionalJurisdiction,
    body_reference,
    check_dates_in_order,
    check_range,
    stable_body_id,
)
from graph_service.graphql.reading import completed, projected, rows, selection_as, selection_of, shaped, under
from graph_service.graphql.text_parse import parse_text_field
from graph_service.graphql.types.answers import Counterparts, OrgChart, SearchHit, ServerInfo
from graph_service.graphql.types.audit import AuditEntry
from graph_service.graphql.types.bodies import Body, BodyConnection
from graph_service.graphql.types.common import Node
from graph_service.graphql.types.events import Changes, DutyHit, DutyTrail, Figure, Lineage
from graph_service.graphql.types.feed import ChangeFeed, FeedEntry
from graph_service.graphql.types.jurisdictions import MAX_HIERARCHY_DEPTH, Jurisdiction
from graph_service.read.compile import Projection
from graph_service.read.complete import Completed, PerSelection, shape
from graph_service.read.node_ids import ITEM_FIELD, node_type
from graph_service.read.rows import (
    AuditEntryRow,
    BodiesRow,
    BodyRow,
    Candidate,
    ChangesRow,
    CounterpartsRow,
    DutyHitRow,
    DutyTrailRow,
    FigureRow,
    JurisdictionRow,
    LineageRow,
    NodeRow,
    OrgChartRow,
    SearchRow,
    Target,
)
from graph_service.services import cursors
from graph_service.services.correspondence import build_report
from graph_service.services.counterparts import classify
from graph_service.services.duty_trail import pair_moves
from graph_service.services.lineage import step_summary, steps_from_paths
from graph_service.services.search_text import lucene_query, matched_text

AS_OF = "The date to answer for (YYYY-MM-DD); default: today."


def _kind_values(kinds: list[BodyKind] | None) -> list[str] | None:
    return [str(kind.value) for kind in kinds] if kinds else None


def _as_of(info: Info, as_of: dt.date | None) -> dt.date:
    return as_of or info.context.today


def _pick(value: Any, projection: Projection) -> PerSelection:
    """A slot's value, for `shape`: the variant of the selection under the field it fills."""
    return PerSelection(lambda selection: projected(value, projection, selection))


@strawberry.type(description="Read access to the org-structure knowledge graph.")
class Query:
    parse_text: JSON = strawberry.field(
        resolver=parse_text_field,
        description="Read an official text (a 三定, a plan paragraph, a news item of a body formed, a structure list, "
        "a transfer notice) without the graph, for any place: one event per change it states, the bodies, counts, "
        "dates, and what was not read, every element with the characters it came from. The JSON follows "
        "schemas/text-parse.schema.json (docs/import.md).",
    )

    @strawberry.field(description="The Neo4j server behind the API: read from the server on every call.")
    async def server_info(self, info: Info) -> ServerInfo:
        info.context.cacheable = False  # the server, not the graph: no graph version covers it
        return ServerInfo.from_model(await server_repository.server_info(info.context.db))

    # --- jurisdictions ------------------------------------------------------------------

    @strawberry.field(
        description="A jurisdiction by its GB/T 2260 code, e.g. 620700 (张掖市). Unknown code: null and NOT_FOUND."
    )
    async def jurisdiction(self, info: Info, code: JurisdictionCode) -> Jurisdiction | None:
        selection = selection_of(info)
        slot = Projection.of(selection, n="j")
        found = await rows(info, "jurisdiction", JurisdictionRow, {"jurisdiction": slot}, {"code": str(code)})
        if not found:
            raise NotFoundError(f"no jurisdiction with code {code!r}")
        return completed(selection, found[0]["jurisdiction"], Jurisdiction)

    @strawberry.field(description="Jurisdictions, optionally of one level and/or directly under one parent.")
    async def jurisdictions(
        self,
        info: Info,
        level: Annotated[Level | None, strawberry.argument(description="Only jurisdictions of this level.")] = None,
        parent: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only those directly under this code.")
        ] = None,
    ) -> list[Jurisdiction]:
        selection = selection_of(info)
        slot = Projection.of(selection, n="j")
        params = {"level": level.value if level else None, "parent": str(parent) if parent else None}
        found = await rows(info, "jurisdictions", JurisdictionRow, {"jurisdiction": slot}, params)
        return completed(selection, [row["jurisdiction"] for row in found], list[Jurisdiction])

    @strawberry.field(
        description="The numbers sources give for a jurisdiction (the article's 48, 40 + 7, 12 commissions ...), "
        "each with its value, date, document and passage, next to what the graph counts for the same metric on "
        "`asOf` and why the two differ."
    )
    async def figures(
        self,
        info: Info,
        jurisdiction: JurisdictionCode,
        metric: Annotated[
            str | None, strawberry.argument(description="Only this metric, e.g. required_bodies_after.")
        ] = None,
        as_of: AsOf = None,
    ) -> list[Figure]:
        selection = selection_of(info)
        slot = Projection.of(selection, n="f", asof="$asOf")
        params = {"jurisdiction": str(jurisdiction), "metric": metric, "asOf": _as_of(info, as_of)}
        found = await rows(info, "figures", FigureRow, {"figure": slot}, params)
        return completed(selection, [row["figure"] for row in found], list[Figure])

    # --- bodies -------------------------------------------------------------------------

    @strawberry.field(description="A body by id, e.g. 620700.natural_resources. Unknown id: null and NOT_FOUND.")
    async def body(self, info: Info, id: BodyId, as_of: AsOf = None) -> Body | None:
        selection = selection_of(info)
        slot = Projection.of(selection, n="b", asof="$asOf")
        stable, dated = body_reference(str(id))
        found = await rows(info, "body", BodyRow, {"body": slot}, {"id": stable, "asOf": _as_of(info, as_of or dated)})
        if not found:
            raise NotFoundError(f"no body with id {id!r}")
        return completed(selection, found[0]["body"], Body)

    @strawberry.field(
        description="An object by its id, whatever its type (a body, with or without its date; a jurisdiction "
        "code; a duty, event or document id): how a client cache refetches what it holds. Null if unknown."
    )
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Any `Node.id`.")]
    ) -> Node | None:
        (found,) = await _nodes(info, [str(id)])
        return cast(Node | None, found)

    @strawberry.field(
        description="Objects by their ids (at most 100), in the order asked, null for an unknown id: one statement."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Any `Node.id`s, at most 100.")],
    ) -> list[Node | None]:
        check_range("the number of ids", len(ids), 0, MAX_PAGE)
        return cast(list[Node | None], await _nodes(info, [str(i) for i in ids]))

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
        after_name, after_id = cursors.decode(after) if after else (None, None)
        selection = selection_of(info)
        node = Projection.of(under(selection, "edges", "node"), n="b", asof="$asOf")
        params = {**filters, "asOf": day, "afterName": after_name, "afterId": after_id, "limit": first + 1}
        root = "bodies_in_jurisdiction" if filters["jurisdiction"] else "bodies"  # an index seek, not a scan
        page_read = rows(info, root, BodiesRow, {"node": node}, params, context={"asof": "$asOf"})
        if selection.named("totalCount"):
            # The count is its own statement; sent alongside the page, it costs no extra wait.
            found, total = await _together(page_read, repo.bodies_count(info.context.db, filters=filters, as_of=day))
        else:
            found, total = await page_read, None
        page = found[:first]
        edges = [{"cursor": cursors.encode(row["name"], row["id"]), "node": _pick(row["node"], node)} for row in page]
        connection = {
            "edges": edges,
            "pageInfo": {"hasNextPage": len(found) > first, "endCursor": edges[-1]["cursor"] if edges else None},
            "totalCount": total,
        }
        return shaped(shape(selection, connection), BodyConnection)

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
        selection = selection_of(info)
        answers = under(selection, "answers")
        slots = {
            "body": Projection.of(under(selection, "body"), n="b", asof="$asOf"),
            "jurisdiction": Projection.of(under(selection, "answers", "jurisdiction"), n="t"),
            "candidate": Projection.of([s for a in answers for s in under(a, "matches", "body")], n="c", asof="$asOf"),
            "match_document": Projection.of([s for a in answers for s in under(a, "matches", "documents")], n="d"),
            "allowed_document": Projection.of(under(selection, "answers", "allowedBy"), n="d"),
        }
        params = {
            "bodyId": stable_body_id(str(body_id), "bodyId"),
            "jurisdiction": str(jurisdiction) if jurisdiction else None,
            "direction": direction.value,
            "asOf": day,
        }
        (row,) = await rows(info, "counterparts", CounterpartsRow, slots, params, context={"asof": "$asOf"})
        if not row["bodyFound"]:
            raise NotFoundError(f"no body with id {body_id!r}")
        if not row["jurisdictionFound"]:
            raise NotFoundError(f"no jurisdiction with code {jurisdiction!r}")
        required_at = {field["code"]: field["requiredAt"] for field in row["requiredAt"]}
        result = {
            "body": _pick(row["body"], slots["body"]),
            "asOf": day,
            "answers": [_counterpart_answer(row["functions"], target, slots, required_at) for target in row["targets"]],
        }
        return shaped(shape(selection, result), Counterparts)

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
        selection = selection_of(info)
        moves = under(selection, "moves")
        slots = {
            "duty": Projection.of(under(selection, "duty"), n="d"),
            "holding": Projection.of(under(selection, "holdings"), n="h", holder="b"),
            "from": Projection.of([s for m in moves for s in under(m, "from")], n="f", asof="on"),
            "to": Projection.of([s for m in moves for s in under(m, "to")], n="t", asof="on"),
            "event": Projection.of([s for m in moves for s in under(m, "event")], n="e"),
        }
        found = await rows(info, "duty_trail", DutyTrailRow, slots, {"dutyId": str(duty_id)})
        if not found:
            raise NotFoundError(f"no duty with id {duty_id!r}")
        (row,) = found
        holdings, trail_events = to_python(row["holdings"]), to_python(row["events"])  # dates, for the pairing
        events = {event["id"]: event for event in row["events"]}
        bodies = {move["index"]: move for move in row["moves"]}
        result = {
            "duty": _pick(row["duty"], slots["duty"]),
            "holdings": [_pick(holding["projection"], slots["holding"]) for holding in row["holdings"]],
            "moves": [
                {
                    "from": _pick(bodies[move.index]["from"], slots["from"]),
                    "to": _pick(bodies[move.index]["to"], slots["to"]),
                    "event": _pick(events[move.event_id]["projection"], slots["event"]) if move.event_id else None,
                }
                for move in pair_moves(holdings, trail_events)
            ],
        }
        return shaped(shape(selection, result), DutyTrail)

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
        selection = selection_of(info)
        slot = Projection.of(selection, n="d", asof="$asOf")
        params = {
            "text": text.strip() if text else None,
            "holder": stable_body_id(str(holder), "holder") if holder else None,
            "asOf": _as_of(info, as_of),
            "limit": first,
        }
        found = await rows(info, "duties", DutyHitRow, {"hit": slot}, params, context={"asof": "$asOf"})
        return completed(selection, [row["hit"] for row in found], list[DutyHit])

    # --- lineage ------------------------------------------------------------------------

    @strawberry.field(
        description="What a body came from (PREDECESSORS) or what became of it (SUCCESSORS), through reform "
        "events, up to `depth` steps (1..10, default 3), with dates and documents, in one traversal. Each step "
        "says how the two bodies are related (`relation`, `summary`); by default only succession is followed "
        "(`scope: WITH_DUTY_TRANSFERS` adds the bodies that only handed over duties)."
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
        scope: Annotated[
            LineageScope,
            strawberry.argument(
                description="SUCCESSION (bodies merged, split, renamed, replaced, re-formed) or "
                "WITH_DUTY_TRANSFERS (also bodies that only handed over some duties)."
            ),
        ] = LineageScope.SUCCESSION,
    ) -> Lineage | None:
        check_range("depth", depth, 1, MAX_HIERARCHY_DEPTH)
        selection = selection_of(info)
        steps = under(selection, "steps")
        slots = {
            "body": Projection.of(under(selection, "body"), n="b", asof="$today"),
            "event": Projection.of([s for step in steps for s in under(step, "event")], n="e"),
            "from": Projection.of([s for step in steps for s in under(step, "from")], n="f", asof="fromOn"),
            "to": Projection.of([s for step in steps for s in under(step, "to")], n="t", asof="toOn"),
        }
        params = {
            "bodyId": stable_body_id(str(body_id), "bodyId"),
            "direction": direction.value,
            "scope": scope.value,
            "depth": depth,
        }
        found = await rows(info, "lineage", LineageRow, slots, params)
        if not found:
            raise NotFoundError(f"no body with id {body_id!r}")
        (row,) = found
        projections = {(s["eventId"], s["fromId"], s["toId"]): s for s in row["steps"]}
        predecessors = direction is LineageDirection.PREDECESSORS
        result = {
            "body": _pick(row["body"], slots["body"]),
            "direction": direction,
            "scope": scope,
            "steps": [
                {
                    "depth": step.depth,
                    "event": _pick(projections[key]["event"], slots["event"]),
                    "from": _pick(projections[key]["from"], slots["from"]),
                    "to": _pick(projections[key]["to"], slots["to"]),
                    "relation": (relation := LineageRelation(projections[key]["relation"])),
                    "summary": step_summary(
                        relation,
                        predecessors=predecessors,
                        from_name=projections[key]["fromName"],
                        to_name=projections[key]["toName"],
                    ),
                }
                for step in steps_from_paths(stable_body_id(str(body_id)), row["paths"])
                if (key := (step.event_id, step.from_body, step.to_body)) in projections
            ],
        }
        return shaped(shape(selection, result), Lineage)

    # --- org chart ----------------------------------------------------------------------

    @strawberry.field(
        description="A jurisdiction's org chart on `asOf`: bodies grouped by kind, each with its sections, "
        "nameplates, joint offices and managed bodies; commissions with their offices, lead and member "
        "bodies. Stable ids. One request draws the whole chart."
    )
    async def org_chart(self, info: Info, jurisdiction: JurisdictionCode, as_of: AsOf = None) -> OrgChart | None:
        selection = selection_of(info)
        slot = Projection.of(selection, n="j", asof="$asOf")
        params = {"jurisdiction": str(jurisdiction), "asOf": _as_of(info, as_of)}
        found = await rows(info, "org_chart", OrgChartRow, {"chart": slot}, params)
        if not found:
            raise NotFoundError(f"no jurisdiction with code {jurisdiction!r}")
        return completed(selection, found[0]["chart"], OrgChart)

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
        query = lucene_query(text)
        selection = selection_of(info)
        slots = {
            "body": Projection.of(under(selection, "body"), n="body", asof="$asOf"),
            "duty": Projection.of(under(selection, "duty"), n="node"),
        }
        params = {"query": query, "kinds": _kind_values(kinds), "asOf": _as_of(info, as_of), "limit": first}
        found = await rows(info, "search", SearchRow, slots, params, context={"asof": "$asOf"})
        hits = [
            {
                "kind": SearchHitKind(row["label"]),
                "score": row["score"],
                "matchedText": matched_text(text, [name for name in row["names"] if name]),
                "body": _pick(row["body"], slots["body"]),
                "duty": _pick(row["duty"], slots["duty"]),
            }
            for row in found
        ]
        return shaped([shape(selection, hit) for hit in hits], list[SearchHit])

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
        selection = selection_of(info)
        slot = Projection.of(selection, n="j", **{"from": "$from", "to": "$to"})
        found = await rows(
            info,
            "changes",
            ChangesRow,
            {"changes": slot},
            {"jurisdiction": str(jurisdiction), "from": from_, "to": end},
        )
        if not found:
            raise NotFoundError(f"no jurisdiction with code {jurisdiction!r}")
        return completed(selection, found[0]["changes"], Changes)

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
        selection = selection_of(info)
        slot = Projection.of(selection, n="a")
        params = {
            "bodyId": stable_body_id(str(body_id), "bodyId") if body_id else None,
            "eventId": str(event_id) if event_id else None,
            "limit": first,
        }
        found = await rows(info, "audit_log", AuditEntryRow, {"entry": slot}, params)
        return completed(selection, [row["entry"] for row in found], list[AuditEntry])

    # --- the change feed (docs/change-feed.md) --------------------------------------------

    @strawberry.field(
        description="Every write since a cursor, in commit order: reform events recorded and retracted "
        "through the API, and seed loads that changed the graph. `since: null` starts at the beginning; "
        "each page ends with `endCursor` to give as `since` next. At most `first` (1..100, default 50). "
        "(Not `changes`: that field answers the reforms of a jurisdiction between two dates.)"
    )
    async def change_feed(
        self,
        info: Info,
        since: Annotated[
            str | None, strawberry.argument(description="A cursor from an earlier page or entry; null: the start.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="At most this many, 1..100.")] = 50,
    ) -> ChangeFeed:
        check_range("first", first, 1, MAX_PAGE)
        after = change_cursor.decode(since) if since is not None else 0
        found = await feed_repository.changes_after(info.context.db, after=after, limit=first + 1)
        entries = [FeedEntry.from_row(row) for row in found[:first]]
        end = entries[-1].cursor if entries else since
        return ChangeFeed(entries=entries, end_cursor=end, has_more=len(found) > first)


def _counterpart_answer(
    functions: list[str], target: Target, slots: dict[str, Projection], required_at: Mapping[str, list[str]]
) -> dict[str, Any]:
    """One jurisdiction's answer: the classification (Python) with the projections (Cypher)."""
    answer = classify(functions, target, required_at)
    candidates = {candidate["id"]: candidate for candidate in target["candidates"]}
    documents = {document["id"]: document["projection"] for document in target["documents"]}
    return {
        "direction": Direction(answer.direction),
        "found": answer.found,
        "noneReason": answer.none_reason,
        "reason": answer.reason,
        "jurisdiction": _pick(target["jurisdiction"], slots["jurisdiction"]),
        "allowedBy": [_pick(documents[i], slots["allowed_document"]) for i in answer.allowed_by if i in documents],
        "matches": [
            {
                "match": match.match,
                "basis": match.basis,
                "confidence": match.confidence,
                "sharedFunctions": match.shared_functions,
                "otherFunctions": match.other_functions,
                "reason": match.reason,
                "body": _pick(candidates[match.body_id]["projection"], slots["candidate"]),
                "documents": [
                    _pick(document, slots["match_document"])
                    for document in _explicit_documents(candidates[match.body_id])
                ],
            }
            for match in answer.matches
        ],
    }


def _explicit_documents(candidate: Candidate) -> list[Any]:
    explicit = candidate["explicit"]
    return explicit["documents"] if explicit is not None else []


async def _nodes(info: Info, ids: list[str]) -> list[Completed | None]:
    """Objects by id, any Node type, in one statement (cypher/read/roots/nodes.cypher)."""
    if not ids:
        return []
    types = [node_type(i.partition("@")[0]) for i in ids]  # a date after @ is checked per type below
    items: list[dict[str, Any]] = []
    for key, (id_, type_name) in enumerate(zip(ids, types, strict=True)):
        item: dict[str, Any] = {"key": key, **dict.fromkeys(ITEM_FIELD.values()), "asOf": None}
        if type_name in ("Body", "Figure"):  # ids that may carry the date they answer for
            item[ITEM_FIELD[type_name]], item["asOf"] = body_reference(id_, kind=type_name.lower())
        else:
            item[ITEM_FIELD[type_name]] = id_
        items.append(item)
    selections = {type_name: selection_as(info, type_name) for type_name in set(types)}
    # the slots of cypher/read/roots/nodes.cypher (a type nobody asked for projects nothing)
    contexts = {"Body": {"asof": "coalesce(item.asOf, $today)"}, "Figure": {"asof": "coalesce(item.asOf, $today)"}}
    names = {"Body": "b", "Jurisdiction": "j", "Duty": "d", "ReformEvent": "e", "Document": "c", "Figure": "g"}
    slots = {
        ITEM_FIELD[type_name]: Projection.of(
            selections.get(type_name, []), n=names[type_name], **contexts.get(type_name, {})
        )
        for type_name in ITEM_FIELD
    }
    found = await rows(info, "nodes", NodeRow, slots, {"items": items})
    by_key = {row["key"]: row["node"] for row in found}
    return [
        None if by_key.get(key) is None else projected(by_key[key], slots[ITEM_FIELD[type_name]], selections[type_name])
        for key, type_name in enumerate(types)
    ]


A = TypeVar("A")
B = TypeVar("B")


async def _together(first: Coroutine[Any, Any, A], second: Coroutine[Any, Any, B]) -> tuple[A, B]:
    """Both results, the statements sent at once. If one fails, the other is cancelled and
    awaited (its session closed) before the first failure is raised as it is: gather() would
    leave it running past the request, holding a connection."""
    try:
        async with asyncio.TaskGroup() as group:
            one, two = group.create_task(first), group.create_task(second)
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return one.result(), two.result()
