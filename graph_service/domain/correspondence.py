"""The correspondence report: for an upper jurisdiction and those under it, on a date, how
each lower jurisdiction covers the fields its level is required to have.

This model is the report's stable JSON form (`schemas/correspondence-report.schema.json` is
generated from it and checked by a test); the CLI's table, CSV and Markdown are views of it.
"""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

SCHEMA_VERSION = "2"  # 2: status unknown, `would_settle`, `stated_by`, summary.unknown


class CoverageStatus(enum.StrEnum):
    MATCHED = "matched"  # exactly one body covers the field (and no other required field)
    MERGED = "merged"  # one body covers this and other required fields
    VERTICAL = "vertical"  # covered by a branch managed from an upper level
    MISSING = "missing"  # no body covers it, and a source lists the jurisdiction's bodies in full: a finding
    ALLOWED = "allowed"  # no body covers it, but a document allows it
    UNKNOWN = "unknown"  # no recorded body covers it, and no source records the bodies as complete


class _Model(BaseModel):
    # camelCase aliases read the GraphQL form back (check-correspondence --url); the JSON
    # report itself uses the field names
    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)


class BodyRef(_Model):
    id: str = Field(description="The body's stable id.")
    name: str = Field(description="The body's name.")
    kind: str = Field(description="The body's kind (party_organ, government_department, ...).")


class FunctionCoverage(_Model):
    function: str = Field(description="The required field's code, e.g. natural_resources.")
    function_name: str = Field(description="The field's Chinese name.")
    status: CoverageStatus = Field(description="matched, merged, vertical, missing, allowed or unknown.")
    bodies: list[BodyRef] = Field(description="The bodies covering the field (empty when missing or unknown).")
    merged_with: list[str] = Field(description="For merged: the other required fields the same body covers.")
    allowed_by: list[str] = Field(description="For allowed: the documents that allow the gap.")
    stated_by: list[str] = Field(
        default_factory=list,
        description="For missing or unknown: the documents of the completeness statements that decided it "
        "(a complete list makes a gap missing; a statement that every required body was set makes it unknown).",
    )
    would_settle: str = Field(default="", description="For unknown: what source would settle it; else empty.")
    note: str = Field(description="A sentence explaining the status.")

    @field_validator("status", mode="before")
    @classmethod
    def _graphql_enum_names(cls, value: object) -> object:
        # GraphQL serialises enums by name (MATCHED); the JSON form uses the value (matched)
        return value.lower() if isinstance(value, str) else value


class LocalExtra(_Model):
    body: BodyRef = Field(description="A body of the lower level with no counterpart at the upper level.")
    functions: list[str] = Field(description="The fields it covers.")


class KindMismatch(_Model):
    function: str = Field(description="The field both bodies cover.")
    lower: BodyRef = Field(description="The lower level's body.")
    upper: BodyRef = Field(description="The upper level's body, of another kind (a party organ facing a department).")


class Summary(_Model):
    required: int = Field(description="How many fields the level is required to cover.")
    matched: int = Field(description="Fields covered by a body of their own.")
    merged: int = Field(description="Fields covered by a body that also covers other required fields.")
    vertical: int = Field(description="Fields covered by a branch managed from an upper level.")
    missing: int = Field(description="Fields no body covers where a source lists every body (a finding).")
    allowed: int = Field(description="Fields no body covers that a document allows.")
    unknown: int = Field(
        default=0, description="Fields no recorded body covers, with no source saying the record is complete."
    )
    local_extras: int = Field(description="Bodies with no counterpart at the upper level.")
    kind_mismatches: int = Field(description="Fields where a party organ faces a government department.")


class LowerReport(_Model):
    code: str = Field(description="The lower jurisdiction's GB/T 2260 code.")
    name: str = Field(description="The lower jurisdiction's name.")
    level: str = Field(description="Its level (city, county ...).")
    summary: Summary = Field(description="Counts of this jurisdiction's statuses.")
    functions: list[FunctionCoverage] = Field(description="One entry per required field, by code.")
    local_extras: list[LocalExtra] = Field(description="Its bodies with no counterpart at the upper level.")
    kind_mismatches: list[KindMismatch] = Field(description="Fields where the two levels' bodies differ in kind.")


class CorrespondenceReport(_Model):
    schema_version: str = Field(default=SCHEMA_VERSION, description="Changes when the JSON form changes.")
    parent_code: str = Field(description="The upper jurisdiction's code.")
    parent_name: str = Field(description="The upper jurisdiction's name.")
    as_of: dt.date = Field(description="The date the report answers for.")
    lower: list[LowerReport] = Field(description="One report per jurisdiction directly under the parent, by code.")
    totals: Summary = Field(description="The summaries added up.")

    @property
    def has_missing(self) -> bool:
        return self.totals.missing > 0

    @property
    def has_unknown(self) -> bool:
        return self.totals.unknown > 0
