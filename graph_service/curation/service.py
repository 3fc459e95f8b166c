"""Record a reform event through the API, or retract one.

The edit becomes seed-format records (BodyRecord, DutyRecord, EventRecord ...), checked by
the loader's own validation (`validate_index`) against the records it touches, read back from
the graph, and written by the loader's own queries (`plan_graph` + UPSERT_*), marked
`origin: api`. In the same transaction it:
- moves the version of every existing body it touches on by one, under a write lock, and
  refuses (CONFLICT) when a version is not the one expected: of two concurrent edits of a
  body, the second finds the version moved and rolls back;
- snapshots everything it is about to write, so a retraction can put it back;
- writes an AuditEntry (who, when, what, which document) that the API can list.
An event id already recorded with the same content changes nothing; with other content it
is a CONFLICT.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from graph_service.auth import Principal
from graph_service.curation.request import EventRequest
from graph_service.db.cypher import QueryName
from graph_service.db.database import Database, Transaction
from graph_service.db.values import to_python
from graph_service.domain.dates import PartialDate
from graph_service.domain.enums import BodyKind, Confidence, EventType
from graph_service.errors import BadUserInputError, ConflictError, NotFoundError, validation_messages
from graph_service.ingest.graph_plan import GraphPlan, plan_graph, uid
from graph_service.ingest.provenance import can_state
from graph_service.ingest.records import (
    BodyRecord,
    CorrespondenceRecord,
    DocumentRecord,
    DutyRecord,
    EventRecord,
    ExceptionRecord,
    FunctionRecord,
    Holding,
    JurisdictionRecord,
    Nameplate,
)
from graph_service.ingest.validate import Placed, SeedIndex, validate_index

ORIGIN = "api"
M = TypeVar("M", bound=BaseModel)
_RECORD_TYPES: dict[str, type[BaseModel]] = {
    "Body": BodyRecord,
    "Duty": DutyRecord,
    "Document": DocumentRecord,
    "Jurisdiction": JurisdictionRecord,
    "Function": FunctionRecord,
}


@dataclass(frozen=True)
class Outcome:
    event_id: str
    applied: bool  # False: the same event was recorded before; nothing changed
    audit: dict[str, Any]


# --- recording ------------------------------------------------------------------------------


async def record_event(db: Database, request: EventRequest, principal: Principal) -> Outcome:
    async def work(tx: Transaction) -> Outcome:
        existing = await tx.run(QueryName.AUDIT_BY_EVENT, eventId=request.id)
        if existing:
            entry = existing[0]["entry"]
            if entry.get("retractedBy"):
                raise ConflictError(f"event {request.id!r} was recorded and retracted: give the new event a new id")
            if entry["payloadHash"] != request.fingerprint():
                raise ConflictError(f"event id {request.id!r} is already used by a different event")
            return Outcome(request.id, applied=False, audit=entry)

        context = await _read_context(tx, request)
        try:
            written = _apply(request, context)
        except ValidationError as exc:  # a record the request builds breaks a rule of the seed's records
            problems = "; ".join(validation_messages(exc, with_location=True))
            raise BadUserInputError(f"the event is refused; nothing was written: {problems}") from None
        errors = validate_index(written, known=_merge(context.index, written))
        if errors:
            raise BadUserInputError(
                "the event is refused; nothing was written:\n"
                + "\n".join(f"  {e.record}: {e.field}: {e.message}" for e in errors)
            )
        await _check_provenance(tx, request, context)  # after the references: an unknown one is named first
        touched = sorted(context.versions)
        versions = await _bump_versions(tx, touched, request, context.versions)
        plan = plan_graph(written, origin=ORIGIN)
        for node in plan.nodes.values():
            node.props["lastEvent"] = request.id
            if node.label == "Body":
                node.props["version"] = versions.get(node.uid, 1)
        snapshot = await _snapshot(tx, plan)
        await _write(tx, plan)
        # the audit names every body the edit wrote or touched (a body's history finds it)
        body_uids = {n.uid for n in plan.nodes.values() if n.label == "Body"} | set(touched)
        body_ids = sorted(u.removeprefix("body:") for u in body_uids)
        entry = await _audit(
            tx,
            principal,
            action="record",
            event_id=request.id,
            document=request.document,
            summary=_summary(request),
            payload_hash=request.fingerprint(),
            snapshot=snapshot,
            uids=sorted(set(plan.nodes) | set(touched)),
            body_ids=body_ids,
        )
        return Outcome(request.id, applied=True, audit=entry)

    return await db.in_write_transaction(work)


@dataclass
class _Context:
    index: SeedIndex
    versions: dict[str, int]  # uid of each existing body the edit touches -> its version now


async def _read_context(tx: Transaction, request: EventRequest) -> _Context:
    """The records the edit refers to, as the graph holds them (in a few round trips)."""
    body_ids = {*request.original, *request.resulting, *request.duties_from, *request.end_bodies}
    body_ids |= {m.to_body for m in request.duty_moves} | {m.from_body for m in request.duty_moves if m.from_body}
    body_ids |= {n.body for n in request.nameplates} | {c.lower for c in request.correspondences}
    body_ids |= {c.upper for c in request.correspondences}
    body_ids |= {b.parent for b in request.new_bodies if b.parent} | {
        b.managed_by for b in request.new_bodies if b.managed_by
    }
    functions = {f for b in request.new_bodies for f in b.functions} | {x.function for x in request.exceptions}
    functions |= {m.function for m in request.duty_moves if m.function}
    jurisdictions = {request.jurisdiction} | {x.jurisdiction for x in request.exceptions}
    uids = [uid("body", b) for b in body_ids] + [uid("duty", m.duty) for m in request.duty_moves]
    uids += [uid("function", f) for f in functions] + [uid("jurisdiction", j) for j in jurisdictions]
    uids.append(uid("document", request.document))
    index = SeedIndex()
    versions: dict[str, int] = {}
    await _load_records(tx, index, uids, versions)
    # the records the edit may rewrite refer to others (documents, functions, bodies): load those too
    referred = {ref for table in (index.bodies, index.duties) for p in table.values() for ref in _refers_to(p.record)}
    await _load_records(tx, index, sorted(referred - set(uids)), None)
    # a body ends once: read the events that already end the event's original bodies
    if request.original:
        for row in await tx.run(QueryName.EVENTS_ENDING, bodyIds=sorted(request.original)):
            _place(index, EventRecord.model_validate_json(row["record"]), "graph")
    # an abolition must say where the abolished bodies' duties go: read those duties too
    ending = [b for b in request.end_bodies if uid("body", b) in versions]
    if ending:
        for row in await tx.run(QueryName.DUTIES_HELD_BY, bodyIds=ending):
            _place(index, DutyRecord.model_validate_json(row["record"]), "graph")
    known_document = index.documents.get(request.document)
    if known_document is None:
        if request.new_document is None:
            raise BadUserInputError(f"unknown document {request.document!r}: give its details to create it")
        if request.new_document.id != request.document:
            raise BadUserInputError("the new document's id must be the event's `document`")
        _place(index, request.new_document, "request")  # written with the event
    return _Context(index=index, versions=versions)


async def _check_provenance(tx: Transaction, request: EventRequest, context: _Context) -> None:
    """A confirmed edit needs a document that can state facts of its jurisdiction, as the loader
    requires of the seed (docs/model.md, "Provenance rules", rule 1)."""
    if request.confidence is not Confidence.CONFIRMED:
        return
    document = context.index.documents[request.document].record
    parents: dict[str, str | None] = {}
    code: str | None = request.jurisdiction
    while document.about and code is not None and code not in parents:  # read the ancestors named
        rows = await tx.run(QueryName.RECORDS_BY_UIDS, uids=[uid("jurisdiction", code)])
        record = JurisdictionRecord.model_validate_json(rows[0]["record"]) if rows else None
        parents[code] = record.parent if record else None
        code = parents[code]
    if not can_state(document, request.jurisdiction, parents):
        why = (
            "is known only from another document's mention"
            if document.confidence is Confidence.INFERRED
            else f"states facts of {', '.join(document.about or []) or 'no particular jurisdiction (a template)'}"
        )
        raise BadUserInputError(
            f"the event is refused; nothing was written: it is confirmed, but its document {request.document} {why}, "
            f"not of {request.jurisdiction}; cite a document that states it, or record the event as inferred "
            "with a note"
        )


async def _load_records(tx: Transaction, index: SeedIndex, uids: list[str], versions: dict[str, int] | None) -> None:
    for row in await tx.run(QueryName.RECORDS_BY_UIDS, uids=uids):
        model = _RECORD_TYPES.get(row["label"])
        if model is None or row["record"] is None:
            continue
        _place(index, model.model_validate_json(row["record"]), "graph")
        if versions is not None and row["label"] == "Body":
            versions[row["uid"]] = row["version"] or 0


def _refers_to(record: BaseModel) -> set[str]:
    """The uids a body or duty record refers to (what validating a changed copy needs)."""
    refs = {uid("document", source) for source in getattr(record, "sources", [])}
    if isinstance(record, BodyRecord):
        refs.add(uid("jurisdiction", record.jurisdiction))
        refs |= {uid("function", f) for f in record.functions}
        bodies = [record.parent, record.managed_by, *record.joint_office_with, *record.lead, *record.members]
        bodies.append(record.office.host if record.office else None)
        refs |= {uid("body", b) for b in bodies if b}
        refs |= {uid("document", s) for plate in record.nameplates for s in plate.sources}
    if isinstance(record, DutyRecord):
        refs |= {uid("function", record.function)} if record.function else set()
        refs |= {uid("body", h.body) for h in record.holders}
        refs |= {uid("document", s) for h in record.holders for s in h.sources}
    return refs


def _place(index: SeedIndex, record: BaseModel, where: str) -> None:
    if isinstance(record, CorrespondenceRecord):
        index.correspondences.append(Placed(record, where, f"correspondence {record.lower} -> {record.upper}"))
        return
    ident = str(getattr(record, "id", None) or getattr(record, "code"))  # noqa: B009
    label = f"{type(record).__name__.removesuffix('Record').lower()} {ident}"
    tables: dict[type[BaseModel], dict[str, Any]] = {
        BodyRecord: index.bodies,
        DutyRecord: index.duties,
        DocumentRecord: index.documents,
        JurisdictionRecord: index.jurisdictions,
        FunctionRecord: index.functions,
        EventRecord: index.events,
        ExceptionRecord: index.exceptions,
    }
    tables[type(record)][ident] = Placed(record, where, label)


def _merge(base: SeedIndex, top: SeedIndex) -> SeedIndex:
    merged = SeedIndex()
    for name in ("jurisdictions", "functions", "documents", "bodies", "duties", "events", "figures", "exceptions"):
        getattr(merged, name).update(getattr(base, name))
        getattr(merged, name).update(getattr(top, name))
    merged.correspondences = [*base.correspondences, *top.correspondences]
    return merged


def _apply(request: EventRequest, context: _Context) -> SeedIndex:
    """The records the event writes: new ones, and changed copies of existing ones."""
    known = context.index
    prov = {"sources": [request.document], "confidence": request.confidence, "note": request.note}
    if request.confidence is Confidence.INFERRED and not request.note:
        raise BadUserInputError("an inferred event must say in `note` what it was inferred from")
    written = SeedIndex()
    date: PartialDate = request.date

    def cited(key: str) -> dict[str, Any]:
        """The provenance of one record: the event's, with where in the document it stands."""
        citations = request.citations.get(key)
        return {**prov, "citations": citations} if citations else prov

    if known.documents[request.document].file == "request":
        _place(written, known.documents[request.document].record, "request")
    for new in request.new_bodies:
        if new.id in known.bodies:
            raise ConflictError(f"body {new.id!r} exists already")
        body = BodyRecord(
            id=new.id,
            name=new.name,
            short_name=new.short_name,
            aliases=list(new.aliases),
            kind=new.kind,
            jurisdiction=request.jurisdiction,
            requirement=new.requirement,
            valid_from=date,
            functions=list(new.functions),
            parent=new.parent,
            managed_by=new.managed_by,
            staffing=new.staffing,
            **cited(new.id),
        )
        _place(written, body, "request")
    for ident in {*request.original, *request.duties_from, *request.end_bodies}:
        _check_alive(_existing(known.bodies, ident, "body"), date)
    for ident in request.end_bodies:
        body = _existing(known.bodies, ident, "body")
        _place(written, _revised(body, valid_to=date), "request")
    for plate in request.nameplates:
        base = _written_or_known(written.bodies, known.bodies, plate.body)
        nameplate = Nameplate(name=plate.name, valid_from=date, **cited(f"nameplate:{plate.name}"))
        _place(written, _revised(base, nameplates=[*base.nameplates, nameplate]), "request")
    for move in request.duty_moves:
        _place(written, _moved(move, known, date, cited(move.duty)), "request")
    for corr in request.correspondences:
        _place(
            written,
            CorrespondenceRecord(
                lower=corr.lower, upper=corr.upper, match=corr.match, functions=list(corr.functions), **prov
            ),
            "request",
        )
    for exc in request.exceptions:
        _place(
            written,
            ExceptionRecord(
                id=exc.id, jurisdiction=exc.jurisdiction, function=exc.function, description=exc.description, **prov
            ),
            "request",
        )
    try:
        event = EventRecord(
            id=request.id,
            type=request.type,
            date=date,
            jurisdiction=request.jurisdiction,
            document=request.document,
            description=request.description,
            original=list(request.original),
            # new bodies result from the event; new sections are parts of them, not results
            resulting=[
                *request.resulting,
                *(
                    b.id
                    for b in request.new_bodies
                    if b.id not in request.resulting and b.kind is not BodyKind.INTERNAL_SECTION
                ),
            ],
            duties_from=list(request.duties_from),
            duties=[m.duty for m in request.duty_moves],
            duties_lapse=request.duties_lapse,
            **cited(request.id),
        )
    except ValidationError as exc:
        problems = "; ".join(validation_messages(exc))
        raise BadUserInputError(f"the event breaks a rule of change events: {problems}") from None
    if event.type is EventType.ABOLISHED and not request.end_bodies:
        raise BadUserInputError("an abolished event must end its original bodies (`endBodies`)")
    _place(written, event, "request")
    return written


