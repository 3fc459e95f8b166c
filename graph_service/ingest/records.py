"""The records of the seed files: what a curator writes, validated field by field.

A seed file is a YAML mapping whose keys are sections (`jurisdictions`, `functions`,
`documents`, `bodies`, `duties`, `events`, `figures`, `correspondences`, `exceptions`),
each a list of records. Every record carries its provenance: `sources` (document ids) and
`confidence` (`confirmed`: a source states it; `inferred`: completed from the national
template or by reasoning, and said so in `note`). Relationships written inside a record
(a body's jurisdiction, functions, parent ...) carry that record's provenance; nameplates
and correspondences have their own. docs/model.md explains each field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from graph_service.domain.dates import DateField
from graph_service.domain.enums import BodyKind, Confidence, EventType, Level, MatchKind, Requirement

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", min_length=3, max_length=120)]
# GB/T 2260; 9 digits for towns. ASCII digits only: pydantic's \d would also take ６２０７００
Code = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}([0-9]{3})?$")]
FunctionCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


#: Kinds counted among a jurisdiction's "party and government bodies" (党政机构).
PARTY_GOVERNMENT_KINDS = frozenset({BodyKind.PARTY_ORGAN, BodyKind.GOVERNMENT_DEPARTMENT})


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[Id] = Field(min_length=1, description="ids of the documents that support it")
    confidence: Confidence
    note: Text | None = None

    @model_validator(mode="after")
    def _inferred_says_why(self) -> Provenance:
        if self.confidence is Confidence.INFERRED and not self.note:
            raise ValueError("an inferred record must say in `note` what it was inferred from")
        return self


class JurisdictionRecord(Provenance):
    code: Code
    name: Text
    name_en: Text | None = None
    level: Level
    parent: Code | None = None


class FunctionRecord(Provenance):
    code: FunctionCode
    name: Text
    name_en: Text
    required_at: list[Level] = Field(default_factory=list, description="levels where the template requires a body")


class DocumentRecord(Provenance):
    id: Id
    title: Text
    kind: Literal["article", "reform_plan", "sanding", "notice", "decision", "web_page", "dataset", "yearbook"]
    issuer: Text | None = None
    date: DateField | None = None
    url: Text | None = None


class Nameplate(Provenance):
    name: Text
    valid_from: DateField | None = None
    valid_to: DateField | None = None


class Staffing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    quota: int | None = Field(default=None, ge=0, description="编制")
    leadership_posts: int | None = Field(default=None, ge=0, description="领导职数")
    note: Text | None = None


class CommissionOffice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text  # e.g. 市委全面深化改革委员会办公室
    host: Id  # the body it sits in (设在)


class BodyRecord(Provenance):
    id: Id
    name: Text
    short_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list, description="abbreviations and common short names")
    former_names: list[Text] = Field(default_factory=list)
    kind: BodyKind
    jurisdiction: Code
    requirement: Requirement | None = None
    valid_from: DateField | None = None
    valid_to: DateField | None = None
    functions: list[FunctionCode] = Field(default_factory=list)
    parent: Id | None = Field(default=None, description="the body a section or team is part of")
    managed_by: Id | None = None
    joint_office_with: list[Id] = Field(default_factory=list)
    nameplates: list[Nameplate] = Field(default_factory=list)
    staffing: Staffing | None = None
    external_ids: dict[str, str] = Field(default_factory=dict)
    # commissions only
    office: CommissionOffice | None = None
    lead: list[Id] = Field(default_factory=list)
    members: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> BodyRecord:
        if self.kind is not BodyKind.COMMISSION and (self.office or self.lead or self.members):
            raise ValueError("only a commission has `office`, `lead` or `members`")
        if self.kind is BodyKind.INTERNAL_SECTION and self.parent is None:
            raise ValueError("an internal section needs `parent`: the body it belongs to")
        if self.valid_from and self.valid_to and self.valid_to.latest < self.valid_from.earliest:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self


class Holding(Provenance):
    body: Id
    valid_from: DateField | None = None
    valid_to: DateField | None = None
    shared: bool = Field(default=False, description="true when the data says the duty is held jointly")

    # a holding's provenance defaults to its duty's: see DutyRecord._holdings_inherit
    sources: list[Id] = Field(default_factory=list)
    confidence: Confidence = Confidence.CONFIRMED

    @model_validator(mode="after")
    def _dates_in_order(self) -> Holding:
        if self.valid_from and self.valid_to and self.valid_to.latest < self.valid_from.earliest:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self


class DutyRecord(Provenance):
    id: Id
    text: Text
    text_en: Text | None = None
    function: FunctionCode | None = None
    holders: list[Holding] = Field(min_length=1)

    @model_validator(mode="after")
    def _holdings_inherit(self) -> DutyRecord:
        holders = [
            h if h.sources else h.model_copy(update={"sources": self.sources, "confidence": self.confidence})
            for h in self.holders
        ]
        object.__setattr__(self, "holders", holders)
        return self


class EventRecord(Provenance):
    id: Id
    type: EventType
    date: DateField
    jurisdiction: Code
    document: Id = Field(description="the document the event is based on")
    description: Text | None = None
    original: list[Id] = Field(default_factory=list, description="bodies before the event")
    resulting: list[Id] = Field(default_factory=list, description="bodies after the event")
    duties: list[Id] = Field(default_factory=list, description="duties the event moves")
    duties_lapse: bool = Field(default=False, description="abolished: the original bodies' duties end with them")
    count: int | None = Field(default=None, ge=0, description="an aggregate the source gives without a list")

    @model_validator(mode="after")
    def _change_event_rules(self) -> EventRecord:
        kind, resulting, original = self.type, len(self.resulting), len(self.original)
        if kind in (EventType.MERGED, EventType.REPLACED, EventType.RENAMED) and resulting != 1:
            raise ValueError(f"a {kind} event has exactly one resulting body, not {resulting}")
        if kind is EventType.MERGED and original < 2:
            raise ValueError("a merged event needs at least two original bodies")
        if kind is EventType.SPLIT and (resulting < 2 or original != 1):
            raise ValueError("a split event has one original body and at least two resulting bodies")
        if kind in (EventType.RENAMED, EventType.REPLACED) and original != 1:
            raise ValueError(f"a {kind} event has exactly one original body")
        if kind is EventType.ABOLISHED and (resulting or not original):
            raise ValueError("an abolished event names its original bodies and no resulting body")
        if kind is EventType.FORMED and not resulting:
            raise ValueError("a formed event names at least one resulting body")
        if kind is EventType.DUTIES_TRANSFERRED and not self.duties:
            raise ValueError("a duties_transferred event names the duties it moves")
        if self.duties_lapse and kind is not EventType.ABOLISHED:
            raise ValueError("only an abolished event can let duties lapse")
        return self


class FigureRecord(Provenance):
    """A number a source gives without the list behind it (e.g. 28 institutions abolished)."""

    id: Id
    jurisdiction: Code
    metric: FunctionCode
    value: int = Field(ge=0)
    description: Text
    as_of: DateField | None = None
    event: Id | None = None


class CorrespondenceRecord(Provenance):
    """An explicit correspondence a document states (lower body -> upper body)."""

    lower: Id
    upper: Id
    match: MatchKind
    functions: list[FunctionCode] = Field(default_factory=list)


class ExceptionRecord(Provenance):
    """A document allows a lower jurisdiction to lack (or differ in) a required function."""

    id: Id
    jurisdiction: Code
    function: FunctionCode
    description: Text


class SeedFile(BaseModel):
    """One YAML file: any of these sections, each a list of records."""

    model_config = ConfigDict(extra="forbid")

    jurisdictions: list[JurisdictionRecord] = Field(default_factory=list)
    functions: list[FunctionRecord] = Field(default_factory=list)
    documents: list[DocumentRecord] = Field(default_factory=list)
    bodies: list[BodyRecord] = Field(default_factory=list)
    duties: list[DutyRecord] = Field(default_factory=list)
    events: list[EventRecord] = Field(default_factory=list)
    figures: list[FigureRecord] = Field(default_factory=list)
    correspondences: list[CorrespondenceRecord] = Field(default_factory=list)
    exceptions: list[ExceptionRecord] = Field(default_factory=list)

    @field_validator("*", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value
