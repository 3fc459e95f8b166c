"""W3C ORG / PROV / SKOS / Dublin Core as one JSON-LD 1.1 document, written node by node.

The document is `{"@context": ..., "@graph": [node, node, ...]}`: the context is inlined (no
URL to load), and each record of the graph is one node, written as soon as its page is read.
docs/exports.md shows which class and property each part of the model becomes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson

from graph_service.exports.common import holding_order, iri
from graph_service.exports.reader import ExportReader, Kind
from graph_service.exports.vocabulary import CONTEXT, KIND

Node = dict[str, Any]


def _ref(kind: str, ident: str) -> dict[str, str]:
    return {"@id": iri(kind, ident)}


def _refs(kind: str, idents: list[str]) -> list[dict[str, str]]:
    return [_ref(kind, ident) for ident in idents]


def _date(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:date"}


def _put(node: Node, key: str, value: Any) -> None:
    """Set key unless the value is empty (JSON-LD drops nulls anyway; this keeps output small)."""
    if value is None or value == [] or value == "":
        return
    node[key] = value


def _provenance(node: Node, row: dict[str, Any]) -> None:
    """Sources, confidence, note, inferred parts and citations: every exported record has them."""
    _put(node, "prov:wasDerivedFrom", _refs("document", row.get("sources") or []))
    _put(node, "og:confidence", row.get("confidence"))
    _put(node, "skos:note", row.get("note"))
    _put(node, "og:inferredPart", row.get("inferredParts") or [])
    citations = []
    for i, source in enumerate(row.get("citationSources") or []):
        citation: Node = {"@type": "og:Citation", "og:citedDocument": _ref("document", source)}
        _put(citation, "og:locator", (row.get("citationLocators") or [""] * (i + 1))[i])
        _put(citation, "og:quote", (row.get("citationQuotes") or [""] * (i + 1))[i])
        citations.append(citation)
    _put(node, "og:citation", citations)


def _validity(node: Node, row: dict[str, Any]) -> None:
    for end in ("validFrom", "validTo"):
        _put(node, f"og:{end}", row.get(end))
        _put(node, f"og:{end}Precision", row.get(f"{end}Precision"))
        for bound in ("Earliest", "Latest"):
            if row.get(end + bound):
                node[f"og:{end}{bound}"] = _date(row[end + bound])


def _label(text: str | None, language: str) -> dict[str, str] | None:
    return {"@value": text, "@language": language} if text else None


def jurisdiction_node(row: dict[str, Any]) -> Node:
    node: Node = {"@id": iri("jurisdiction", row["code"]), "@type": "dct:Jurisdiction", "dct:identifier": row["code"]}
    node["skos:prefLabel"] = [label for label in (_label(row["name"], "zh"), _label(row.get("nameEn"), "en")) if label]
    _put(node, "og:level", row.get("level"))
    if row.get("parent"):
        node["dct:isPartOf"] = _ref("jurisdiction", row["parent"])
    _provenance(node, row)
    return node


def body_node(row: dict[str, Any]) -> Node:
    section = row["kind"] == "internal_section"
    node: Node = {
        "@id": iri("body", row["id"]),
        "@type": "org:OrganizationalUnit" if section else "org:Organization",
        "dct:identifier": row["id"],
        "skos:prefLabel": _label(row["name"], "zh"),
        "org:classification": {"@id": KIND + row["kind"]},
        "dct:spatial": _ref("jurisdiction", row["jurisdiction"]),
        "og:existence": "certain" if row["certain"] else "possible",
    }
    others = dict.fromkeys(n for n in [row.get("shortName"), *row["aliases"]] if n and n != row["name"])
    _put(node, "skos:altLabel", [_label(n, "zh") for n in others])
    _put(node, "og:formerName", [_label(n, "zh") for n in row["formerNames"]])
    _put(node, "og:externalId", row["externalIds"])
    _put(node, "og:requirement", row.get("requirement"))
    _put(node, "og:function", row["functions"])
    _validity(node, row)
    if row.get("parent"):
        node["org:unitOf" if section else "org:subOrganizationOf"] = _ref("body", row["parent"])
    _put(node, "org:hasSubOrganization", _refs("body", row["children"]))
    if row.get("managedBy"):
        node["og:managedBy"] = _ref("body", row["managedBy"])
    _put(node, "og:jointOfficeWith", _refs("body", row["jointOffices"]))
    if row.get("officeIn"):
        node["og:officeIn"] = _ref("body", row["officeIn"]["body"])
        _put(node, "og:officeName", _label(row["officeIn"].get("name"), "zh"))
    _put(node, "og:leads", _refs("body", row["leads"]))
    _put(node, "org:memberOf", _refs("body", row["memberOf"]))
    # the duties it certainly held on the date; each holding's own sources are on its og:Holding
    _put(node, "org:purpose", _refs("duty", row["duties"]))
    _put(node, "org:resultedFrom", _refs("event", row["resultedFrom"]))
    _put(node, "org:changedBy", _refs("event", row["changedBy"]))
    _put(node, "og:nameplate", [_nameplate(plate) for plate in row["nameplates"]])
    _provenance(node, row)
    return node


def _nameplate(row: dict[str, Any]) -> Node:
    node: Node = {"@id": iri("nameplate", row["uid"].partition(":")[2]), "@type": "og:Nameplate"}
    node["skos:prefLabel"] = _label(row["name"], "zh")
    _put(node, "og:validFrom", row.get("validFrom"))
    _put(node, "og:validFromPrecision", row.get("validFromPrecision"))
    _put(node, "og:validTo", row.get("validTo"))
    _put(node, "og:validToPrecision", row.get("validToPrecision"))
    _provenance(node, row)
    return node


def duty_node(row: dict[str, Any]) -> Node:
    node: Node = {"@id": iri("duty", row["id"]), "@type": ["og:Duty", "skos:Concept"], "dct:identifier": row["id"]}
    node["skos:prefLabel"] = [label for label in (_label(row["text"], "zh"), _label(row.get("textEn"), "en")) if label]
    _put(node, "og:function", row.get("function"))
    _provenance(node, row)
    return node


def holding_node(row: dict[str, Any]) -> Node:
    node: Node = {
        "@id": iri("holding", row["body"], row["duty"], holding_order(row["rid"])),
        "@type": "og:Holding",
        "og:holder": _ref("body", row["body"]),
        "og:duty": _ref("duty", row["duty"]),
        "og:shared": row["shared"],
        "og:existence": "certain" if row["certain"] else "possible",
    }
    _put(node, "og:order", row.get("order"))
    _validity(node, row)
    _provenance(node, row)
    return node


def event_node(row: dict[str, Any]) -> Node:
    node: Node = {
        "@id": iri("event", row["id"]),
        "@type": "org:ChangeEvent",
        "dct:identifier": row["id"],
        "og:eventType": row["type"],
        "dct:spatial": _ref("jurisdiction", row["jurisdiction"]),
        "org:originalOrganization": _refs("body", row["original"]),
        "org:resultingOrganization": _refs("body", row["resulting"]),
        "og:dutiesLapse": row["dutiesLapse"],
    }
    _put(node, "og:dutiesFrom", _refs("body", row["dutiesFrom"]))
    _put(node, "og:movesDuty", _refs("duty", row["duties"]))
    _put(node, "dct:description", _label(row.get("description"), "zh"))
    _put(node, "og:count", row.get("count"))
    _put(node, "dct:date", row.get("date"))
    _put(node, "og:datePrecision", row.get("datePrecision"))
    for bound in ("Earliest", "Latest"):
        if row.get("date" + bound):
            node["og:date" + bound] = _date(row["date" + bound])
    if row.get("document"):
        node["og:basedOn"] = _ref("document", row["document"])
    _provenance(node, row)
    return node


def correspondence_node(row: dict[str, Any]) -> Node:
    node: Node = {
        "@id": iri("correspondence", row["lower"], row["upper"]),
        "@type": "og:Correspondence",
        "og:lowerBody": _ref("body", row["lower"]),
        "og:upperBody": _ref("body", row["upper"]),
    }
    _put(node, "og:match", row.get("match"))
    _put(node, "og:function", row["functions"])
    _provenance(node, row)
    return node


def document_node(row: dict[str, Any]) -> Node:
    node: Node = {
        "@id": iri("document", row["id"]),
        "@type": ["prov:Entity", "dct:BibliographicResource"],
        "dct:identifier": row["id"],
    }
    _put(node, "dct:title", _label(row.get("title"), "zh"))
    _put(node, "og:documentKind", row.get("kind"))
    _put(node, "og:issuer", row.get("issuer"))
    if row.get("url"):
        node["rdfs:seeAlso"] = {"@id": row["url"]}
    _put(node, "dct:date", row.get("date"))
    _put(node, "og:datePrecision", row.get("datePrecision"))
    for bound in ("Earliest", "Latest"):
        if row.get("date" + bound):
            node["og:date" + bound] = _date(row["date" + bound])
    _put(node, "og:confidence", row.get("confidence"))
    _put(node, "skos:note", row.get("note"))
    return node


_NODES = (
    (Kind.JURISDICTIONS, jurisdiction_node),
    (Kind.BODIES, body_node),
    (Kind.DUTIES, duty_node),
    (Kind.HOLDINGS, holding_node),
    (Kind.EVENTS, event_node),
    (Kind.CORRESPONDENCES, correspondence_node),
    (Kind.DOCUMENTS, document_node),  # last: the documents the others cite
)


def _export_node(reader: ExportReader) -> Node:
    scope = reader.scope
    return {
        "@id": iri("export", scope.label),
        "@type": ["og:Export", "prov:Entity"],
        "og:asOf": _date(scope.as_of.isoformat()),
        "dct:spatial": _refs("jurisdiction", list(scope.roots)),
        "og:withDescendants": scope.with_descendants,
    }


async def jsonld_chunks(reader: ExportReader) -> AsyncIterator[bytes]:
    yield b'{"@context": ' + orjson.dumps(CONTEXT) + b',\n "@graph": [\n'
    yield orjson.dumps(_export_node(reader))
    for kind, make in _NODES:
        async for row in reader.rows(kind):
            yield b",\n" + orjson.dumps(make(row))
    yield b"\n]}\n"