def _existing(table: dict[str, Placed[M]], ident: str, what: str) -> M:
    placed = table.get(ident)
    if placed is None:
        raise BadUserInputError(f"unknown {what} {ident!r}")
    return placed.record


def _written_or_known(written: dict[str, Placed[M]], known: dict[str, Placed[M]], ident: str) -> M:
    return written[ident].record if ident in written else _existing(known, ident, "body")


def _moved(move: Any, known: SeedIndex, date: PartialDate, prov: dict[str, Any]) -> DutyRecord:
    placed = known.duties.get(move.duty)
    if placed is None:
        if move.text is None:
            raise BadUserInputError(f"unknown duty {move.duty!r}: give its `text` to create it")
        holders = []
        if move.from_body:
            holders.append(Holding(body=move.from_body, valid_to=date, **prov))
        holders.append(Holding(body=move.to_body, valid_from=date, **prov))
        return DutyRecord(id=move.duty, text=move.text, function=move.function, holders=holders, **prov)
    duty = placed.record
    holders = list(duty.holders)
    if move.from_body:
        open_holdings = [i for i, h in enumerate(holders) if h.body == move.from_body and h.valid_to is None]
        if not open_holdings:
            raise BadUserInputError(f"{move.from_body} does not hold {move.duty} now")
        i = open_holdings[-1]
        # a shared duty stays with its holder too; otherwise the holding ends on the date
        holders[i] = _revised(holders[i], shared=True) if move.shared else _revised(holders[i], valid_to=date)
    holders.append(Holding(body=move.to_body, valid_from=date, shared=move.shared, **prov))
    return _revised(duty, holders=holders)


