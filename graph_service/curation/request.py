"""A curator's request: one whole reform event, validated field by field by pydantic."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field

from graph_service.domain.dates import DateField
from graph_service.domain.enums import BodyKind, Confidence, EventType, MatchKind, Requirement
from graph_service.ingest.records import (
    Code,
    DocumentRecord,
    FunctionCode,
    Id,
    SourceRef,
    Staffing,
    Text,
)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewBody(_Input):
    id: Id
    name: Text
    short_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    kind: BodyKind
    functions: list[FunctionCode] = Field(default_factory=list)
    parent: Id | None = None
    managed_by: Id | None = None
    requirement: Requirement | None = None
    staffing: Staffing | None = None


class DutyMove(_Input):
    duty: Id = Field(description="An existing duty, or a new one when `text` is given.")
    text: Text | None = None
    function: FunctionCode | None = None
    from_body: Id | None = Field(default=None, description="The holder it leaves (its holding ends on the date).")
    to_body: Id
    shared: bool = Field(default=False, description="Both hold it from the date (the old holding does not end).")


class NewNameplate(_Input):
    body: Id
    name: Text


class NewCorrespondence(_Input):
    lower: Id
    upper: Id
    match: MatchKind
    functions: list[FunctionCode] = Field(default_factory=list)


class NewException(_Input):
    id: Id
    jurisdiction: Code
    function: FunctionCode
    description: Text


class ExpectedVersion(_Input):
    body: Id
    version: int = Field(ge=0)


class EventRequest(_Input):
    """Everything one reform event changes, applied all at once or not at all."""

    id: Id = Field(description="Chosen by the client: sending the same event again changes nothing.")
    type: EventType
    date: DateField
    jurisdiction: Code
    document: Id
    new_document: DocumentRecord | None = None
    description: Text | None = None
    confidence: Confidence = Confidence.CONFIRMED
    note: Text | None = None
    original: list[Id] = Field(default_factory=list)
    resulting: list[Id] = Field(default_factory=list)
    duties_from: list[Id] = Field(default_factory=list, description="Bodies that only hand over duties.")
    new_bodies: list[NewBody] = Field(default_factory=list)
    end_bodies: list[Id] = Field(default_factory=list)
    duty_moves: list[DutyMove] = Field(default_factory=list)
    duties_lapse: bool = False
    nameplates: list[NewNameplate] = Field(default_factory=list)
    correspondences: list[NewCorrespondence] = Field(default_factory=list)
    exceptions: list[NewException] = Field(default_factory=list)
    expected_versions: list[ExpectedVersion] = Field(default_factory=list)
    # where in the document each record stands (record id, or `nameplate:<name>` -> citations
    # of `document`): the text importer's article-level provenance (graph_service/textimport)
    citations: dict[str, list[SourceRef]] = Field(default_factory=dict)
    # an imported text's digest (its text and the import's options): the same text imported
    # again is the same event, although the graph it is read against now holds it
    source_digest: str | None = None

    def fingerprint(self) -> str:
        """What the event says, minus the version guard: the same event sent twice is the same."""
        if self.source_digest is not None:
            return hashlib.sha256(f"imported text {self.source_digest}".encode()).hexdigest()
        content = self.model_dump_json(exclude={"expected_versions"})
        return hashlib.sha256(content.encode()).hexdigest()
