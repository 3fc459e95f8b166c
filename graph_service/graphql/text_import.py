"""Mutation.importText: an official text read into a reform event (graph_service.textimport),
shown (dryRun) or recorded through the same path as recordReformEvent. Editors only.

The text comes as its lines: every string a request carries is bounded by MAX_STRING_LENGTH
(docs/operations.md), and a 三定 regulation runs to thousands of characters, but its lines (an
article, an item) stay well under the bound. They are joined with newlines, and the locators
count characters of that joined text.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from graph_service.auth import require
from graph_service.config import Role
from graph_service.domain.dates import PartialDate
from graph_service.errors import BadUserInputError
from graph_service.graphql.context import Info
from graph_service.graphql.types.audit import AuditEntry
from graph_service.textimport.event import locator
from graph_service.textimport.proposal import Located
from graph_service.textimport.service import import_text

MAX_LINES = 2000


@strawberry.enum(description="The genre of an imported text.")
class TextKind(enum.Enum):
    SANDING = "sanding"
    PLAN = "plan"


@strawberry.type(description="Where in the imported text something stands.")
class TextLocation:
    article: int | None = strawberry.field(description="第N条, when the text has articles.")
    item: int | None = strawberry.field(description="（N） within the article.")
    start: int = strawberry.field(description="Its first character in the text (0-based; lines joined by newlines).")
    end: int = strawberry.field(description="One past its last character.")
    quote: str = strawberry.field(description="Those characters.")
    label: str = strawberry.field(description="The locator the records keep, e.g. 第四条 （五） 字370–396.")

    @classmethod
    def of(cls, at: Located) -> TextLocation:
        return cls(article=at.article, item=at.item, start=at.start, end=at.end, quote=at.quote, label=locator(at))


@strawberry.type(description="A body the text names that the graph could not identify.")
class UnresolvedName:
    written: str = strawberry.field(description="The name as written (without 原).")
    reason: str = strawberry.field(description="Why it is not resolved: no such body, or several.")
    at: TextLocation = strawberry.field(description="Where the text names it.")


@strawberry.type(description="What importing a text did, or would do.")
class TextImportResult:
    applied: bool = strawberry.field(
        description="true when this call wrote the event; false for a dry run or a repeat."
    )
    event_id: strawberry.ID | None = strawberry.field(description="The event the text becomes.")
    diff: list[str] = strawberry.field(description="What it changes, a line per record, each with its locator.")
    unresolved: list[UnresolvedName] = strawberry.field(description="Names that block the import until fixed.")
    left_for_curator: list[TextLocation] = strawberry.field(description="Articles and items no rule recognised.")
    proposal: JSON = strawberry.field(description="The text as read (docs/import.md): every element with its locator.")
    audit: AuditEntry | None = strawberry.field(description="The audit entry, when written (or written before).")


async def import_text_field(
    info: Info,
    lines: Annotated[list[str], strawberry.argument(description="The text's lines (joined with newlines).")],
    jurisdiction: Annotated[strawberry.ID, strawberry.argument(description="Whose text it is, e.g. 620700.")],
    document_id: Annotated[strawberry.ID, strawberry.argument(description="The document's id.")],
    kind: Annotated[TextKind, strawberry.argument(description="SANDING or PLAN.")] = TextKind.SANDING,
    dry_run: Annotated[bool, strawberry.argument(description="Show the diff; write nothing.")] = True,
    date: Annotated[str | None, strawberry.argument(description="The event's date when the text gives none.")] = None,
    body_id: Annotated[strawberry.ID | None, strawberry.argument(description="Id of a body the text forms.")] = None,
    title: Annotated[str | None, strawberry.argument(description="The document's title if new.")] = None,
) -> TextImportResult:
    require(info.context.principal, Role.EDITOR, "importing a text")
    if not lines or len(lines) > MAX_LINES:
        raise BadUserInputError(f"`lines` must hold 1 to {MAX_LINES} lines")
    try:
        day = PartialDate.parse(date) if date else None
    except ValueError as exc:
        raise BadUserInputError(f"`date`: {exc}") from None
    outcome = await import_text(
        info.context.db,
        "\n".join(lines),
        jurisdiction=str(jurisdiction),
        document_id=str(document_id),
        kind="sanding" if kind == TextKind.SANDING else "plan",
        principal=info.context.principal,
        dry_run=dry_run,
        date=day,
        body_id=str(body_id) if body_id else None,
        title=title,
    )
    recorded = outcome.recorded
    proposal: Any = outcome.proposal.model_dump(mode="json")
    return TextImportResult(
        applied=bool(recorded and recorded.applied),
        event_id=strawberry.ID(outcome.plan.request.id) if outcome.plan.request else None,
        diff=outcome.plan.diff,
        unresolved=[
            UnresolvedName(written=u.ref.written, reason=u.reason, at=TextLocation.of(u.ref.at))
            for u in outcome.plan.unresolved
        ],
        left_for_curator=[TextLocation.of(at) for at in outcome.plan.left_for_curator],
        proposal=proposal,
        audit=AuditEntry.from_row(recorded.audit) if recorded else None,
    )