def _revised(record: M, **changes: Any) -> M:
    """A changed copy, validated again (model_copy alone would skip the model's checks)."""
    try:
        return type(record).model_validate({**record.model_dump(), **changes})
    except ValidationError as exc:
        problems = "; ".join(validation_messages(exc))
        raise BadUserInputError(f"the event is refused: {problems}") from None


def _check_alive(body: BodyRecord, date: PartialDate) -> None:
    """The event's date must fall within the body's validity (as far as the dates can tell)."""
    if body.valid_from is not None and date.latest < body.valid_from.earliest:
        raise BadUserInputError(f"the event ({date}) is before {body.id} existed ({body.valid_from})")
    if body.valid_to is not None and date.earliest > body.valid_to.latest:
        raise BadUserInputError(f"the event ({date}) is after {body.id} ended ({body.valid_to})")


async def _bump_versions(
    tx: Transaction, touched: list[str], request: EventRequest, current: dict[str, int]
) -> dict[str, int]:
    expected = {uid("body", v.body): v.version for v in request.expected_versions}
    unknown = sorted(set(expected) - set(current))
    if unknown:
        raise BadUserInputError(f"expectedVersions names bodies the event does not touch: {', '.join(unknown)}")
    rows = await tx.run(QueryName.BUMP_VERSIONS, uids=touched)
    versions = {row["uid"]: row["version"] for row in rows}
    for body_uid, version in versions.items():
        wanted = expected.get(body_uid, current[body_uid]) + 1
        if version != wanted:
            raise ConflictError(
                f"{body_uid.removeprefix('body:')} was changed by another edit (version {version - 1}, "
                f"expected {wanted - 1}): read it again and retry"
            )
    return versions


