"""The answers about a jurisdiction as a whole: counterparts at other levels, the org chart,
search hits, and the server itself."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph_service.domain.server import ServerInfo as ServerInfoModel
from graph_service.graphql.enums import (
    BodyKind,
    Confidence,
    Direction,
    MatchBasis,
    MatchKind,
    NoneReason,
    OrgChartRelation,
    OrgChartSide,
    SearchHitKind,
)
from graph_service.graphql.types.bodies import Body
from graph_service.graphql.types.common import Document, Duty
from graph_service.graphql.types.jurisdictions import Jurisdiction


@strawberry.type(name="CounterpartMatch", description="One corresponding body, with why it matched.")
class CounterpartMatch:
    match: MatchKind = strawberry.field(description="exact, merged or vertical.")
    basis: MatchBasis = strawberry.field(
        description="Why it matched: a document, management across levels, or shared function codes."
    )
    confidence: Confidence = strawberry.field(
        description="CONFIRMED only when a document states the correspondence (basis DOCUMENT); INFERRED when it "
        "is computed from shared fields or management, or recorded without a document that states it."
    )
    shared_functions: list[str] = strawberry.field(description="Function codes both bodies cover.")
    other_functions: list[str] = strawberry.field(
        description="Codes this body covers that the asked body does not (a merge)."
    )
    reason: str = strawberry.field(description="A sentence explaining the match.")
    body: Body | None = strawberry.field(description="The corresponding body.")
    documents: list[Document] = strawberry.field(description="The documents of an explicit correspondence.")


@strawberry.type(
    name="CounterpartAnswer",
    description="The counterparts in one jurisdiction: one body, several, or none with the reason.",
)
class CounterpartAnswer:
    direction: Direction = strawberry.field(description="UP for a jurisdiction above the body's, DOWN for one below.")
    found: bool = strawberry.field(description="Whether any body corresponds.")
    none_reason: NoneReason | None = strawberry.field(
        description="When none corresponds, why: not required at that level, excused by an exception, or not "
        "recorded in the data set; null when a body corresponds."
    )
    reason: str = strawberry.field(description="A sentence saying what was found, or why nothing was.")
    matches: list[CounterpartMatch] = strawberry.field(
        description="The corresponding bodies, best first (vertical, exact, merged)."
    )
    jurisdiction: Jurisdiction | None = strawberry.field(description="The jurisdiction this answer is about.")
    allowed_by: list[Document] = strawberry.field(
        description="Documents that allow this jurisdiction to lack the field."
    )


@strawberry.type(description="Which bodies at other levels correspond to a body.")
class Counterparts:
    body: Body = strawberry.field(description="The body asked about.")
    as_of: dt.date = strawberry.field(description="The date answered for.")
    answers: list[CounterpartAnswer] = strawberry.field(
        description="One answer per jurisdiction looked at: the levels above first, then those below."
    )


@strawberry.type(description="The bodies of one kind in an org chart.")
class OrgChartGroup:
    kind: BodyKind = strawberry.field(description="The kind of the bodies in this group.")
    count: int = strawberry.field(description="How many bodies the group holds.")
    bodies: list[Body] = strawberry.field(description="The bodies, by name.")


@strawberry.type(
    description="A node of an org chart drawn as a tree: a side of the jurisdiction's leadership (a root, "
    "without a body) or a body. `key` and `parentKey` link the nodes; the list is in display order."
)
class OrgChartNode:
    key: str = strawberry.field(
        description="Unique within the chart: `side:<OrgChartSide>` for a root, else the body's stable id."
    )
    parent_key: str | None = strawberry.field(description="The key of the node it hangs from; null for a root.")
    depth: int = strawberry.field(description="0 for a root, 1 for a body under its side, and so on.")
    order: int = strawberry.field(
        description="1-based position among its siblings: sides in official order; bodies by kind rank, "
        "then name (no source gives an official list; docs/api.md)."
    )
    side: OrgChartSide = strawberry.field(description="The root it sits under.")
    relation: OrgChartRelation = strawberry.field(description="How it hangs from its parent.")
    label: str = strawberry.field(
        description="The body's name, or the side's conventional short name (e.g. 张掖市人民政府), made by rule."
    )
    body: Body | None = strawberry.field(description="The body; null for a root (a side).")


@strawberry.type(
    description="A jurisdiction's org chart on a date: bodies grouped by kind, each with its sections, "
    "nameplates, joint offices and managed bodies; commissions with offices, lead and members."
)
class OrgChart:
    jurisdiction: Jurisdiction = strawberry.field(description="The jurisdiction charted.")
    as_of: dt.date = strawberry.field(description="The date charted.")
    groups: list[OrgChartGroup] = strawberry.field(
        description="Top-level bodies grouped by kind (sections and teams appear under their bodies)."
    )
    commissions: list[Body] = strawberry.field(
        description="The deliberative and coordinating commissions (also in `groups`)."
    )
    uncertain: list[Body] = strawberry.field(
        description="Bodies that possibly existed on `asOf`: their dates are less precise than the day."
    )
    tree: list[OrgChartNode] = strawberry.field(
        description="The chart as a tree, flat in display order (depth first, roots first): the sides in "
        "official order, each body once under its side, the body it is part of or managed by, or (a "
        "commission) the body hosting its office; bodies managed from another level as branches."
    )


@strawberry.type(description="A search hit, ranked by the full-text score.")
class SearchHit:
    kind: SearchHitKind = strawberry.field(description="A body, a nameplate (the hit's body carries it) or a duty.")
    score: float = strawberry.field(description="The full-text relevance score (higher is better).")
    matched_text: str = strawberry.field(
        description="The name, alias, former name, nameplate or duty text that matched."
    )
    body: Body | None = strawberry.field(description="The body found (for a nameplate: the body carrying it).")
    duty: Duty | None = strawberry.field(description="The duty found.")


@strawberry.type(description="The Neo4j server behind the API, as it reports itself.")
class ServerInfo:
    name: str = strawberry.field(description="Component name reported by the server, e.g. 'Neo4j Kernel'.")
    neo4j_version: str = strawberry.field(description="The server's version, e.g. '5.26.19'.")
    edition: str = strawberry.field(description="'community' or 'enterprise'.")

    @classmethod
    def from_model(cls, model: ServerInfoModel) -> ServerInfo:
        return cls(name=model.name, neo4j_version=model.version, edition=model.edition)
