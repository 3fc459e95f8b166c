"""GraphQL object types. Each is built from a row of the data layer (`from_row`); related
objects are resolved through the request's DataLoaders, so a list of any length costs one
batched query per kind of related object."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph_service.domain.server import ServerInfo as ServerInfoModel

if TYPE_CHECKING:
    from graph_service.graphql.mutations import AuditEntry
from graph_service.graphql.context import Info
from graph_service.services.counterparts import CounterpartAnswer, CounterpartMatch
from graph_service.services.counterparts import MatchBasis as MatchBasisModel
from graph_service.services.counterparts import MatchKind as MatchKindModel

Row = dict[str, Any]


# --- enums ----------------------------------------------------------------------------------


@strawberry.enum(description="What kind of organisation a body is.")
class BodyKind(enum.Enum):
    PARTY_ORGAN = strawberry.enum_value("party_organ", description="党委工作机关: a party committee department.")
    GOVERNMENT_DEPARTMENT = strawberry.enum_value(
        "government_department", description="政府工作部门: a government bureau or commission."
    )
    DEPARTMENT_MANAGED_BODY = strawberry.enum_value(
        "department_managed_body", description="部门管理机构: run under another department."
    )
    COMMISSION = strawberry.enum_value(
        "commission", description="议事协调机构: a deliberative and coordinating commission or leading group."
    )
    AFFILIATED_INSTITUTION = strawberry.enum_value(
        "affiliated_institution", description="直属事业单位: a directly affiliated public institution."
    )
    PUBLIC_INSTITUTION = strawberry.enum_value("public_institution", description="事业单位: a public institution.")
    INTERNAL_SECTION = strawberry.enum_value("internal_section", description="内设机构: a section inside a body.")
    LAW_ENFORCEMENT_TEAM = strawberry.enum_value(
        "law_enforcement_team", description="综合行政执法队伍: a comprehensive law-enforcement team."
    )
    VERTICAL_BRANCH = strawberry.enum_value(
        "vertical_branch", description="派出机构/分局: a branch of an upper-level body, managed vertically."
    )
    OTHER_ORGAN = strawberry.enum_value(
        "other_organ", description="纪委监委, 人大, 政协 ...: organs outside the party-and-government counts."
    )


@strawberry.enum(description="Level of a jurisdiction.")
class Level(enum.Enum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"


@strawberry.enum(
    description="confirmed: a source states it. inferred: completed from the national template or by reasoning."
)
class Confidence(enum.Enum):
    CONFIRMED = "confirmed"
    INFERRED = "inferred"


@strawberry.enum(description="How precise a date is: a year, a month, a day, or a window between two dates.")
class DatePrecision(enum.Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    WINDOW = "window"


@strawberry.enum(description="Whether the upper level requires the body (必设) or it is set up locally (因地制宜).")
class Requirement(enum.Enum):
    REQUIRED = "required"
    LOCAL = "local"


@strawberry.enum(description="The kind of a reform event.")
class EventType(enum.Enum):
    FORMED = "formed"
    REFORMED = "reformed"
    MERGED = "merged"
    SPLIT = "split"
    RENAMED = "renamed"
    REPLACED = "replaced"
    ABOLISHED = "abolished"
    DUTIES_TRANSFERRED = "duties_transferred"
    FUNCTIONS_RETURNED = "functions_returned"
    NAMEPLATE_ADDED = "nameplate_added"
    SANDING_ISSUED = "sanding_issued"


strawberry.enum(
    MatchKindModel,
    description="exact: same fields. merged: overlapping fields (one body covers what the other level splits). "
    "vertical: a branch managed from the other level.",
)
strawberry.enum(
    MatchBasisModel,
    description="Why it matched: a document's explicit correspondence, management across levels, "
    "or shared function codes.",
)


@strawberry.enum(description="Which way to look for counterparts.")
class Direction(enum.Enum):
    UP = "up"
    DOWN = "down"
    BOTH = "both"


@strawberry.enum(description="Which way to follow reform events.")
class LineageDirection(enum.Enum):
    PREDECESSORS = "predecessors"
    SUCCESSORS = "successors"


@strawberry.enum(description="What a search hit is.")
class SearchHitKind(enum.Enum):
    BODY = "Body"
    NAMEPLATE = "Nameplate"
    DUTY = "Duty"


# --- small value types ----------------------------------------------------------------------


@strawberry.type(
    description="A date as precise as its source: the text as written and the first and last day it may mean."
)
class PartialDate:
    text: str = strawberry.field(
        description='As written: "2019", "2019-06", "2019-03-31" or a window "2018-11/2019-03-31".'
    )
    precision: DatePrecision = strawberry.field(description="year, month, day or window.")
    earliest: dt.date = strawberry.field(description="The first day the date may mean.")
    latest: dt.date = strawberry.field(description="The last day the date may mean.")

    @classmethod
    def from_row(cls, row: Row, prefix: str) -> PartialDate | None:
        text = row.get(prefix)
        if text is None:
            return None
        return cls(
            text=text,
            precision=DatePrecision(row[f"{prefix}Precision"]),
            earliest=row[f"{prefix}Earliest"],
            latest=row[f"{prefix}Latest"],
        )


@strawberry.type(description="A field of government that bodies cover: the base of vertical correspondence.")
class Function:
    code: str = strawberry.field(description="Stable code, e.g. natural_resources.")
    name: str = strawberry.field(description="Chinese name of the field.")
    name_en: str = strawberry.field(description="English name of the field.")

    @classmethod
    def from_row(cls, row: Row) -> Function:
        return cls(code=row["code"], name=row["name"], name_en=row["nameEn"])


@strawberry.type(description="A document that facts rest on: a reform plan, a 三定 notice, an article, a web page.")
class Document:
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. doc.article-2019.")
    title: str = strawberry.field(description="Title as published (or a faithful paraphrase, said in the seed's note).")
    kind: str = strawberry.field(
        description="article, reform_plan, sanding, notice, decision, web_page, dataset or yearbook."
    )
    issuer: str | None = strawberry.field(description="Who issued or published it.")
    url: str | None = strawberry.field(description="Where it was read, if public.")
    date: PartialDate | None = strawberry.field(description="When it was issued or published.")
    confidence: Confidence = strawberry.field(
        description="confirmed: its text or a page quoting it was seen; inferred: a source says it exists."
    )

    @classmethod
    def from_row(cls, row: Row) -> Document:
        return cls(
            id=strawberry.ID(row["id"]),
            title=row["title"],
            kind=row["kind"],
            issuer=row.get("issuer"),
            url=row.get("url"),
            date=PartialDate.from_row(row, "date"),
            confidence=Confidence(row["confidence"]),
        )


async def load_documents(info: Info, ids: list[str]) -> list[Document]:
    rows = await info.context.loaders.documents.load_many(ids)
    return [Document.from_row(row) for row in rows if row is not None]


@strawberry.interface(description="Where a fact comes from.")
class Sourced:
    confidence: Confidence = strawberry.field(
        description="confirmed: a source states it; "
        "inferred: completed from the national template or by reasoning (see note)."
    )
    note: str | None = strawberry.field(description="For inferred facts: what they were inferred from.")
    source_ids: strawberry.Private[list[str]]

    @strawberry.field(description="The documents that support this fact.")
    async def sources(self, info: Info) -> list[Document]:
        return await load_documents(info, self.source_ids)


def _sourced(row: Row) -> dict[str, Any]:
    return {
        "confidence": Confidence(row["confidence"]),
        "note": row.get("note"),
        "source_ids": list(row.get("sources") or []),
    }


# --- jurisdictions --------------------------------------------------------------------------

MAX_HIERARCHY_DEPTH = 10


@strawberry.type(description="A jurisdiction (province, city, county, town), identified by its GB/T 2260 code.")
class Jurisdiction(Sourced):
    code: strawberry.ID = strawberry.field(description="GB/T 2260 code, e.g. 620700.")
    name: str = strawberry.field(description="Chinese name, e.g. 张掖市.")
    name_en: str | None = strawberry.field(description="English name.")
    level: Level = strawberry.field(description="Province, city, county or town.")
    parent_code: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Jurisdiction:
        return cls(
            code=strawberry.ID(row["code"]),
            name=row["name"],
            name_en=row.get("nameEn"),
            level=Level(row["level"]),
            parent_code=row.get("parentCode"),
            **_sourced(row),
        )

    @strawberry.field(description="The jurisdiction directly above, if any.")
    async def parent(self, info: Info) -> Jurisdiction | None:
        return await load_jurisdiction(info, self.parent_code)

    @strawberry.field(description="Every jurisdiction above, nearest first (one batched query for all asked).")
    async def ancestors(self, info: Info) -> list[Jurisdiction]:
        return await load_jurisdictions(info, await info.context.loaders.ancestors.load(str(self.code)))

    @strawberry.field(
        description="The jurisdictions below, down to `depth` levels (1 = children, at most 10), in one query."
    )
    async def descendants(
        self,
        info: Info,
        depth: Annotated[int, strawberry.argument(description="How many levels down (1..10).")] = 1,
        level: Annotated[Level | None, strawberry.argument(description="Only jurisdictions of this level.")] = None,
    ) -> list[Jurisdiction]:
        from graph_service.graphql.inputs import check_range

        check_range("depth", depth, 1, MAX_HIERARCHY_DEPTH)
        key = (str(self.code), depth, level.value if level else None)
        codes = await info.context.loaders.descendants.load(key)
        return await load_jurisdictions(info, codes)


async def load_jurisdiction(info: Info, code: str | None) -> Jurisdiction | None:
    if code is None:
        return None
    row = await info.context.loaders.jurisdictions.load(code)
    return Jurisdiction.from_row(row) if row else None


async def load_jurisdictions(info: Info, codes: list[str]) -> list[Jurisdiction]:
    rows = await info.context.loaders.jurisdictions.load_many(codes)
    return [Jurisdiction.from_row(row) for row in rows if row is not None]


# --- bodies ---------------------------------------------------------------------------------


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

    @classmethod
    def from_row(cls, row: Row) -> Nameplate:
        return cls(
            name=row["name"],
            valid_from=PartialDate.from_row(row, "validFrom"),
            valid_to=PartialDate.from_row(row, "validTo"),
            **_sourced(row),
        )


@strawberry.type(description="Where a commission's office sits (设在).")
class CommissionOffice:
    name: str = strawberry.field(description="The office's name, e.g. 市委全面深化改革委员会办公室.")
    host_id: strawberry.Private[str]
    as_of: strawberry.Private[dt.date]

    @strawberry.field(description="The body the office sits in.")
    async def host(self, info: Info) -> Body | None:
        return await load_body(info, self.host_id, self.as_of)


@strawberry.type(
    description="A government body of any kind: party organ, department, commission, institution, section, team. "
    "Fields that depend on time answer as of the date the body was asked for."
)
class Body(Sourced):
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. 620700.natural_resources.")
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
    row: strawberry.Private[Row]

    @classmethod
    def from_row(cls, row: Row, as_of: dt.date) -> Body:
        staffing = None
        if any(row.get(key) is not None for key in ("staffingQuota", "leadershipPosts", "staffingNote")):
            staffing = Staffing(
                quota=row.get("staffingQuota"),
                leadership_posts=row.get("leadershipPosts"),
                note=row.get("staffingNote"),
            )
        return cls(
            id=strawberry.ID(row["id"]),
            name=row["name"],
            short_name=row.get("shortName"),
            aliases=list(row.get("aliases") or []),
            former_names=list(row.get("formerNames") or []),
            kind=BodyKind(row["kind"]),
            requirement=Requirement(row["requirement"]) if row.get("requirement") else None,
            valid_from=PartialDate.from_row(row, "validFrom"),
            valid_to=PartialDate.from_row(row, "validTo"),
            exists_on_as_of=bool(row.get("existsOnAsOf")),
            as_of=as_of,
            functions=[Function.from_row(f) for f in row.get("functionRefs") or []],
            staffing=staffing,
            external_ids=list(row.get("externalIds") or []),
            nameplates=[Nameplate.from_row(n) for n in row.get("nameplates") or []],
            row=row,
            **_sourced(row),
        )

    @strawberry.field(description="The jurisdiction it belongs to.")
    async def jurisdiction(self, info: Info) -> Jurisdiction | None:
        return await load_jurisdiction(info, self.row["jurisdiction"])

    @strawberry.field(description="For a section or team: the body it is part of.")
    async def parent(self, info: Info) -> Body | None:
        return await load_body(info, self.row.get("parentId"), self.as_of)

    @strawberry.field(description="The body that manages it (部门管理机构, branches, institutions).")
    async def managed_by(self, info: Info) -> Body | None:
        return await load_body(info, self.row.get("managedById"), self.as_of)

    @strawberry.field(description="Its internal sections (内设机构) on `asOf`.")
    async def sections(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("sectionIds") or [], self.as_of)

    @strawberry.field(
        description="Bodies it manages or that are part of it (teams, institutions, managed bodies) on `asOf`."
    )
    async def managed_bodies(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("managedIds") or [], self.as_of)

    @strawberry.field(description="Bodies it shares one office and staff with (合署办公).")
    async def joint_offices(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("jointOfficeIds") or [], self.as_of)

    @strawberry.field(description="For a commission: where its office sits.")
    def office(self) -> CommissionOffice | None:
        office = self.row.get("office")
        return CommissionOffice(name=office["name"], host_id=office["hostId"], as_of=self.as_of) if office else None

    @strawberry.field(description="For a commission: the bodies that lead it.")
    async def lead(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("leadIds") or [], self.as_of)

    @strawberry.field(description="Edits of this body made through the API (its audit trail), newest first.")
    async def history(
        self, info: Info
    ) -> list[Annotated[AuditEntry, strawberry.lazy("graph_service.graphql.mutations")]]:
        from graph_service.graphql.mutations import AuditEntry as Entry

        return [Entry.from_row(row) for row in await info.context.loaders.history.load(str(self.id))]

    @strawberry.field(description="The body's version: it moves on with every edit (see recordReformEvent).")
    def version(self) -> int:
        return int(self.row.get("version") or 0)

    @strawberry.field(description="For a commission: its member bodies.")
    async def members(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("memberIds") or [], self.as_of)


async def load_body(info: Info, ident: str | None, as_of: dt.date) -> Body | None:
    if ident is None:
        return None
    row = await info.context.loaders.bodies.load((ident, as_of))
    return Body.from_row(row, as_of) if row else None


async def load_bodies(info: Info, ids: list[str], as_of: dt.date) -> list[Body]:
    rows = await info.context.loaders.bodies.load_many([(ident, as_of) for ident in ids])
    return [Body.from_row(row, as_of) for row in rows if row is not None]


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
    count_query: strawberry.Private[Any]

    @strawberry.field(
        description="How many bodies match the filters in all (counted by the database, not by fetching them)."
    )
    async def total_count(self) -> int:
        return int(await self.count_query())


# --- duties and events ----------------------------------------------------------------------


@strawberry.type(description="A duty (职责), an item of a 三定 regulation; it may move between bodies over time.")
class Duty(Sourced):
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. duty.620700.fire_design_review.")
    text: str = strawberry.field(description="The duty as the 三定 or the source words it (Chinese).")
    text_en: str | None = strawberry.field(description="An English rendering.")
    function: Function | None = strawberry.field(description="The field it belongs to.")

    @classmethod
    def from_row(cls, row: Row) -> Duty:
        function = row.get("functionRef")
        return cls(
            id=strawberry.ID(row["id"]),
            text=row["text"],
            text_en=row.get("textEn"),
            function=Function.from_row(function) if function else None,
            **_sourced(row),
        )


async def load_duties(info: Info, ids: list[str]) -> list[Duty]:
    rows = await info.context.loaders.duties.load_many(ids)
    return [Duty.from_row(row) for row in rows if row is not None]


@strawberry.type(
    description="A reform event: bodies formed, merged, split, renamed or abolished, duties moved, under a document."
)
class ReformEvent(Sourced):
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. event.620700.natural_resources_formed.")
    type: EventType = strawberry.field(description="What happened.")
    date: PartialDate = strawberry.field(description="When, as precise as the source.")
    description: str | None = strawberry.field(description="What the event did, in a sentence.")
    count: int | None = strawberry.field(
        description="An aggregate the source gives without the list (e.g. 1,844 functions)."
    )
    duties_lapse: bool = strawberry.field(description="Abolished: the bodies' duties ended with them.")
    row: strawberry.Private[Row]

    @classmethod
    def from_row(cls, row: Row) -> ReformEvent:
        date = PartialDate.from_row(row, "date")
        assert date is not None  # every event has a date (the loader refuses one without)
        return cls(
            id=strawberry.ID(row["id"]),
            type=EventType(row["type"]),
            date=date,
            description=row.get("description"),
            count=row.get("count"),
            duties_lapse=bool(row.get("dutiesLapse")),
            row=row,
            **_sourced(row),
        )

    @strawberry.field(description="The document the event is based on.")
    async def document(self, info: Info) -> Document | None:
        documents = await load_documents(info, [self.row["document"]])
        return documents[0] if documents else None

    @strawberry.field(description="The jurisdiction the event happened in.")
    async def jurisdiction(self, info: Info) -> Jurisdiction | None:
        return await load_jurisdiction(info, self.row["jurisdiction"])

    @strawberry.field(description="Bodies before the event (as they were on the event's first possible day).")
    async def original(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("originalIds") or [], self.row["dateEarliest"])

    @strawberry.field(description="Bodies after the event (as they were on the event's last possible day).")
    async def resulting(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.row.get("resultingIds") or [], self.row["dateLatest"])

    @strawberry.field(description="Duties the event moved.")
    async def duties(self, info: Info) -> list[Duty]:
        return await load_duties(info, self.row.get("dutyIds") or [])


async def load_event(info: Info, ident: str | None) -> ReformEvent | None:
    if ident is None:
        return None
    row = await info.context.loaders.events.load(ident)
    return ReformEvent.from_row(row) if row else None


async def load_events(info: Info, ids: list[str]) -> list[ReformEvent]:
    rows = await info.context.loaders.events.load_many(ids)
    return [ReformEvent.from_row(row) for row in rows if row is not None]


@strawberry.type(description="A body holding a duty for a period.")
class Holding(Sourced):
    valid_from: PartialDate | None = strawberry.field(
        description="When the holding started; null: before the data's period."
    )
    valid_to: PartialDate | None = strawberry.field(description="When it ended; null: still held.")
    shared: bool = strawberry.field(description="Held jointly with another body.")
    body_id: strawberry.Private[str]

    @strawberry.field(description="The holder, as it was during the holding.")
    async def body(self, info: Info) -> Body | None:
        if self.valid_from is not None:
            on = self.valid_from.latest
        elif self.valid_to is not None:
            on = self.valid_to.earliest
        else:
            on = info.context.today
        return await load_body(info, self.body_id, on)

    @classmethod
    def from_row(cls, row: Row) -> Holding:
        return cls(
            valid_from=PartialDate.from_row(row, "validFrom"),
            valid_to=PartialDate.from_row(row, "validTo"),
            shared=bool(row.get("shared")),
            body_id=row["bodyId"],
            **_sourced(row),
        )


@strawberry.type(description="A change of holder, and the reform event (with its document) that made it.")
class DutyMove:
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]
    event_id: strawberry.Private[str | None]
    on: strawberry.Private[dt.date]

    @strawberry.field(name="from", description="The holder before the move.")
    async def from_(self, info: Info) -> Body | None:
        return await load_body(info, self.from_id, self.on)

    @strawberry.field(description="The holder after the move.")
    async def to(self, info: Info) -> Body | None:
        return await load_body(info, self.to_id, self.on)

    @strawberry.field(description="The event behind the move; null when no recorded event explains it.")
    async def event(self, info: Info) -> ReformEvent | None:
        return await load_event(info, self.event_id)


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
    holder_ids: strawberry.Private[list[str]]
    as_of: strawberry.Private[dt.date]

    @strawberry.field(description="The bodies holding it on `asOf`.")
    async def holders(self, info: Info) -> list[Body]:
        return await load_bodies(info, self.holder_ids, self.as_of)


# --- lineage, counterparts, org chart, search, changes -----------------------------------------


@strawberry.type(description="One step of a lineage: through `event`, `from` came from (or became) `to`.")
class LineageStep:
    depth: int = strawberry.field(description="1 for a direct predecessor or successor, 2 for the next step ...")
    event_id: strawberry.Private[str]
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]
    on_from: strawberry.Private[dt.date]
    on_to: strawberry.Private[dt.date]

    @strawberry.field(description="The reform event of this step, with its date and document.")
    async def event(self, info: Info) -> ReformEvent | None:
        return await load_event(info, self.event_id)

    @strawberry.field(name="from", description="The body nearer the start of the lineage.")
    async def from_(self, info: Info) -> Body | None:
        return await load_body(info, self.from_id, self.on_from)

    @strawberry.field(description="The predecessor (or successor) reached.")
    async def to(self, info: Info) -> Body | None:
        return await load_body(info, self.to_id, self.on_to)


@strawberry.type(description="A body's predecessors or successors through reform events.")
class Lineage:
    body: Body = strawberry.field(description="The body whose lineage this is.")
    direction: LineageDirection = strawberry.field(description="Predecessors or successors.")
    steps: list[LineageStep] = strawberry.field(description="The steps, nearest first.")


@strawberry.type(name="CounterpartMatch", description="One corresponding body, with why it matched.")
class CounterpartMatchType:
    # the service's enums, registered with GraphQL above (strawberry.enum decorates them in place)
    match: MatchKindModel = strawberry.field(description="exact, merged or vertical.")
    basis: MatchBasisModel = strawberry.field(
        description="Why it matched: a document, management across levels, or shared function codes."
    )
    shared_functions: list[str] = strawberry.field(description="Function codes both bodies cover.")
    other_functions: list[str] = strawberry.field(
        description="Codes this body covers that the asked body does not (a merge)."
    )
    reason: str = strawberry.field(description="A sentence explaining the match.")
    body_id: strawberry.Private[str]
    source_ids: strawberry.Private[list[str]]
    as_of: strawberry.Private[dt.date]

    @classmethod
    def from_model(cls, model: CounterpartMatch, as_of: dt.date) -> CounterpartMatchType:
        return cls(
            match=model.match,
            basis=model.basis,
            shared_functions=model.shared_functions,
            other_functions=model.other_functions,
            reason=model.reason,
            body_id=model.body_id,
            source_ids=model.sources,
            as_of=as_of,
        )

    @strawberry.field(description="The corresponding body.")
    async def body(self, info: Info) -> Body | None:
        return await load_body(info, self.body_id, self.as_of)

    @strawberry.field(description="The documents of an explicit correspondence.")
    async def documents(self, info: Info) -> list[Document]:
        return await load_documents(info, self.source_ids)


@strawberry.type(
    name="CounterpartAnswer",
    description="The counterparts in one jurisdiction: one body, several, or none with the reason.",
)
class CounterpartAnswerType:
    direction: Direction = strawberry.field(description="UP for a jurisdiction above the body's, DOWN for one below.")
    found: bool = strawberry.field(description="Whether any body corresponds.")
    reason: str = strawberry.field(description="A sentence saying what was found, or why nothing was.")
    matches: list[CounterpartMatchType] = strawberry.field(
        description="The corresponding bodies, best first (vertical, exact, merged)."
    )
    code: strawberry.Private[str]
    allowed_by_ids: strawberry.Private[list[str]]

    @classmethod
    def from_model(cls, model: CounterpartAnswer, as_of: dt.date) -> CounterpartAnswerType:
        return cls(
            direction=Direction(model.direction),
            found=model.found,
            reason=model.reason,
            matches=[CounterpartMatchType.from_model(m, as_of) for m in model.matches],
            code=model.jurisdiction,
            allowed_by_ids=model.allowed_by,
        )

    @strawberry.field(description="The jurisdiction this answer is about.")
    async def jurisdiction(self, info: Info) -> Jurisdiction | None:
        return await load_jurisdiction(info, self.code)

    @strawberry.field(description="Documents that allow this jurisdiction to lack the field.")
    async def allowed_by(self, info: Info) -> list[Document]:
        return await load_documents(info, self.allowed_by_ids)


@strawberry.type(description="Which bodies at other levels correspond to a body.")
class Counterparts:
    body: Body = strawberry.field(description="The body asked about.")
    as_of: dt.date = strawberry.field(description="The date answered for.")
    answers: list[CounterpartAnswerType] = strawberry.field(
        description="One answer per jurisdiction looked at: the levels above first, then those below."
    )


@strawberry.type(description="The bodies of one kind in an org chart.")
class OrgChartGroup:
    kind: BodyKind = strawberry.field(description="The kind of the bodies in this group.")
    count: int = strawberry.field(description="How many bodies the group holds.")
    bodies: list[Body] = strawberry.field(description="The bodies, by name.")


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


@strawberry.type(description="A search hit, ranked by the full-text score.")
class SearchHit:
    kind: SearchHitKind = strawberry.field(description="A body, a nameplate (the hit's body carries it) or a duty.")
    score: float = strawberry.field(description="The full-text relevance score (higher is better).")
    matched_text: str = strawberry.field(
        description="The name, alias, former name, nameplate or duty text that matched."
    )
    body_id: strawberry.Private[str | None]
    duty_id: strawberry.Private[str | None]
    as_of: strawberry.Private[dt.date]

    @strawberry.field(description="The body found (for a nameplate: the body carrying it).")
    async def body(self, info: Info) -> Body | None:
        return await load_body(info, self.body_id, self.as_of)

    @strawberry.field(description="The duty found.")
    async def duty(self, info: Info) -> Duty | None:
        duties = await load_duties(info, [self.duty_id]) if self.duty_id else []
        return duties[0] if duties else None


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
    row_ids: strawberry.Private[dict[str, list[str]]]

    @strawberry.field(
        description="Bodies the events resulted in that started between the dates (formed, merged into ...)."
    )
    async def formed(self, info: Info) -> list[Body]:
        bodies = await load_bodies(info, self.row_ids["formed"], self.end)
        return [b for b in bodies if b.valid_from is not None and _possibly_within(b.valid_from, self.start, self.end)]

    @strawberry.field(
        description="Bodies the events started from that ended between the dates (merged away, abolished ...)."
    )
    async def ended(self, info: Info) -> list[Body]:
        bodies = await load_bodies(info, self.row_ids["ended"], self.start)
        return [b for b in bodies if b.valid_to is not None and _possibly_within(b.valid_to, self.start, self.end)]

    @strawberry.field(description="Duties the events moved.")
    async def duties_moved(self, info: Info) -> list[Duty]:
        return await load_duties(info, self.row_ids["duties"])


def _possibly_within(date: PartialDate, start: dt.date, end: dt.date) -> bool:
    return date.latest >= start and date.earliest <= end


@strawberry.type(description="The Neo4j server behind the API, as it reports itself.")
class ServerInfo:
    name: str = strawberry.field(description="Component name reported by the server, e.g. 'Neo4j Kernel'.")
    neo4j_version: str = strawberry.field(description="The server's version, e.g. '5.26.19'.")
    edition: str = strawberry.field(description="'community' or 'enterprise'.")

    @classmethod
    def from_model(cls, model: ServerInfoModel) -> ServerInfo:
        return cls(name=model.name, neo4j_version=model.version, edition=model.edition)
