"""The rows the root statements of cypher/read/roots/ return, typed (one TypedDict per
statement, named after it). Values under `Projected` keys are projections already in their
final form (JSON-like; a map of variants when one slot holds several); the rest is what the
Python side of an answer needs (graph_service/services/)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

Projected = Any  # an answer (or a map of variants) in its final form, never inspected in Python


class JurisdictionRow(TypedDict):
    jurisdiction: Projected


class BodyRow(TypedDict):
    body: Projected


class FigureRow(TypedDict):
    figure: Projected


class NodeRow(TypedDict):
    key: int
    node: Projected | None


class BodiesRow(TypedDict):
    name: str
    id: str
    node: Projected


class OrgChartRow(TypedDict):
    chart: Projected


class ChangesRow(TypedDict):
    changes: Projected


class DutyHitRow(TypedDict):
    hit: Projected


class AuditEntryRow(TypedDict):
    entry: Projected


class EventRow(TypedDict):
    event: Projected


class SearchRow(TypedDict):
    label: str
    score: float
    names: list[str | None]
    body: Projected
    duty: Projected


# --- counterparts ---------------------------------------------------------------------------


class ExplicitCorrespondence(TypedDict):
    match: str
    functions: list[str] | None
    sources: list[str] | None
    confidence: str
    note: str | None
    documents: list[Projected]


class Candidate(TypedDict):
    id: str
    functions: list[str]
    explicit: ExplicitCorrespondence | None
    managedLink: bool
    projection: Projected


class CorrespondenceExceptionRow(TypedDict):
    id: str
    description: str
    sources: list[str] | None


class ProjectedDocument(TypedDict):
    id: str
    projection: Projected


class Target(TypedDict):
    code: str
    name: str
    level: str
    above: bool
    jurisdiction: Projected
    candidates: list[Candidate]
    exceptions: list[CorrespondenceExceptionRow]
    documents: list[ProjectedDocument]


class RequiredAt(TypedDict):
    code: str
    requiredAt: list[str]


class CounterpartsRow(TypedDict):
    bodyFound: bool
    jurisdictionFound: bool
    body: Projected
    functions: list[str]
    requiredAt: list[RequiredAt]
    targets: list[Target]


# --- duty trail -----------------------------------------------------------------------------


class HoldingRow(TypedDict):
    bodyId: str
    validFromEarliest: dt.date | None
    projection: Projected


# `from` is a Python keyword: the functional form
MoveBodiesRow = TypedDict("MoveBodiesRow", {"index": int, "from": Projected, "to": Projected})


class TrailEvent(TypedDict):
    id: str
    dateEarliest: dt.date
    originalIds: list[str]
    resultingIds: list[str]
    projection: Projected


class DutyTrailRow(TypedDict):
    duty: Projected
    holdings: list[HoldingRow]
    moves: list[MoveBodiesRow]
    events: list[TrailEvent]


# --- lineage --------------------------------------------------------------------------------


class LineagePath(TypedDict):
    eventIds: list[str]
    bodyIds: list[str]


StepRow = TypedDict(
    "StepRow",
    {
        "eventId": str,
        "fromId": str,
        "toId": str,
        "relation": str,  # a LineageRelation value, read from the earlier body to the later
        "fromName": str,
        "toName": str,
        "event": Projected,
        "from": Projected,
        "to": Projected,
    },
)


class LineageRow(TypedDict):
    body: Projected
    paths: list[LineagePath]
    steps: list[StepRow]
