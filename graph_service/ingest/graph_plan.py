"""Turn validated records into the nodes and relationships the graph should hold.

Every node gets the label `Record` and a global `uid` (`<kind>:<id>`), besides its own label;
every relationship gets a deterministic `rid`. Both carry `origin: 'seed'`, `sources` and
`confidence`. Property names are camelCase; dates keep their text, precision and the first
and last day they may mean (see docs/model.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel

from graph_service.domain.dates import PartialDate
from graph_service.ingest.records import DUTIES_ONLY_TYPES, BodyRecord, Provenance
from graph_service.ingest.validate import SeedIndex

ORIGIN = "seed"
#: the `role` of an ORIGINAL relationship (docs/model.md, "Lineage relations")
ROLE_PREDECESSOR = "predecessor"
ROLE_DUTIES_ONLY = "duties_only"

Props = dict[str, Any]


@dataclass(frozen=True)
class PlannedNode:
    uid: str
    label: str
    props: Props


@dataclass(frozen=True)
class PlannedRel:
    rid: str
    type: str
    start: str
    end: str
    props: Props


@dataclass
class GraphPlan:
    nodes: dict[str, PlannedNode]
    rels: dict[str, PlannedRel]


def uid(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def _provenance(record: Provenance) -> Props:
    props: Props = {"origin": ORIGIN, "sources": list(record.sources), "confidence": record.confidence.value}
    if record.note:
        props["note"] = record.note
    if record.inferred:
        props["inferredParts"] = list(record.inferred)
    if record.citations:
        # parallel lists: Neo4j properties hold no maps ("" where the reference gave none)
        props["citationSources"] = [ref.id for ref in record.citations]
        props["citationLocators"] = [ref.locator or "" for ref in record.citations]
        props["citationQuotes"] = [ref.quote or "" for ref in record.citations]
    return props


def _date(prefix: str, value: PartialDate | None) -> Props:
    if value is None:
        return {}
    return {
        prefix: value.text,
        f"{prefix}Precision": value.precision,
        f"{prefix}Earliest": value.earliest,
        f"{prefix}Latest": value.latest,
    }


def _clean(props: Props) -> Props:
    """Neo4j stores no nulls and no empty lists of unknown type: leave them out."""
    return {k: v for k, v in props.items() if v is not None and v != []}


class _Planner:
    def __init__(self) -> None:
        self.plan = GraphPlan(nodes={}, rels={})

    def node(self, kind: str, ident: str, label: str, props: Props, record: BaseModel | None = None) -> str:
        node_uid = uid(kind, ident)
        if record is not None:
            # the record as written, so a curator's edit can start from it (graph_service/curation)
            props = {**props, "record": record.model_dump_json(exclude_defaults=True)}
        self.plan.nodes[node_uid] = PlannedNode(node_uid, label, _clean({"uid": node_uid, **props}))
        return node_uid

    def rel(self, rel_type: str, start: str, end: str, props: Props, discriminator: str = "") -> None:
        rid = f"{rel_type}:{start}->{end}" + (f"#{discriminator}" if discriminator else "")
        self.plan.rels[rid] = PlannedRel(rid, rel_type, start, end, _clean({"rid": rid, **props}))


def plan_graph(index: SeedIndex, origin: str = ORIGIN) -> GraphPlan:
    """Nodes and relationships for every record of `index`, marked as written by `origin`."""
    p = _Planner()
    for code, pj in index.jurisdictions.items():
        j = pj.record
        p.node(
            "jurisdiction",
            code,
            "Jurisdiction",
            {"code": code, "name": j.name, "nameEn": j.name_en, "level": j.level.value, **_provenance(j)},
            record=j,
        )
    for code, pj in index.jurisdictions.items():
        if pj.record.parent:
            p.rel("PART_OF", uid("jurisdiction", code), uid("jurisdiction", pj.record.parent), _provenance(pj.record))
    for code, pf in index.functions.items():
        f = pf.record
        p.node(
            "function",
            code,
            "Function",
            {
                "code": code,
                "name": f.name,
                "nameEn": f.name_en,
                "requiredAt": [level.value for level in f.required_at],
                **_provenance(f),
            },
            record=f,
        )
    for ident, pd in index.documents.items():
        d = pd.record
        p.node(
            "document",
            ident,
            "Document",
            {
                "id": ident,
                "title": d.title,
                "kind": d.kind,
                "issuer": d.issuer,
                "url": d.url,
                # about: [] (a template) is kept apart from unset (not restricted)
                "about": list(d.about) if d.about else None,
                "template": d.about == [] or None,
                "heldText": d.text,
                **_date("date", d.date),
                **_provenance(d),
            },
            record=d,
        )
    for pb in index.bodies.values():
        _plan_body(p, pb.record)
    for ident, pdu in index.duties.items():
        duty = pdu.record
        duty_uid = p.node(
            "duty",
            ident,
            "Duty",
            {
                "id": ident,
                "text": duty.text,
                "textEn": duty.text_en,
                "function": duty.function,
                # lower-cased here, so `duties(text:)` compares it as stored and its text index serves
                "searchText": " ".join(filter(None, [duty.text, duty.text_en])).lower(),
                **_provenance(duty),
            },
            record=duty,
        )
        if duty.function:
            p.rel("IN_FIELD", duty_uid, uid("function", duty.function), _provenance(duty))
        for order, holding in enumerate(duty.holders):
            p.rel(
                "HOLDS",
                uid("body", holding.body),
                duty_uid,
                {
                    "order": order,
                    "shared": holding.shared,
                    **_date("validFrom", holding.valid_from),
                    **_date("validTo", holding.valid_to),
                    **_provenance(holding),
                },
                discriminator=str(order),
            )
    for ident, pe in index.events.items():
        e = pe.record
        event_uid = p.node(
            "event",
            ident,
            "ReformEvent",
            {
                "id": ident,
                "type": e.type.value,
                "description": e.description,
                "jurisdiction": e.jurisdiction,
                "document": e.document,
                "dutiesLapse": e.duties_lapse,
                "count": e.count,
                **_date("date", e.date),
                **_provenance(e),
            },
            record=e,
        )
        prov = _provenance(e)
        p.rel("IN_JURISDICTION", event_uid, uid("jurisdiction", e.jurisdiction), prov)
        p.rel("BASED_ON", event_uid, uid("document", e.document), prov)
        # role: a predecessor (ended or re-formed by the event) or a body that only handed over duties
        original_role = ROLE_DUTIES_ONLY if e.type in DUTIES_ONLY_TYPES else ROLE_PREDECESSOR
        for body in e.original:
            p.rel("ORIGINAL", event_uid, uid("body", body), {**prov, "role": original_role})
        for body in e.duties_from:
            p.rel("ORIGINAL", event_uid, uid("body", body), {**prov, "role": ROLE_DUTIES_ONLY})
        for body in e.resulting:
            p.rel("RESULTING", event_uid, uid("body", body), prov)
        for duty_id in e.duties:
            p.rel("MOVES", event_uid, uid("duty", duty_id), prov)
    for ident, pfig in index.figures.items():
        f2 = pfig.record
        fig_uid = p.node(
            "figure",
            ident,
            "Figure",
            {
                "id": ident,
                "jurisdiction": f2.jurisdiction,
                "metric": f2.metric,
                "value": f2.value,
                "description": f2.description,
                **_date("asOf", f2.as_of),
                **_provenance(f2),
            },
        )
        p.rel("ABOUT", fig_uid, uid("jurisdiction", f2.jurisdiction), _provenance(f2))
        if f2.event:
            p.rel("OF_EVENT", fig_uid, uid("event", f2.event), _provenance(f2))
    for ident, px in index.exceptions.items():
        x = px.record
        exc_uid = p.node(
            "exception",
            ident,
            "CorrespondenceException",
            {
                "id": ident,
                "jurisdiction": x.jurisdiction,
                "function": x.function,
                "description": x.description,
                **_provenance(x),
            },
            record=x,
        )
        p.rel("APPLIES_TO", exc_uid, uid("jurisdiction", x.jurisdiction), _provenance(x))
        p.rel("EXEMPTS", exc_uid, uid("function", x.function), _provenance(x))
    for ident, pc in index.completeness.items():
        c0 = pc.record
        statement_uid = p.node(
            "completeness",
            ident,
            "Completeness",
            {
                "id": ident,
                "jurisdiction": c0.jurisdiction,
                "scope": c0.scope,
                "description": c0.description,
                **_date("asOf", c0.as_of),
                **_date("until", c0.until),
                **_provenance(c0),
            },
        )
        p.rel("ABOUT", statement_uid, uid("jurisdiction", c0.jurisdiction), _provenance(c0))
    for placed_corr in index.correspondences:
        c = placed_corr.record
        p.rel(
            "CORRESPONDS_TO",
            uid("body", c.lower),
            uid("body", c.upper),
            {"match": c.match.value, "functions": list(c.functions), **_provenance(c)},
        )
    if origin != ORIGIN:
        for node in p.plan.nodes.values():
            node.props["origin"] = origin
        for rel in p.plan.rels.values():
            rel.props["origin"] = origin
    for node in p.plan.nodes.values():
        node.props[DIGEST] = digest(node.props)
    for rel in p.plan.rels.values():
        rel.props[DIGEST] = digest(rel.props)
    return p.plan


#: the property holding the digest of everything else the loader wrote on a node or relationship
DIGEST = "seedDigest"


def digest(props: Props) -> str:
    """A digest of the properties as planned (the loader diffs digests, not property maps)."""
    # orjson: the same sorted-key JSON idea as json.dumps at a tenth of the cost (a national plan
    # digests 3 million maps); its compact text differs, so the first load after the change
    # rewrites every digest once
    text = orjson.dumps({k: v for k, v in props.items() if k != DIGEST}, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _plan_body(p: _Planner, b: BodyRecord) -> None:
    prov = _provenance(b)
    plate_names = [plate.name for plate in b.nameplates]
    search = " ".join(
        dict.fromkeys([b.name, *(filter(None, [b.short_name])), *b.aliases, *b.former_names, *plate_names])
    )
    staffing = b.staffing
    body_uid = p.node(
        "body",
        b.id,
        "Body",
        {
            "id": b.id,
            "name": b.name,
            "shortName": b.short_name,
            "aliases": list(b.aliases),
            "formerNames": list(b.former_names),
            "kind": b.kind.value,
            "jurisdiction": b.jurisdiction,
            "requirement": b.requirement.value if b.requirement else None,
            "functions": list(b.functions),
            "searchText": search,
            "staffingQuota": staffing.quota if staffing else None,
            "leadershipPosts": staffing.leadership_posts if staffing else None,
            "staffingNote": staffing.note if staffing else None,
            "externalIds": [f"{k}={v}" for k, v in sorted(b.external_ids.items())],
            "officeName": b.office.name if b.office else None,
            **_date("validFrom", b.valid_from),
            **_date("validTo", b.valid_to),
            **prov,
        },
        record=b,
    )
    p.rel("IN_JURISDICTION", body_uid, uid("jurisdiction", b.jurisdiction), prov)
    for code in b.functions:
        p.rel("COVERS", body_uid, uid("function", code), prov)
    if b.parent:
        p.rel("PART_OF", body_uid, uid("body", b.parent), prov)
    if b.managed_by:
        p.rel("MANAGED_BY", body_uid, uid("body", b.managed_by), prov)
    for other in b.joint_office_with:
        p.rel("JOINT_OFFICE_WITH", body_uid, uid("body", other), prov)
    if b.office:
        p.rel("OFFICE_IN", body_uid, uid("body", b.office.host), {"officeName": b.office.name, **prov})
    for lead in b.lead:
        p.rel("LEADS", uid("body", lead), body_uid, prov)
    for member in b.members:
        p.rel("MEMBER_OF", uid("body", member), body_uid, prov)
    for plate in b.nameplates:
        plate_uid = p.node(
            "nameplate",
            f"{b.id}/{plate.name}",
            "Nameplate",
            {
                "name": plate.name,
                "body": b.id,
                "searchText": plate.name,
                **_date("validFrom", plate.valid_from),
                **_date("validTo", plate.valid_to),
                **_provenance(plate),
            },
        )
        p.rel("HAS_NAMEPLATE", body_uid, plate_uid, _provenance(plate))
