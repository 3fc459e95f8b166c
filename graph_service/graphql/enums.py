"""The GraphQL enums: the domain's enumerations (graph_service.domain.enums, shared with the
seed records and the services) registered with their descriptions, and the API's own."""

from __future__ import annotations

import enum

import strawberry

from graph_service.domain.enums import (
    BodyKind,
    Confidence,
    DatePrecision,
    EventType,
    Level,
    LineageRelation,
    MatchBasis,
    MatchKind,
    NoneReason,
    OrgChartRelation,
    OrgChartSide,
    Requirement,
)


def _register(cls: type[enum.Enum], description: str, values: dict[str, str] | None = None) -> None:
    """Make a domain enum a GraphQL enum in place (strawberry decorates the class itself)."""
    strawberry.enum(cls, description=description)
    for value in cls.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = (values or {}).get(value.name)


_register(
    BodyKind,
    "What kind of organisation a body is.",
    {
        "PARTY_ORGAN": "党委工作机关: a party committee department.",
        "GOVERNMENT_DEPARTMENT": "政府工作部门: a government bureau or commission.",
        "DEPARTMENT_MANAGED_BODY": "部门管理机构: run under another department.",
        "COMMISSION": "议事协调机构: a deliberative and coordinating commission or leading group.",
        "AFFILIATED_INSTITUTION": "直属事业单位: a directly affiliated public institution.",
        "PUBLIC_INSTITUTION": "事业单位: a public institution.",
        "INTERNAL_SECTION": "内设机构: a section inside a body.",
        "LAW_ENFORCEMENT_TEAM": "综合行政执法队伍: a comprehensive law-enforcement team.",
        "VERTICAL_BRANCH": "派出机构/分局: a branch of an upper-level body, managed vertically.",
        "OTHER_ORGAN": "纪委监委, 人大, 政协 ...: organs outside the party-and-government counts.",
    },
)
_register(Level, "Level of a jurisdiction.")
_register(
    Confidence,
    "confirmed: a source states it. inferred: completed from the national template or by reasoning.",
)
_register(DatePrecision, "How precise a date is: a year, a month, a day, or a window between two dates.")
_register(Requirement, "Whether the upper level requires the body (必设) or it is set up locally (因地制宜).")
_register(EventType, "The kind of a reform event.")
_register(
    MatchKind,
    "exact: same fields. merged: overlapping fields (one body covers what the other level splits). "
    "vertical: a branch managed from the other level.",
)
_register(
    MatchBasis,
    "Why it matched: a document's explicit correspondence, management across levels, or shared function codes.",
)

_register(
    NoneReason,
    "Why no body at another level corresponds.",
    {
        "NOT_REQUIRED": "The function catalogue does not require the field at that level (the 2018 template).",
        "EXCUSED": "A correspondence exception allows its absence: `allowedBy` names the document.",
        "NOT_RECORDED": "Required there, but the data set records no body covering it: absence of a record, "
        "not a finding that none exists.",
    },
)
_register(
    OrgChartSide,
    "A root of an org chart: one side of a jurisdiction's leadership, in official order.",
    {
        "PARTY_COMMITTEE": "党委: the party committee, its departments and commissions.",
        "GOVERNMENT": "人民政府: the government, its departments, managed bodies and institutions.",
        "PEOPLES_CONGRESS": "人大常委会: the people's congress standing committee.",
        "CPPCC": "政协: the political consultative conference.",
        "DISCIPLINE_SUPERVISION": "纪委监委: the discipline inspection and supervisory commissions.",
        "COURT": "人民法院: the court.",
        "PROCURATORATE": "人民检察院: the procuratorate.",
        "OTHER": "Bodies of a national vertical system and others outside the sides above.",
    },
)
_register(
    OrgChartRelation,
    "How a node of an org chart hangs from its parent.",
    {
        "SIDE": "A root: one side of the jurisdiction's leadership (no body).",
        "BODY": "A top-level body under its side.",
        "SECTION": "An internal section (内设机构) of its parent.",
        "MANAGED": "Managed by its parent or part of it (teams, institutions, managed bodies).",
        "COMMISSION": "A commission, under the body its office sits in.",
        "BRANCH": "A branch of a vertical system, or managed from another level (under the government side).",
    },
)
_register(
    LineageRelation,
    "How the earlier body of a lineage step is related to the later one, read from the earlier to the later "
    "whatever the direction asked.",
    {
        "CONTINUED_AS": "The event ended the earlier body alone and the later body continues it (replaced, or "
        "formed from that one body).",
        "MERGED_INTO": "The earlier body ended and was absorbed into the later one, with other ended bodies or "
        "into a body the event re-formed.",
        "SPLIT_INTO": "The earlier body was split; the later body is one of the parts.",
        "RENAMED_TO": "The later body is the earlier one under a new name.",
        "TRANSFERRED_DUTIES_TO": "The earlier body only handed over some duties to the later one (it continued, "
        "or ended through another event).",
    },
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


@strawberry.enum(description="Which relations between bodies a lineage follows.")
class LineageScope(enum.Enum):
    SUCCESSION = strawberry.enum_value(
        "succession",
        description="Only succession: bodies merged, split, renamed, replaced or re-formed (the default).",
    )
    WITH_DUTY_TRANSFERS = strawberry.enum_value(
        "with_duty_transfers",
        description="Also bodies that only handed over some duties to a resulting body (TRANSFERRED_DUTIES_TO).",
    )


@strawberry.enum(description="What a search hit is.")
class SearchHitKind(enum.Enum):
    BODY = "Body"
    NAMEPLATE = "Nameplate"
    DUTY = "Duty"


__all__ = [
    "BodyKind",
    "Confidence",
    "DatePrecision",
    "Direction",
    "EventType",
    "Level",
    "LineageDirection",
    "LineageRelation",
    "LineageScope",
    "MatchBasis",
    "MatchKind",
    "NoneReason",
    "OrgChartRelation",
    "OrgChartSide",
    "Requirement",
    "SearchHitKind",
]
