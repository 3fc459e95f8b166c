"""Figures: numbers the sources give, and what the graph counts itself."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DocumentRef(_Frozen):
    id: str
    title: str
    date: str | None = None
    issuer: str | None = None


class RecordedFigure(_Frozen):
    id: str
    metric: str
    value: int
    description: str
    as_of: str | None
    confidence: str
    event: str | None
    documents: list[DocumentRef]


class KindCount(_Frozen):
    jurisdiction: str
    name: str
    kind: str
    count: int
    required: int
    local: int
    documents: list[DocumentRef]


class LevelCount(_Frozen):
    level: str
    count: int
    names: list[str]
    documents: list[DocumentRef]


class CoveringBody(_Frozen):
    id: str
    name: str
    kind: str
    functions: list[str]
    confidence: str


class CoveringEvent(_Frozen):
    id: str
    type: str
    date: str
    confidence: str
    original: list[str]


class FunctionCoverage(_Frozen):
    function: str
    function_name: str
    bodies: list[CoveringBody]
    events: list[CoveringEvent]