async def _snapshot(tx: Transaction, plan: GraphPlan) -> dict[str, Any]:
    nodes = await tx.run(QueryName.SNAPSHOT_NODES, uids=sorted(plan.nodes))
    rels = await tx.run(
        QueryName.SNAPSHOT_RELATIONSHIPS, rows=[{"rid": r.rid, "start": r.start} for r in plan.rels.values()]
    )
    return {
        "nodes": [
            {"uid": r["uid"], "label": r["label"], "props": _plain(r["props"]) if r["label"] else None} for r in nodes
        ],
        "rels": [
            {
                "rid": rel.rid,
                "type": r["type"] or rel.type,
                "start": rel.start,
                "end": r["end"] or rel.end,
                "props": _plain(r["props"]) if r["props"] is not None else None,
            }
            for r, rel in zip(rels, plan.rels.values(), strict=True)
        ],
    }


async def _write(tx: Transaction, plan: GraphPlan) -> None:
    await tx.run(
        QueryName.UPSERT_NODES, rows=[{"uid": n.uid, "label": n.label, "props": n.props} for n in plan.nodes.values()]
    )
    await tx.run(
        QueryName.UPSERT_RELATIONSHIPS,
        rows=[
            {"rid": r.rid, "type": r.type, "start": r.start, "end": r.end, "props": r.props} for r in plan.rels.values()
        ],
    )


