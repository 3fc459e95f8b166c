"""A read proposal, resolved against the graph, as one reform event (the request
`recordReformEvent` takes) plus the readable diff of what it would change.

Ids are derived from the document and the text so that importing the same text again names
the same records (idempotent): the event is `event.<document id>.<body id>`; a new body's id is
`--body-id` or `<jurisdiction>.body-<digest of its name>`; its sections `<body id>.s<item>`;
a duty from the text `duty.<body id>.a<article>i<item>` (a section's: `…s<item>`). Every
record written carries the document as source with the article, item and characters it came
from as citation (locator and quote).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from graph_service.curation.request import DutyMove, EventRequest, NewBody, NewNameplate
from graph_service.domain.dates import PartialDate
from graph_service.domain.enums import BodyKind, EventType
from graph_service.errors import BadUserInputError, validation_messages
from graph_service.ingest.records import DocumentRecord, SourceRef, Staffing
from graph_service.textimport.proposal import Located, NameRef, Proposal
from graph_service.textimport.resolve import GraphNames, Unresolved
from graph_service.textimport.structure import to_chinese

QUOTE_LIMIT = 300  # the records' quotes are at most this long; the locator keeps the full span


@dataclass
class ImportPlan:
    """What importing a text would do: the event, the diff lines, and what blocks it."""

    request: EventRequest | None
    diff: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    left_for_curator: list[Located] = field(default_factory=list)

    def as_json(self, proposal: Proposal) -> dict[str, Any]:
        return {
            "proposal": proposal.model_dump(mode="json"),
            "event": self.request.model_dump(mode="json", by_alias=True) if self.request else None,
            "diff": self.diff,
            "unresolved": [
                {"written": u.ref.written, "reason": u.reason, "at": u.ref.at.model_dump()} for u in self.unresolved
            ],
            "left_for_curator": [at.model_dump() for at in self.left_for_curator],
        }


def locator(at: Located) -> str:
    parts = []
    if at.article is not None:
        parts.append(f"第{to_chinese(at.article)}条")
    if at.item is not None:
        parts.append(f"（{to_chinese(at.item)}）")
    parts.append(f"字{at.start}–{at.end}")
    return " ".join(parts)


def citation(document: str, at: Located) -> SourceRef:
    quote = at.quote if len(at.quote) <= QUOTE_LIMIT else at.quote[: QUOTE_LIMIT - 1] + "…"
    return SourceRef(id=document, locator=locator(at), quote=quote if len(quote) >= 2 else None)


def new_body_id(jurisdiction: str, name: str) -> str:
    return f"{jurisdiction}.body-{hashlib.blake2b(name.encode(), digest_size=4).hexdigest()}"


def plan_import(
    proposal: Proposal,
    names: GraphNames,
    *,
    document: str,
    new_document: DocumentRecord | None,
    date: PartialDate,
    body_id: str | None = None,
) -> ImportPlan:
    jurisdiction = names.jurisdiction.code
    plan = ImportPlan(request=None, left_for_curator=list(proposal.unrecognised))
    diff = plan.diff
    new: dict[str, str] = {}
    cites: dict[str, list[SourceRef]] = {}  # record id -> its citations

    def resolved(ref: NameRef) -> str | None:
        found = names.resolve(ref, date, new)
        if isinstance(found, Unresolved):
            plan.unresolved.append(found)
            return None
        return found

    # the body the text is about: an existing one (a 三定 for it), or a new one
    subject: str | None = None
    new_bodies: list[NewBody] = []
    nameplates: list[NewNameplate] = []
    if proposal.body is not None:
        existing = names.resolve(NameRef(written=proposal.body.name, former=False, at=proposal.body.at), date, {})
        if isinstance(existing, str) and not body_id:
            subject = existing
            diff.append(f"= body {subject} {proposal.body.name} (in the graph) [{locator(proposal.body.at)}]")
            if proposal.staffing_at is not None:  # an event cannot rewrite an existing body's staffing
                plan.left_for_curator.append(proposal.staffing_at)
        else:
            full_name = names.full_name(proposal.body.name)
            subject = body_id or new_body_id(jurisdiction, full_name)
            new[full_name] = subject
            kind = BodyKind(proposal.body.kind) if proposal.body.kind else None
            for ref in proposal.renamed_from:  # 将A更名为B: B is what A was
                previous = names.resolve(ref, date, {})
                if kind is None and isinstance(previous, str):
                    kind = names.bodies[previous].kind
            if kind is None:
                raise BadUserInputError(
                    f"the text does not say what kind of body {proposal.body.name} is "
                    "(…是市人民政府工作部门, …党委工作机关, …事业单位 …)"
                )
            new_bodies.append(
                NewBody(
                    id=subject,
                    name=full_name,
                    kind=kind,
                    staffing=_staffing(proposal),
                    functions=sorted({d.function for d in proposal.duties if d.function}),
                )
            )
            cites[subject] = [citation(document, proposal.body.at)]
            rank = f", {proposal.body.rank}" if proposal.body.rank else ""
            diff.append(f"+ body {subject} {full_name} ({kind.value}{rank}) from {date} [{locator(proposal.body.at)}]")
        for plate in proposal.body.nameplates:
            known = names.bodies.get(subject)
            if known and any(p.name in names.forms(plate.written) for p in known.nameplates):
                continue
            plate_name = names.full_name(plate.written)
            nameplates.append(NewNameplate(body=subject, name=plate_name))
            cites[f"nameplate:{plate_name}"] = [citation(document, plate.at)]
            diff.append(f"+ nameplate {plate_name} on {subject} [{locator(plate.at)}]")

    moves: list[DutyMove] = []
    duties_from: set[str] = set()
    original: list[str] = []
    # bodies merged whole into the new one: all their duties move, and they are predecessors
    # predecessors: bodies merged whole into the new one, the body a new name replaces, and in a
    # 三定 a former body (原…) all of whose duties go to its subject; all their duties move
    whole = [t.source for t in proposal.transfers if t.duty_text is None and t.source.former]
    for ref in [*proposal.merged, *proposal.renamed_from, *whole]:
        source = resolved(ref)
        if source is None or subject is None or source in original:
            continue
        original.append(source)
        verb = "is renamed" if ref in proposal.renamed_from else "merges into"
        diff.append(f"⊃ {source} {verb} {subject} [{locator(ref.at)}]")
        for duty in names.duties_held(source, date):
            moves.append(DutyMove(duty=duty.id, from_body=source, to_body=subject))
            diff.append(f"→ duty {duty.id} {duty.text[:40]} : {source} → {subject} [{locator(ref.at)}]")
    for transfer in proposal.transfers:
        source, target = resolved(transfer.source), resolved(transfer.target)
        if source is None or target is None:
            continue
        if source in original:
            continue  # a predecessor: its duties move above
        if transfer.duty_text is None:  # all its duties
            held = names.duties_held(source, date)
            if not held:
                diff.append(f"! {source} holds no duty now: nothing to move [{locator(transfer.at)}]")
            for duty in held:
                moves.append(DutyMove(duty=duty.id, from_body=source, to_body=target))
                diff.append(f"→ duty {duty.id} {duty.text[:40]} : {source} → {target} [{locator(transfer.at)}]")
        else:
            known_duty = names.duty_named(source, transfer.duty_text, date)
            if known_duty is not None:
                moves.append(DutyMove(duty=known_duty.id, from_body=source, to_body=target))
                diff.append(
                    f"→ duty {known_duty.id} {known_duty.text[:40]} : {source} → {target} [{locator(transfer.at)}]"
                )
            else:
                ident = _duty_id(target, transfer.at, "t")
                moves.append(DutyMove(duty=ident, text=transfer.duty_text, from_body=source, to_body=target))
                diff.append(f"+ duty {ident} {transfer.duty_text} : {source} → {target} [{locator(transfer.at)}]")
            cites[moves[-1].duty] = [citation(document, transfer.at)]
        if source not in original and source != subject:
            duties_from.add(source)

    if subject is not None:
        for item in proposal.duties:
            ident = _duty_id(subject, item.at, "")
            if _already_held(names, subject, item.text):
                continue
            moves.append(DutyMove(duty=ident, text=item.text, function=item.function, to_body=subject))
            cites[ident] = [citation(document, item.at)]
            field_note = item.function or f"field unassigned: {item.function_note}"
            diff.append(f"+ duty {ident} {item.text[:40]} ({field_note}) held by {subject} [{locator(item.at)}]")
        for number, section in enumerate(proposal.sections, start=1):
            section_id = f"{subject}.s{number}"
            if any(b.parent == subject and b.name == section.name for b in names.bodies.values()):
                continue
            new[section.name] = section_id
            new_bodies.append(NewBody(id=section_id, name=section.name, kind=BodyKind.INTERNAL_SECTION, parent=subject))
            cites[section_id] = [citation(document, section.at)]
            diff.append(f"+ section {section_id} {section.name} of {subject} [{locator(section.at)}]")
            for item in section.duties:
                ident = _duty_id(section_id, item.at, "")
                moves.append(DutyMove(duty=ident, text=item.text, function=item.function, to_body=section_id))
                cites[ident] = [citation(document, item.at)]
                diff.append(f"+ duty {ident} {item.text[:40]} held by {section_id} [{locator(item.at)}]")

    ended: list[str] = []
    for ref in proposal.ended:
        body = resolved(ref)
        if body is not None and body not in ended:
            ended.append(body)
            diff.append(f"- body {body} ends on {date} [{locator(ref.at)}]")
    for body in original:  # a predecessor still alive ends with the event
        if body not in ended and names.alive(body, date):
            ended.append(body)
            diff.append(f"- body {body} ends on {date} (its successor takes over)")
    original += [b for b in ended if b not in original]
    for left in plan.left_for_curator:
        diff.append(f"? left for a curator: {left.quote[:60]} [{locator(left)}]")
    if plan.unresolved:
        for miss in plan.unresolved:
            diff.append(f"? unresolved: {miss.reason} [{locator(miss.ref.at)}]")
        return plan

    event_type = _event_type(proposal, subject is not None and bool(new_bodies) and subject in new.values(), original)
    at = proposal.body.at if proposal.body else (proposal.transfers[0].at if proposal.transfers else None)
    event_id = f"event.{document}.{subject or (original[0] if original else 'plan')}"
    try:
        plan.request = EventRequest(
            id=event_id,
            type=event_type,
            date=date,
            jurisdiction=jurisdiction,
            document=document,
            new_document=new_document,
            description=_description(proposal, at),
            original=original,
            resulting=[subject] if subject and subject not in new.values() else [],
            duties_from=sorted(duties_from - set(original)),
            new_bodies=new_bodies,
            end_bodies=ended,
            duty_moves=moves,
            nameplates=nameplates,
            citations=cites,
        )
    except ValidationError as exc:  # e.g. a duty's text over 2,000 characters
        problems = "; ".join(validation_messages(exc, with_location=True))
        raise BadUserInputError(f"the text makes an event the records cannot hold: {problems}") from None
    diff.insert(0, f"event {event_id} ({event_type.value}, {date}) under {document}")
    return plan


def _event_type(proposal: Proposal, forms_new: bool, original: list[str]) -> EventType:
    if proposal.kind == "sanding" and not forms_new:
        return EventType.SANDING_ISSUED
    if forms_new and proposal.renamed_from:
        return EventType.RENAMED
    if forms_new:
        return EventType.MERGED if len(original) >= 2 else (EventType.REPLACED if original else EventType.FORMED)
    if proposal.ended and not proposal.transfers:
        return EventType.ABOLISHED
    return EventType.DUTIES_TRANSFERRED


def _duty_id(holder: str, at: Located, tag: str) -> str:
    """duty.<holder>.a4i5 for an item; a clause without an item by its first character (a3c101)."""
    article = f"a{at.article}" if at.article is not None else ""
    place = f"i{at.item}" if at.item is not None else f"c{at.start}"
    return f"duty.{holder}.{tag}{article}{place}"


def _already_held(names: GraphNames, body: str, text: str) -> bool:
    return any(d.text == text for d in names.duties_held(body, None))


def _staffing(proposal: Proposal) -> Staffing | None:
    if proposal.staffing is None and not proposal.posts:
        return None
    posts = "、".join(f"{p.title}{p.count}名" for p in proposal.posts)
    return Staffing(
        quota=proposal.staffing,
        leadership_posts=sum(p.count for p in proposal.posts) or None,
        note=f"领导职数：{posts}" if posts else None,
    )


def _description(proposal: Proposal, at: Located | None) -> str:
    if proposal.title:
        return proposal.title
    return (at.quote[:200] if at else "imported from a text") or "imported from a text"
