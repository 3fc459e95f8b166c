"""Bodies (party organs, departments, commissions, institutions, sections, teams) and pages of them."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph_service.graphql.enums import BodyKind, Requirement
from graph_service.graphql.types.audit import AuditEntry
from graph_service.graphql.types.common import Duty, Function, Node, PartialDate, Sourced
from graph_service.graphql.types.jurisdictions import Jurisdiction


@strawberry.type(description="Staffing figures where known: 编制 (quota) and 领导职数 (leadership posts).")
class Staffing:
    quota: int | None = strawberry.field(description="编制: the staffing quota.")
    leadership_posts: int | None = strawberry.field(description="领导职数: the number of leadership posts.")
    note: str | None = strawberry.field(description="Where the figure comes from or what it covers.")


@strawberry.type(description="An additional name a body carries (挂牌); a name, not a separate body.")
class Nameplate(Sourced):
    name: str = strawberry.field(description="The additional name, e.g. 市公务员局.")
    valid_from: PartialDate | None = strawberry.field(
        description="When the body started carrying it; null: before the data's period."
    )
    valid_to: PartialDate | None = strawberry.field(description="When it stopped; null: still carried.")


@strawberry.type(description="Where a commission's office sits (设在).")
class CommissionOffice:
    name: str = strawberry.field(description="The office's name, e.g. 市委全面深化改革委员会办公室.")
    host: Body | None = strawberry.field(description="The body the office sits in.")


@strawberry.type(
    description="A government body of any kind: party organ, department, commission, institution, section, team. "
    "Fields that depend on time answer as of the date the body was asked for."
)
class Body(Sourced, Node):
    id: strawberry.ID = strawberry.field(
        description="The body as of the date it answers for, e.g. 620700.natural_resources@2019-12-24: its "
        "fields differ from date to date, so client caches must keep the dates apart. Accepted wherever a "
        "body id is asked for."
    )
    body_id: strawberry.ID = strawberry.field(
        description="The stable id, the same on every date, e.g. 620700.natural_resources."
    )
    name: str = strawberry.field(description="Full official name.")
    short_name: str | None = strawberry.field(description="The usual short name, e.g. 市自然资源局.")
    aliases: list[str] = strawberry.field(description="Abbreviations and common short names (自规局, 市监局 ...).")
    former_names: list[str] = strawberry.field(description="Names it had before.")
    kind: BodyKind = strawberry.field(description="What kind of organisation it is.")
    requirement: Requirement | None = strawberry.field(
        description="For party and government bodies after the reform: "
        "required by the upper level (必设) or local (因地制宜)."
    )
    valid_from: PartialDate | None = strawberry.field(
        description="When it started; null: before the period the data covers."
    )
    valid_to: PartialDate | None = strawberry.field(description="When it ended; null: still exists.")
    exists_on_as_of: bool = strawberry.field(
        description="Whether it certainly existed on `asOf` (see docs/model.md, Dates)."
    )
    as_of: dt.date = strawberry.field(description="The date this body's time-dependent fields answer for.")
    functions: list[Function] = strawberry.field(description="The fields it covers.")
    staffing: Staffing | None = strawberry.field(description="Staffing figures, where known.")
    external_ids: list[str] = strawberry.field(description='Ids in other systems, as "system=value".')
    nameplates: list[Nameplate] = strawberry.field(description="Additional names it carries on `asOf`.")
    jurisdiction: Jurisdiction | None = strawberry.field(description="The jurisdiction it belongs to.")
    parent: Body | None = strawberry.field(description="For a section or team: the body it is part of.")
    managed_by: Body | None = strawberry.field(
        description="The body that manages it (部门管理机构, branches, institutions)."
    )
    sections: list[Body] = strawberry.field(description="Its internal sections (内设机构) on `asOf`.")
    managed_bodies: list[Body] = strawberry.field(
        description="Bodies it manages or that are part of it (teams, institutions, managed bodies) on `asOf`."
    )
    joint_offices: list[Body] = strawberry.field(description="Bodies it shares one office and staff with (合署办公).")
    office: CommissionOffice | None = strawberry.field(description="For a commission: where its office sits.")
    lead: list[Body] = strawberry.field(description="For a commission: the bodies that lead it.")
    history: list[AuditEntry] = strawberry.field(
        description="Edits of this body made through the API (its audit trail), newest first."
    )
    version: int = strawberry.field(
        description="The body's version: it moves on with every edit (see recordReformEvent)."
    )
    members: list[Body] = strawberry.field(description="For a commission: its member bodies.")
    duties: list[Duty] = strawberry.field(
        description="The duties it certainly holds on `asOf` (shared ones included), by id. "
        "Where each came from: Query.dutyTrail."
    )


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more rows follow this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to get the next page.")


@strawberry.type(description="A body in a page, with its cursor.")
class BodyEdge:
    cursor: str = strawberry.field(description="Opaque cursor of this row: pass as `after` to continue after it.")
    node: Body = strawberry.field(description="The body.")


@strawberry.type(
    description="A page of bodies. Cursors are opaque keyset cursors (name, id): "
    "stable when rows are added before the page."
)
class BodyConnection:
    edges: list[BodyEdge] = strawberry.field(description="The page's bodies, each with its cursor.")
    page_info: PageInfo = strawberry.field(description="Whether there is a next page, and the cursor to get it.")
    total_count: int = strawberry.field(
        description="How many bodies match the filters in all (counted by the database, not by fetching them)."
    )