async def _audit(
    tx: Transaction,
    principal: Principal,
    *,
    action: str,
    event_id: str,
    document: str | None,
    summary: str,
    payload_hash: str | None,
    snapshot: dict[str, Any] | None,
    uids: list[str],
    body_ids: list[str],
) -> dict[str, Any]:
    entry = {
        "id": f"audit-{uuid.uuid4()}",
        "action": action,
        "eventId": event_id,
        "actor": principal.label,
        "role": principal.role.name.lower() if principal.role else "anonymous",
        "document": document,
        "summary": summary,
        "payloadHash": payload_hash,
        "uids": uids,
        "bodyIds": body_ids,
        "snapshot": json.dumps(snapshot, ensure_ascii=False) if snapshot is not None else None,
    }
    rows = await tx.run(QueryName.CREATE_AUDIT_ENTRY, entry={k: v for k, v in entry.items() if v is not None})
    return dict(rows[0]["entry"])


def _summary(request: EventRequest) -> str:
    parts = [f"{request.type.value} on {request.date} in {request.jurisdiction}"]
    if request.new_bodies:
        parts.append("new: " + ", ".join(b.id for b in request.new_bodies))
    if request.end_bodies:
        parts.append("ended: " + ", ".join(request.end_bodies))
    if request.duty_moves:
        parts.append("duties: " + ", ".join(m.duty for m in request.duty_moves))
    return "; ".join(parts)


