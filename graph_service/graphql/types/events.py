"""Duties, reform events, and the questions about them: where a duty moved, what a body came
from or became, what changed in a period."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph_service.graphql.enums import EventType, LineageDirection, LineageRelation, LineageScope
from graph_service.graphql.types.bodies import Body
from graph_service.graphql.types.common import Document, Duty, Node, PartialDate, Sourced
from graph_service.graphql.types.jurisdictions import Jurisdiction


@strawberry.type(
    description="A reform event: bodies formed, merged, split, renamed or abolished, duties moved, under a document."
)
class ReformEvent(Sourced, Node):
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. event.620700.natural_resources_formed.")
    type: EventType = strawberry.field(description="What happened.")
    date: PartialDate = strawberry.field(description="When, as precise as the source.")
    description: str | None = strawberry.field(description="What the event did, in a sentence.")
    count: int | None = strawberry.field(
        description="An aggregate the source gives without the list (e.g. 1,844 functions)."
    )
    duties_lapse: bool = strawberry.field(description="Abolished: the bodies' duties ended with them.")
    document: Document | None = strawberry.field(description="The document the event is based on.")
    jurisdiction: Jurisdiction | None = strawberry.field(description="The jurisdiction the event happened in.")
    original: list[Body] = strawberry.field(
        description="Bodies before the event (as they were on the event's first possible day): its predecessors "
        "(the bodies it ended or re-formed) and the bodies that only handed over duties, listed again in "
        "`dutiesFrom`."
    )
    duties_from: list[Body] = strawberry.field(
        description="The original bodies that only handed over some duties to the resulting bodies: they "
        "continued, or ended through another event (all original bodies of a DUTIES_TRANSFERRED or "
        "FUNCTIONS_RETURNED event). As they were on the event's first possible day."
    )
    resulting: list[Body] = strawberry.field(
        description="Bodies after the event (as they were on the event's last possible day)."
    )
    duties: list[Duty] = strawberry.field(description="Duties the event moved.")


@strawberry.type(description="A body holding a duty for a period.")
class Holding(Sourced):
    valid_from: PartialDate | None = strawberry.field(
        description="When the holding started; null: before the data's period."
    )
    valid_to: PartialDate | None = strawberry.field(description="When it ended; null: still held.")
    shared: bool = strawberry.field(description="Held jointly with another body.")
    body: Body | None = strawberry.field(description="The holder, as it was during the holding.")


@strawberry.type(description="A change of holder, and the reform event (with its document) that made it.")
class DutyMove:
    from_: Body | None = strawberry.field(name="from", description="The holder before the move.")
    to: Body | None = strawberry.field(description="The holder after the move.")
    event: ReformEvent | None = strawberry.field(
        description="The event behind the move; null when no recorded event explains it."
    )


@strawberry.type(description="Where a duty has been: its holders in order, and each move with its event and document.")
class DutyTrail:
    duty: Duty = strawberry.field(description="The duty.")
    holdings: list[Holding] = strawberry.field(description="Its holders in order, with dates.")
    moves: list[DutyMove] = strawberry.field(
        description="Each change of holder, with the event and document behind it."
    )


@strawberry.type(description="A duty found by `duties`, with its holders on `asOf`.")
class DutyHit:
    duty: Duty = strawberry.field(description="The duty found.")
    holders: list[Body] = strawberry.field(description="The bodies holding it on `asOf`.")


@strawberry.type(description="One step of a lineage: through `event`, `from` came from (or became) `to`.")
class LineageStep:
    depth: int = strawberry.field(description="1 for a direct predecessor or successor, 2 for the next step ...")
    event: ReformEvent | None = strawberry.field(
        description="The reform event of this step, with its date and document."
    )
    from_: Body | None = strawberry.field(name="from", description="The body nearer the start of the lineage.")
    to: Body | None = strawberry.field(description="The predecessor (or successor) reached.")
    relation: LineageRelation = strawberry.field(
        description="How the earlier body of the two (the predecessor) is related to the later one, read from "
        "the earlier to the later whatever the direction: CONTINUED_AS, MERGED_INTO, SPLIT_INTO, RENAMED_TO or "
        "TRANSFERRED_DUTIES_TO."
    )
    summary: str = strawberry.field(
        description="The step in a sentence, in the direction asked, with both bodies' names: e.g. "
        "'张掖市国土资源局 merged into 张掖市自然资源局', '张掖市自然资源局 received duties from 张掖市水务局'."
    )


@strawberry.type(description="A body's predecessors or successors through reform events.")
class Lineage:
    body: Body = strawberry.field(description="The body whose lineage this is.")
    direction: LineageDirection = strawberry.field(description="Predecessors or successors.")
    scope: LineageScope = strawberry.field(description="Succession only, or duty transfers too.")
    steps: list[LineageStep] = strawberry.field(description="The steps, nearest first.")


@strawberry.type(
    description="A reform event between the two dates; `certain` is false when its date straddles a bound."
)
class ChangeEntry:
    certain: bool = strawberry.field(
        description="False when the event's date is less precise than the period and straddles a bound."
    )
    event: ReformEvent = strawberry.field(description="The event.")


@strawberry.type(description="How many events of a type.")
class EventTypeCount:
    type: EventType = strawberry.field(description="The event type.")
    count: int = strawberry.field(description="How many events of that type.")


@strawberry.type(description="What changed in a jurisdiction between two dates.")
class Changes:
    start: dt.date = strawberry.field(name="from", description="The first day of the period.")
    end: dt.date = strawberry.field(name="to", description="The last day of the period.")
    entries: list[ChangeEntry] = strawberry.field(description="The events, oldest first.")
    by_type: list[EventTypeCount] = strawberry.field(description="How many events of each type.")
    formed: list[Body] = strawberry.field(
        description="Bodies the events resulted in that started between the dates (formed, merged into ...)."
    )
    ended: list[Body] = strawberry.field(
        description="Bodies the events started from that ended between the dates (merged away, abolished ...)."
    )
    duties_moved: list[Duty] = strawberry.field(description="Duties the events moved.")


@strawberry.type(
    description="A number a source gives without the list behind it (e.g. 改革前市级党政机构48个), with the "
    "passage it rests on, next to what the graph itself counts for the same metric and why they differ."
)
class Figure(Sourced, Node):
    id: strawberry.ID = strawberry.field(
        description="The figure's id: its stable id when its source dates it (figure.620700.required_bodies_after), "
        "else the stable id with the date its graph count is for (figure.620700.party_commissions@2019-12-24), "
        "since that count follows `asOf`."
    )
    figure_id: strawberry.ID = strawberry.field(description="The stable id, e.g. figure.620700.party_commissions.")
    metric: str = strawberry.field(description="What is counted, e.g. required_bodies_after (docs/model.md, Figures).")
    value: int = strawberry.field(description="The number the source gives.")
    passage: str = strawberry.field(description="The passage of the source the number rests on.")
    as_of: PartialDate | None = strawberry.field(description="When the source dates the number, if it does.")
    jurisdiction: Jurisdiction | None = strawberry.field(description="The jurisdiction it counts.")
    event: ReformEvent | None = strawberry.field(description="The reform event it belongs to, if any.")
    graph_count: int | None = strawberry.field(
        description="What the graph counts for the same metric on `graphCountAsOf`; null when the graph does not "
        "model what the figure counts (e.g. 1,844 functions returned)."
    )
    graph_count_as_of: dt.date = strawberry.field(
        description="The date the graph counted on: the figure's own (its last day), else the `asOf` asked."
    )
    difference: int | None = strawberry.field(description="`value` - `graphCount`.")
    explanation: str = strawberry.field(description="Why the two differ (or that they agree).")
