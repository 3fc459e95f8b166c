"""GraphQL types of the correspondence report, generated from its pydantic models so the
GraphQL form and the JSON form cannot drift apart."""

from __future__ import annotations

import strawberry

from graph_service.domain import correspondence as model

CoverageStatus = strawberry.enum(
    model.CoverageStatus, description="How a required field is covered in a lower jurisdiction."
)


@strawberry.experimental.pydantic.type(model=model.BodyRef, all_fields=True, description="A body, briefly.")
class CorrespondenceBody:
    pass


@strawberry.experimental.pydantic.type(
    model=model.FunctionCoverage, all_fields=True, description="How one required field is covered."
)
class FunctionCoverage:
    pass


@strawberry.experimental.pydantic.type(
    model=model.LocalExtra, all_fields=True, description="A lower body with no upper counterpart."
)
class LocalExtra:
    pass


@strawberry.experimental.pydantic.type(
    model=model.KindMismatch, all_fields=True, description="A field whose bodies differ in kind between the levels."
)
class KindMismatch:
    pass


@strawberry.experimental.pydantic.type(model=model.Summary, all_fields=True, description="Counts of statuses.")
class CorrespondenceSummary:
    pass


@strawberry.experimental.pydantic.type(
    model=model.LowerReport, all_fields=True, description="The report for one lower jurisdiction."
)
class LowerReport:
    pass


@strawberry.experimental.pydantic.type(
    model=model.CorrespondenceReport,
    all_fields=True,
    description="For an upper jurisdiction and those directly under it, on a date: how each lower one covers the "
    "fields its level must have (matched, merged, vertical, missing, allowed), its local extras and kind mismatches.",
)
class CorrespondenceReport:
    pass