# --- retraction ---------------------------------------------------------------------------


async def retract_event(db: Database, event_id: str, reason: str, principal: Principal) -> dict[str, Any]:
    """Put back everything the event's edit wrote, and audit the retraction."""

    async def work(tx: Transaction) -> dict[str, Any]:
        rows = await tx.run(QueryName.AUDIT_BY_EVENT, eventId=event_id)
        if not rows:
            raise NotFoundError(f"no event {event_id!r} was recorded through the API")
        entry = rows[0]["entry"]
        if entry.get("retractedBy"):
            raise ConflictError(f"event {event_id!r} is already retracted")
        later = await tx.run(QueryName.LATER_AUDIT_ENTRIES, at=entry["at"], uids=entry["uids"])
        if later:
            names = ", ".join(r["eventId"] for r in later)
            raise ConflictError(f"later events changed the same records ({names}): retract them first")
        snapshot = json.loads(entry["snapshot"])
        body_uids = [uid("body", b) for b in entry.get("bodyIds", [])]
        await tx.run(QueryName.RESTORE_RELATIONSHIPS, rows=[_typed(r) for r in snapshot["rels"]])
        created = [n["uid"] for n in snapshot["nodes"] if n["props"] is None]
        await tx.run(QueryName.DELETE_CREATED_NODES, uids=created)
        restored = [
            {"uid": n["uid"], "label": n["label"], "props": _typed_props(n["props"])}
            for n in snapshot["nodes"]
            if n["props"] is not None
        ]
        await tx.run(QueryName.RESTORE_NODES, rows=restored)
        await tx.run(QueryName.BUMP_VERSIONS, uids=[u for u in body_uids if u not in created])
        audit = await _audit(
            tx,
            principal,
            action="retract",
            event_id=event_id,
            document=entry.get("document"),
            summary=f"retracted {event_id}: {reason}",
            payload_hash=None,
            snapshot=None,
            uids=entry["uids"],
            body_ids=entry.get("bodyIds", []),
        )
        await tx.run(QueryName.MARK_RETRACTED, eventId=event_id, retractedBy=audit["id"])
        return audit

    return await db.in_write_transaction(work)


# --- JSON for snapshots (Neo4j dates survive the round trip) -----------------------------------


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain_value(v) for k, v in to_python(props).items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    return value


def _typed_props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: _typed_value(v) for k, v in props.items()}


def _typed_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_typed_value(v) for v in value]
    if isinstance(value, dict) and "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if isinstance(value, dict) and "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    return value


def _typed(rel: dict[str, Any]) -> dict[str, Any]:
    return {**rel, "props": _typed_props(rel["props"]) if rel["props"] is not None else None}
