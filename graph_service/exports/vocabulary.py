"""The JSON-LD context and our own namespace, og: (docs/exports.md lists and explains every term).

Everything a standard vocabulary says is said with it: W3C ORG (organisations, units, change
events, purposes), PROV (sources), SKOS (labels, notes, duties as concepts) and Dublin Core
terms (identifiers, titles, dates, jurisdictions). og: holds only what none of them has: the
graph's provenance marks (confidence, inferred parts), dates as imprecise as their sources,
and relations of the model ORG lacks (managed by, holdings, nameplates ...). The URIs are
stable: changing one is a breaking change of the export format.
"""

from __future__ import annotations

from typing import Any

OG = "https://orggraph.example/ns#"
#: where the exported nodes' IRIs live: <ID>body/<id>, <ID>jurisdiction/<code>, ...
ID = "https://orggraph.example/id/"
#: the org:classification concepts, one per body kind: <KIND>government_department
KIND = "https://orggraph.example/ns/kind/"

CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "og": OG,
    "ogid": ID,
    "ogkind": KIND,
}

#: og: classes, with what they are (docs/exports.md repeats this table; a test compares them)
OG_CLASSES: dict[str, str] = {
    "Duty": "a duty (职责) a body holds over time; also a skos:Concept, so it can be an org:purpose",
    "Holding": "a body holding a duty for a time, with its own sources (the graph's HOLDS)",
    "Nameplate": "an additional name a body carries (挂牌), with its own sources and dates",
    "Correspondence": "a recorded correspondence of a lower body to an upper one (CORRESPONDS_TO)",
    "Citation": "where in a document a fact stands: the document, a locator and the source's words",
    "Export": "the export itself: its jurisdictions, date and scope",
}

#: og: properties, with what they mean
OG_PROPERTIES: dict[str, str] = {
    "confidence": "`confirmed` (a source states it) or `inferred` (completed from a template or by reasoning)",
    "inferredPart": "a field of a confirmed record that was inferred (the rest a source states)",
    "citation": "a located reference (og:Citation) of the record",
    "citedDocument": "the document of a citation",
    "locator": "where in the document (a section or paragraph)",
    "quote": "the source's words",
    "existence": "for a body on the export's date: `certain` (its dates say it existed) or `possible`",
    "validFrom": "when it started, as the source writes it (a year, month, day or window)",
    "validFromPrecision": "year, month, day or window",
    "validFromEarliest": "the first day validFrom may mean (xsd:date)",
    "validFromLatest": "the last day validFrom may mean (xsd:date)",
    "validTo": "the period in which it ended, as the source writes it",
    "validToPrecision": "year, month, day or window",
    "validToEarliest": "the first day validTo may mean (xsd:date)",
    "validToLatest": "the last day validTo may mean (xsd:date)",
    "datePrecision": "the precision of an event's or document's dct:date",
    "dateEarliest": "the first day dct:date may mean (xsd:date)",
    "dateLatest": "the last day dct:date may mean (xsd:date)",
    "requirement": "`required` (必设, the upper level requires it) or `local` (因地制宜)",
    "function": "the code of a field (function) a body covers or a duty belongs to",
    "formerName": "a name the body had before",
    "externalId": "an identifier another register gives the body",
    "level": "a jurisdiction's level: province, city, county or town",
    "managedBy": "the department that manages a body (部门管理机构, 派出机构 ...)",
    "jointOfficeWith": "a body sharing its office with this one (合署办公)",
    "officeIn": "the body in which a commission's office sits (设在)",
    "officeName": "the name of a commission's office",
    "leads": "the commission this body leads",
    "nameplate": "an og:Nameplate of the body",
    "holder": "the body of an og:Holding",
    "duty": "the og:Duty of an og:Holding",
    "order": "the holding's place in the duty's history (0 first)",
    "shared": "whether the holding may overlap another holding of the same duty",
    "eventType": "formed, reformed, merged, split, renamed, replaced, abolished, duties_transferred ...",
    "count": "how many bodies or functions an event concerned when a source gives only a number",
    "dutiesLapse": "whether the duties of an abolished body lapse (no later holder)",
    "dutiesFrom": "an original organisation that only handed over duties (it continues, or ends elsewhere)",
    "movesDuty": "a duty the event moved",
    "basedOn": "the document (decision, plan) the event is based on",
    "lowerBody": "the lower body of a correspondence",
    "upperBody": "the upper body of a correspondence",
    "match": "exact, merged or vertical",
    "issuer": "who issued a document",
    "documentKind": "a document's kind (article, plan, web_page ...)",
    "asOf": "the date the export describes (xsd:date)",
    "withDescendants": "whether the export includes the jurisdictions under those asked for",
}


def og_terms() -> frozenset[str]:
    """Every IRI of our namespace the exporter may write."""
    return frozenset(OG + name for name in (*OG_CLASSES, *OG_PROPERTIES))
