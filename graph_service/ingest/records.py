"""The records of the seed files: what a curator writes, validated field by field.

A seed file is a YAML mapping whose keys are sections (`jurisdictions`, `functions`,
`documents`, `bodies`, `duties`, `events`, `figures`, `correspondences`, `exceptions`,
`completeness`),
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
Quote = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=300)]


#: Kinds counted among a jurisdiction's "party and government bodies" (党政机构).
PARTY_GOVERNMENT_KINDS = frozenset({BodyKind.PARTY_ORGAN, BodyKind.GOVERNMENT_DEPARTMENT})


class SourceRef(BaseModel):
    """A source reference with where in the document the fact stands: `sources` items may be a
    document id or `{id, locator, quote}`. A quote is checked against the document's held text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    locator: Text | None = Field(default=None, description="section, paragraph or page, e.g. 成效 三")
    quote: Quote | None = Field(default=None, description="the words of the source that state the fact")

    @model_validator(mode="after")
    def _locates(self) -> SourceRef:
        if not self.locator and not self.quote:
            raise ValueError(f"a reference to {self.id} written as a mapping needs `locator` or `quote`")
        return self


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[Id] = Field(min_length=1, description="ids of the documents that support it")
    citations: list[SourceRef] = Field(
        default_factory=list, description="the references written with a locator or quote (kept by the loader)"
    )
    confidence: Confidence
    note: Text | None = None
    inferred: list[FunctionCode] = Field(
        default_factory=list,
        description="the fields of a confirmed record that are inferred (its parts split: the rest is confirmed)",
    )

    @model_validator(mode="before")
    @classmethod
    def _references(cls, data: object) -> object:
        """`sources: [doc.a, {id: doc.b, quote: ...}]`: ids go to `sources`, located ones also to `citations`."""
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            return data
        refs = data["sources"]
        if not any(isinstance(ref, dict) for ref in refs):
            return data
        if data.get("citations"):
            raise ValueError("write locators inside `sources` ({id, locator, quote}), not in `citations`")
        ids = [ref.get("id") if isinstance(ref, dict) else ref for ref in refs]
        return {**data, "sources": ids, "citations": [ref for ref in refs if isinstance(ref, dict)]}

    @model_validator(mode="after")
    def _inferred_says_why(self) -> Provenance:
        if self.confidence is Confidence.INFERRED and not self.note:
            raise ValueError("an inferred record must say in `note` what it was inferred from")
        if self.inferred and self.confidence is Confidence.INFERRED:
            raise ValueError(
                "`inferred` lists the inferred parts of a confirmed record; this record is inferred as a whole"
            )
        if self.inferred and not self.note:
            raise ValueError("a record with inferred parts must say in `note` what they were inferred from")
        own = set(type(self).model_fields) - set(Provenance.model_fields)
        unknown = [part for part in self.inferred if part not in own]
        if unknown:
            raise ValueError(
                f"`inferred` names {', '.join(unknown)}, not a field of this record ({', '.join(sorted(own))})"
            )
        cited = set(self.sources)
        stray = [ref.id for ref in self.citations if ref.id not in cited]
        if stray:
            raise ValueError(f"a citation's document is not among `sources`: {', '.join(stray)}")
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
    about: list[Code] | None = Field(
        default=None,
        description="the jurisdictions whose own facts it states (their descendants included); [] for a template "
        "that states a pattern, not a particular jurisdiction's facts; unset: not restricted",
    )
    text: Annotated[str, StringConstraints(pattern=r"^texts/[A-Za-z0-9._-]+$")] | None = Field(
        default=None, description="its text held in the seed (seed/texts/...), against which quotes are checked"
    )


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
            h
            if h.sources
            else h.model_copy(
                # the note too: an inferred holding must say why, or its stored record would not
                # validate when read back (the curation path reads records from the graph)
                update={
                    "sources": self.sources,
                    "citations": self.citations,
                    "confidence": self.confidence,
                    "note": h.note or self.note,
                }
            )
            for h in self.holders
        ]
        object.__setattr__(self, "holders", holders)
        return self


#: Types of events whose `original` bodies are predecessors: bodies the event ends or re-forms.
SUCCESSION_TYPES = frozenset(
    {
        EventType.FORMED,
        EventType.MERGED,
        EventType.REPLACED,
        EventType.RENAMED,
        EventType.SPLIT,
        EventType.REFORMED,
        EventType.ABOLISHED,
    }
)
#: Types of events whose `original` bodies only hand over duties (by the event's type).
DUTIES_ONLY_TYPES = frozenset({EventType.DUTIES_TRANSFERRED, EventType.FUNCTIONS_RETURNED})
#: Types of events that take no `duties_from`: nothing passes from a body to another in them.
NO_DUTIES_FROM_TYPES = frozenset({EventType.ABOLISHED, EventType.NAMEPLATE_ADDED, EventType.SANDING_ISSUED})


class EventRecord(Provenance):
    id: Id
    type: EventType
    date: DateField
    jurisdiction: Code
    document: Id = Field(description="the document the event is based on")
    description: Text | None = None
    original: list[Id] = Field(
        default_factory=list,
        description="predecessors: the bodies the event ends or re-forms (duties_transferred, functions_returned: "
        "the bodies that hand over duties)",
    )
    resulting: list[Id] = Field(default_factory=list, description="bodies after the event")
    duties_from: list[Id] = Field(
        default_factory=list,
        description="bodies that only hand over duties to the resulting bodies (they continue, or end through "
        "another event)",
    )
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
        if self.duties_from and kind in NO_DUTIES_FROM_TYPES:
            raise ValueError(f"an event of type {kind} hands no duties over: it takes no `duties_from`")
        for body in self.duties_from:
            if body in self.original or body in self.resulting:
                where = "original" if body in self.original else "resulting"
                raise ValueError(
                    f"{body} is in `duties_from` and in `{where}`: a body that only hands over duties is listed "
                    "in `duties_from` alone"
                )
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


class CompletenessRecord(Provenance):
    """What a source says about how complete the record of a jurisdiction's bodies is, on a date.

    `complete_list`: the source lists every party and government body, so a required field no
    recorded body covers is missing (a finding). `required_set`: the source states every
    required body was set without naming them all, so such a field is covered by a body the
    data set does not name (unknown, not missing). docs/correspondence.md."""

    id: Id
    jurisdiction: Code
    scope: Literal["complete_list", "required_set"]
    as_of: DateField = Field(description="the day the statement speaks of; it holds until `until`, if given")
    until: DateField | None = None
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
    completeness: list[CompletenessRecord] = Field(default_factory=list)

    @field_validator("*", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value
