"""Import an official text: read it, resolve it against the graph, and either show what it
would change (dry run) or record it through the curation write path (one transaction,
idempotent, audited, retractable: graph_service.curation.service.record_event)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from pydantic import TypeAdapter, ValidationError

from graph_service.auth import Principal
from graph_service.curation.service import Outcome, record_event
from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.domain.dates import PartialDate
from graph_service.errors import BadUserInputError, NotFoundError, validation_messages
from graph_service.ingest.records import (
    BodyRecord,
    Code,
    DocumentRecord,
    DutyRecord,
    FunctionRecord,
    Id,
    JurisdictionRecord,
)
from graph_service.textimport.event import ImportPlan, plan_import
from graph_service.textimport.plan import read_plan
from graph_service.textimport.proposal import Proposal
from graph_service.textimport.resolve import GraphNames
from graph_service.textimport.sanding import read_sanding
from graph_service.textimport.structure import parse_document

TextKind = Literal["sanding", "plan"]
_DOCUMENT_KIND = {"sanding": "sanding", "plan": "reform_plan"}


@dataclass
class ImportOutcome:
    proposal: Proposal
    plan: ImportPlan
    recorded: Outcome | None  # None: a dry run


def read_text(text: str, kind: TextKind, catalogue: dict[str, str]) -> Proposal:
    """The proposal a text makes, before the graph is asked (no database)."""
    document = parse_document(text, require_articles=kind == "sanding")
    return read_sanding(document, catalogue) if kind == "sanding" else read_plan(document)


async def import_text(
    db: Database,
    text: str,
    *,
    jurisdiction: str,
    document_id: str,
    kind: TextKind,
    principal: Principal,
    dry_run: bool,
    date: PartialDate | None = None,
    body_id: str | None = None,
    title: str | None = None,
) -> ImportOutcome:
    _check_ids(jurisdiction=jurisdiction, document_id=document_id, body_id=body_id)
    rows = await db.read(QueryName.TEXT_IMPORT_NAMES, jurisdiction=jurisdiction, document=document_id)
    if not rows:
        raise NotFoundError(f"no jurisdiction with code {jurisdiction!r}")
    row = rows[0]
    functions = [FunctionRecord.model_validate_json(r) for r in row["functions"]]
    proposal = read_text(text, kind, {f.code: f.name for f in functions})
    names = GraphNames(
        jurisdiction=JurisdictionRecord.model_validate_json(row["jurisdiction"]),
        bodies={b.id: b for b in (BodyRecord.model_validate_json(r) for r in row["bodies"])},
        duties={d.id: d for d in (DutyRecord.model_validate_json(r) for r in row["duties"])},
    )
    day = date or (PartialDate.parse(proposal.effective) if proposal.effective else None)
    if day is None:
        raise BadUserInputError("the text gives no date it takes effect (自…起施行): give the event's date")
    try:
        new_document = None
        if row["document"] is None:
            new_document = DocumentRecord(
                id=document_id,
                title=title or proposal.title or f"{names.jurisdiction.name} reform text ({document_id})",
                kind=_DOCUMENT_KIND[kind],
                date=day,
                about=[jurisdiction],
                sources=[document_id],
                confidence="confirmed",
            )
        plan = plan_import(proposal, names, document=document_id, new_document=new_document, date=day, body_id=body_id)
    except ValidationError as exc:  # a record the text makes breaks a rule (a name over 2,000 characters)
        problems = "; ".join(validation_messages(exc, with_location=True))
        raise BadUserInputError(f"the text makes records the graph cannot hold: {problems}") from None
    if plan.request is not None:  # idempotent by the text and the options, not by the graph read
        options = f"{jurisdiction}\n{document_id}\n{kind}\n{day}\n{body_id}\n{title}\n"
        digest = hashlib.sha256((options + text).encode("utf-8")).hexdigest()
        plan.request = plan.request.model_copy(update={"source_digest": digest})
    if dry_run:
        return ImportOutcome(proposal, plan, None)
    if plan.unresolved:
        listed = "; ".join(f"{u.ref.written} ({u.reason})" for u in plan.unresolved)
        raise BadUserInputError(f"nothing written: {len(plan.unresolved)} names could not be resolved: {listed}")
    assert plan.request is not None
    return ImportOutcome(proposal, plan, await record_event(db, plan.request, principal))


_CODE = TypeAdapter(Code)
_ID = TypeAdapter(Id)


def _check_ids(*, jurisdiction: str, document_id: str, body_id: str | None) -> None:
    """Refuse ids the records could not take before anything is read (BAD_USER_INPUT)."""
    for what, value, adapter in (
        ("jurisdiction", jurisdiction, _CODE),
        ("document id", document_id, _ID),
        ("body id", body_id, _ID),
    ):
        if value is None:
            continue
        try:
            adapter.validate_python(value)
        except ValidationError:
            raise BadUserInputError(
                f"the {what} {value[:60]!r} is malformed: "
                + ("six or nine digits" if adapter is _CODE else "lower-case letters, digits, '.', '_' and '-'")
            ) from None
