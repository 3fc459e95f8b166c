"""The Mutation type: curators record whole reform events, and retract them. Editors only."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from pydantic import ValidationError

from graph_service.auth import require
from graph_service.config import Role
from graph_service.curation.request import EventRequest
from graph_service.curation.service import record_event, retract_event
from graph_service.errors import BadUserInputError, validation_messages
from graph_service.graphql.context import Info
from graph_service.graphql.enums import BodyKind, EventType
from graph_service.graphql.inputs import stable_body_id
from graph_service.graphql.reading import completed, rows, selection_of
from graph_service.graphql.text_import import TextImportResult, import_text_field
from graph_service.graphql.types.audit import AuditEntry
from graph_service.graphql.types.events import ReformEvent
from graph_service.read.compile import Projection
from graph_service.read.rows import EventRow


@strawberry.input(description="A body the event creates.")
class NewBodyInput:
    id: strawberry.ID = strawberry.field(description="Its stable id, e.g. 620700.social_work.")
    name: str = strawberry.field(description="Full name.")
    kind: BodyKind = strawberry.field(description="What kind of organisation it is.")
    short_name: str | None = strawberry.field(default=None, description="Usual short name.")
    aliases: list[str] = strawberry.field(default_factory=list, description="Abbreviations.")
    functions: list[str] = strawberry.field(default_factory=list, description="Function codes it covers.")
    parent: strawberry.ID | None = strawberry.field(default=None, description="For a section: its body.")
    managed_by: strawberry.ID | None = strawberry.field(default=None, description="The body managing it.")
    required: bool | None = strawberry.field(default=None, description="true: 必设; false: 因地制宜.")


@strawberry.input(description="A duty that moves on the event's date (or a new duty, when `text` is given).")
class DutyMoveInput:
    duty: strawberry.ID = strawberry.field(description="The duty's id.")
    to: strawberry.ID = strawberry.field(description="The body that holds it from the date.")
    from_: strawberry.ID | None = strawberry.field(
        name="from", default=None, description="The body whose holding ends on the date."
    )
    text: str | None = strawberry.field(default=None, description="For a new duty: its text.")
    function: str | None = strawberry.field(default=None, description="For a new duty: its field.")
    shared: bool = strawberry.field(
        default=False, description="The old holder keeps it too: both hold it jointly from the date."
    )


@strawberry.input(description="A nameplate (挂牌) a body starts carrying on the event's date.")
class NameplateInput:
    body: strawberry.ID = strawberry.field(description="The body.")
    name: str = strawberry.field(description="The additional name.")


@strawberry.input(description="A document the event is based on, when the graph does not have it yet.")
class DocumentInput:
    id: strawberry.ID = strawberry.field(description="Its id (the event's `document`).")
    title: str = strawberry.field(description="Its title.")
    kind: str = strawberry.field(description="reform_plan, sanding, notice, decision, article, web_page ...")
    issuer: str | None = strawberry.field(default=None, description="Who issued it.")
    date: str | None = strawberry.field(default=None, description="When: YYYY, YYYY-MM or YYYY-MM-DD.")
    url: str | None = strawberry.field(default=None, description="Where it can be read.")
    confirmed: bool = strawberry.field(default=True, description="false when only known from another source.")
    note: str | None = strawberry.field(default=None, description="How it is known, for an unconfirmed document.")


@strawberry.input(description="An explicit correspondence a document states between a lower and an upper body.")
class CorrespondenceInput:
    lower: strawberry.ID = strawberry.field(description="The lower body.")
    upper: strawberry.ID = strawberry.field(description="The upper body.")
    match: str = strawberry.field(description="exact, merged or vertical.")


@strawberry.input(description="A document allowing a jurisdiction to lack a required field.")
class ExceptionInput:
    id: strawberry.ID = strawberry.field(description="Its id, e.g. exception.620721.state_assets.")
    jurisdiction: strawberry.ID = strawberry.field(description="The jurisdiction.")
    function: str = strawberry.field(description="The field it may lack.")
    description: str = strawberry.field(description="What the document allows.")


@strawberry.input(description="The version of a body the client last read: the edit is refused if it moved.")
class ExpectedVersionInput:
    body: strawberry.ID = strawberry.field(description="The body.")
    version: int = strawberry.field(description="Its `version` when read.")


@strawberry.input(description="One whole reform event: everything it changes is applied at once or not at all.")
class ReformEventInput:
    id: strawberry.ID = strawberry.field(
        description="Chosen by the client; sending the same event again changes nothing."
    )
    type: EventType = strawberry.field(description="What happens.")
    date: str = strawberry.field(description="When: YYYY, YYYY-MM, YYYY-MM-DD or a window START/END.")
    jurisdiction: strawberry.ID = strawberry.field(description="Where.")
    document: strawberry.ID = strawberry.field(description="The document it is based on (an id).")
    new_document: DocumentInput | None = strawberry.field(default=None, description="That document, if new.")
    description: str | None = strawberry.field(default=None, description="What the event does, in a sentence.")
    inferred: bool = strawberry.field(default=False, description="true when not stated by the document itself.")
    note: str | None = strawberry.field(default=None, description="For an inferred event: what it was inferred from.")
    original: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Predecessors: the bodies the event ends (list them in `endBodies` too) or re-forms. For "
        "DUTIES_TRANSFERRED and FUNCTIONS_RETURNED: the bodies that hand over duties.",
    )
    resulting: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Existing bodies after the event (new bodies are added to them)."
    )
    duties_from: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Bodies that only hand over some duties to the resulting bodies: they continue, or end through "
        "another event. Not for ABOLISHED, NAMEPLATE_ADDED or SANDING_ISSUED.",
    )
    new_bodies: list[NewBodyInput] = strawberry.field(default_factory=list, description="Bodies the event creates.")
    end_bodies: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Bodies (or sections) that end on the date."
    )
    duty_moves: list[DutyMoveInput] = strawberry.field(default_factory=list, description="Duties that move.")
    duties_lapse: bool = strawberry.field(default=False, description="Abolished: the bodies' duties end with them.")
    nameplates: list[NameplateInput] = strawberry.field(default_factory=list, description="Nameplates added.")
    correspondences: list[CorrespondenceInput] = strawberry.field(
        default_factory=list, description="Correspondences stated."
    )
    exceptions: list[ExceptionInput] = strawberry.field(default_factory=list, description="Exceptions stated.")
    expected_versions: list[ExpectedVersionInput] = strawberry.field(
        default_factory=list, description="Versions the client read (optional: the server checks its own read too)."
    )

    def to_request(self) -> EventRequest:
        doc = self.new_document
        new_document: dict[str, Any] | None = None
        if doc is not None:
            new_document = {
                "id": str(doc.id),
                "title": doc.title,
                "kind": doc.kind,
                "issuer": doc.issuer,
                "date": doc.date,
                "url": doc.url,
                "sources": [str(doc.id)],
                "confidence": "confirmed" if doc.confirmed else "inferred",
                "note": doc.note,
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type.value,
            "date": self.date,
            "jurisdiction": str(self.jurisdiction),
            "document": str(self.document),
            "new_document": new_document,
            "description": self.description,
            "confidence": "inferred" if self.inferred else "confirmed",
            "note": self.note,
            "original": [str(i) for i in self.original],
            "resulting": [str(i) for i in self.resulting],
            "duties_from": [stable_body_id(str(i), "dutiesFrom") for i in self.duties_from],
            "new_bodies": [
                {
                    "id": str(b.id),
                    "name": b.name,
                    "kind": str(b.kind.value),
                    "short_name": b.short_name,
                    "aliases": b.aliases,
                    "functions": b.functions,
                    "parent": _stable(b.parent),
                    "managed_by": _stable(b.managed_by),
                    "requirement": None if b.required is None else ("required" if b.required else "local"),
                }
                for b in self.new_bodies
            ],
            "end_bodies": [stable_body_id(str(i), "endBodies") for i in self.end_bodies],
            "duty_moves": [
                {
                    "duty": str(m.duty),
                    "to_body": stable_body_id(str(m.to), "to"),
                    "from_body": _stable(m.from_),
                    "text": m.text,
                    "function": m.function,
                    "shared": m.shared,
                }
                for m in self.duty_moves
            ],
            "duties_lapse": self.duties_lapse,
            "nameplates": [{"body": stable_body_id(str(n.body), "body"), "name": n.name} for n in self.nameplates],
            "correspondences": [
                {"lower": _stable(c.lower), "upper": _stable(c.upper), "match": c.match} for c in self.correspondences
            ],
            "exceptions": [
                {
                    "id": str(x.id),
                    "jurisdiction": str(x.jurisdiction),
                    "function": x.function,
                    "description": x.description,
                }
                for x in self.exceptions
            ],
            "expected_versions": [
                {"body": stable_body_id(str(v.body), "body"), "version": v.version} for v in self.expected_versions
            ],
        }
        try:
            return EventRequest.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(validation_messages(exc, with_location=True))
            raise BadUserInputError(f"the event is refused: {problems}") from None


@strawberry.type(description="What recording an event did.")
class RecordEventResult:
    applied: bool = strawberry.field(description="false when this event was recorded before: nothing changed.")
    audit: AuditEntry = strawberry.field(description="The audit entry of the recording.")
    event_id: strawberry.Private[str]

    @strawberry.field(description="The event as the graph now holds it.")
    async def event(self, info: Info) -> ReformEvent | None:
        selection = selection_of(info)
        slot = Projection.of(selection, n="e")
        found = await rows(info, "event", EventRow, {"event": slot}, {"id": self.event_id})
        return completed(selection, found[0]["event"], ReformEvent) if found else None


@strawberry.type(description="Changes to the graph. Every mutation needs an API key with the editor role.")
class Mutation:
    import_text: TextImportResult = strawberry.mutation(
        resolver=import_text_field,
        description="Read an official text (a 三定 regulation, or a reform-plan paragraph) into one reform event: "
        "the body, its duties, sections, staffing and the duties moved, every record citing the article, item "
        "and characters it came from; names resolved against the graph. dryRun (the default) shows the diff; "
        "otherwise it is recorded as by recordReformEvent (one transaction, idempotent by document and body, "
        "audited, retractable). docs/import.md.",
    )

    @strawberry.mutation(
        description="Record one whole reform event (form, merge, split, rename, abolish, transfer duties, add or "
        "end sections, add a nameplate, state a correspondence or exception), validated like the seed and "
        "applied all at once. Idempotent by `id`; CONFLICT when a body it touches changed meanwhile."
    )
    async def record_reform_event(
        self, info: Info, input: Annotated[ReformEventInput, strawberry.argument(description="The event.")]
    ) -> RecordEventResult:
        require(info.context.principal, Role.EDITOR, "recording an event")
        outcome = await record_event(info.context.db, input.to_request(), info.context.principal)
        return RecordEventResult(
            applied=outcome.applied, audit=AuditEntry.from_row(outcome.audit), event_id=outcome.event_id
        )

    @strawberry.mutation(
        description="Retract an event recorded in error: the graph returns to its state before it; the "
        "retraction is audited. CONFLICT when a later event changed the same records."
    )
    async def retract_reform_event(
        self,
        info: Info,
        event_id: Annotated[strawberry.ID, strawberry.argument(description="The event to retract.")],
        reason: Annotated[str, strawberry.argument(description="Why it is retracted (kept in the audit trail).")],
    ) -> AuditEntry:
        require(info.context.principal, Role.EDITOR, "retracting an event")
        if not reason.strip():
            raise BadUserInputError("say why the event is retracted (`reason`)")
        return AuditEntry.from_row(await retract_event(info.context.db, str(event_id), reason, info.context.principal))


def _stable(reference: object | None) -> str | None:
    """A body reference as the event records it: a body's dated id (as a query answered it) is
    taken for its stable id; other values pass to the event's own validation unchanged."""
    return None if reference is None else stable_body_id(str(reference), "body")
