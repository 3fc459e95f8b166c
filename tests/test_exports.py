"""Open-standard exports (docs/exports.md) of the real seed: W3C ORG JSON-LD parsed by rdflib and
checked term by term, Popolo checked against Popolo's own JSON Schemas, CSV tables, and paging.

The expected sets come from the tests' own Cypher, not from cypher/export/."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema
from neo4j import Driver
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.exports.reader import ExportReader, Kind
from graph_service.exports.run import ExportFormat, export_chunks
from graph_service.exports.scope import resolve_scope
from graph_service.exports.tables import TABLES, header
from graph_service.exports.vocabulary import ID, OG, OG_CLASSES, OG_PROPERTIES, og_terms
from graph_service.ingest.loader import LoadReport
from graph_service.paths import PROJECT_ROOT
from tests.neo4j_provider import Neo4jTarget

DAY = dt.date(2019, 6, 1)
CITY = "620700"
POPOLO_DIR = PROJECT_ROOT / "schemas" / "popolo"
POPOLO_BASE = "http://www.popoloproject.com/schemas/"

# Bodies whose dates allow the day (possibly existing), in a jurisdiction: the export's scope.
POSSIBLE_BODIES = """
MATCH (b:Body) WHERE b.jurisdiction IN $codes
  AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $day)
  AND (b.validToLatest IS NULL OR b.validToLatest >= $day)
RETURN b.id AS id, b.sources AS sources, b.confidence AS confidence, b.kind AS kind,
       [(b)-[:PART_OF]->(p:Body) | p.id] AS parents
"""
CITY_AND_BELOW = """
MATCH (j:Jurisdiction) WHERE j.code = $code OR (j)-[:PART_OF*]->(:Jurisdiction {code: $code})
RETURN j.code AS code
"""


def export(
    settings: Settings,
    form: ExportFormat,
    *,
    roots: tuple[str, ...] = (CITY,),
    descendants: bool = True,
    page_size: int = 1000,
    group_size: int = 32,
) -> tuple[bytes, ExportReader]:
    async def run() -> tuple[bytes, ExportReader]:
        db = Database.from_settings(settings)
        try:
            scope = await resolve_scope(db, roots, as_of=DAY, with_descendants=descendants)
            reader = ExportReader(db, scope, page_size=page_size, group_size=group_size)
            return b"".join([chunk async for chunk in export_chunks(form, reader)]), reader
        finally:
            await db.close()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def jsonld(seeded: LoadReport, settings: Settings) -> bytes:
    return export(settings, ExportFormat.ORG_JSONLD)[0]


@pytest.fixture(scope="module")
def rdf(jsonld: bytes) -> Graph:
    with warnings.catch_warnings():
        # rdflib 7's JSON-LD parser builds a ConjunctiveGraph, which rdflib itself deprecates
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=jsonld.decode(), format="json-ld")


@pytest.fixture(scope="module")
def scope_codes(seeded: LoadReport, sync_driver: Driver, neo4j_target: Neo4jTarget) -> list[str]:
    records, _, _ = sync_driver.execute_query(CITY_AND_BELOW, code=CITY, database_=neo4j_target.database)
    return [r["code"] for r in records]


@pytest.fixture(scope="module")
def expected_bodies(
    seeded: LoadReport, sync_driver: Driver, neo4j_target: Neo4jTarget, scope_codes: list[str]
) -> dict[str, dict[str, Any]]:
    records, _, _ = sync_driver.execute_query(
        POSSIBLE_BODIES, codes=scope_codes, day=DAY, database_=neo4j_target.database
    )
    return {r["id"]: r.data() for r in records}


def body(ident: str) -> URIRef:
    return URIRef(f"{ID}body/{ident}")


# --- JSON-LD ----------------------------------------------------------------------------------


def _standard(term: URIRef) -> bool:
    for namespace in (ORG, PROV, SKOS, DCTERMS):
        if term in namespace:  # a DefinedNamespace: only the terms the vocabulary defines
            return True
    return term in {RDF.type, RDFS.seeAlso, RDFS.label}


def test_jsonld_uses_only_org_prov_skos_dcterms_and_our_documented_terms(jsonld: bytes, rdf: Graph) -> None:
    document = json.loads(jsonld)
    assert isinstance(document["@context"], dict), "the context is inlined: nothing loads from a URL"
    assert len(rdf) > 1000
    ours = og_terms()
    predicates = {URIRef(str(p)) for p in rdf.predicates()}
    unknown = {str(p) for p in predicates if not _standard(p) and str(p) not in ours}
    assert not unknown, f"predicates in no vocabulary: {sorted(unknown)}"
    types = {URIRef(str(t)) for t in rdf.objects(None, RDF.type)}
    unknown_types = {str(t) for t in types if not _standard(t) and str(t) not in ours}
    assert not unknown_types, f"classes in no vocabulary: {sorted(unknown_types)}"
    assert {ORG.Organization, ORG.OrganizationalUnit, ORG.ChangeEvent, DCTERMS.Jurisdiction} <= types
    assert {ORG.subOrganizationOf, ORG.originalOrganization, ORG.resultingOrganization, ORG.purpose} <= predicates
    assert {PROV.wasDerivedFrom, SKOS.prefLabel, SKOS.altLabel} <= predicates


def test_jsonld_keys_are_all_mapped(jsonld: bytes) -> None:
    """A key the context does not map would be dropped silently by a JSON-LD processor."""
    prefixes = set(json.loads(jsonld)["@context"]) - {"@version"}

    def keys(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    for key in keys(json.loads(jsonld)["@graph"]):
        assert key.startswith("@") or key.partition(":")[0] in prefixes, key


def test_jsonld_has_the_bodies_of_the_day_with_their_sources_and_confidence(
    rdf: Graph, expected_bodies: dict[str, dict[str, Any]]
) -> None:
    exported = {
        str(s).removeprefix(f"{ID}body/")
        for t in (ORG.Organization, ORG.OrganizationalUnit)
        for s in rdf.subjects(RDF.type, t)
    }
    assert exported == set(expected_bodies)
    for ident, expected in expected_bodies.items():
        sources = {str(o).removeprefix(f"{ID}document/") for o in rdf.objects(body(ident), PROV.wasDerivedFrom)}
        assert sources == set(expected["sources"]), ident
        assert rdf.value(body(ident), URIRef(OG + "confidence")) == Literal(expected["confidence"])
        parents = {str(o).removeprefix(f"{ID}body/") for o in rdf.objects(body(ident), ORG.subOrganizationOf)}
        parents |= {str(o).removeprefix(f"{ID}body/") for o in rdf.objects(body(ident), ORG.unitOf)}
        assert parents == set(expected["parents"]), ident
        kind = ORG.OrganizationalUnit if expected["kind"] == "internal_section" else ORG.Organization
        assert (body(ident), RDF.type, kind) in rdf


def test_every_exported_fact_keeps_a_source_and_a_confidence(rdf: Graph) -> None:
    classes = [
        ORG.Organization,
        ORG.OrganizationalUnit,
        ORG.ChangeEvent,
        DCTERMS.Jurisdiction,
        *(URIRef(OG + name) for name in ("Duty", "Holding", "Nameplate", "Correspondence")),
    ]
    seen = 0
    for cls in classes:
        for subject in rdf.subjects(RDF.type, cls):
            seen += 1
            assert rdf.value(subject, PROV.wasDerivedFrom) is not None, subject
            assert str(rdf.value(subject, URIRef(OG + "confidence"))) in ("confirmed", "inferred"), subject
    assert seen > 400
    # the documents cited are described
    for document in set(rdf.objects(None, PROV.wasDerivedFrom)):
        assert (document, RDF.type, PROV.Entity) in rdf, document


def test_jsonld_events_name_their_original_and_resulting_organisations(
    rdf: Graph, sync_driver: Driver, neo4j_target: Neo4jTarget, scope_codes: list[str]
) -> None:
    records, _, _ = sync_driver.execute_query(
        """MATCH (e:ReformEvent) WHERE e.jurisdiction IN $codes AND (e.dateEarliest IS NULL OR e.dateEarliest <= $day)
           RETURN e.id AS id, [(e)-[:ORIGINAL]->(b) | b.id] AS original, [(e)-[:RESULTING]->(b) | b.id] AS resulting""",
        codes=scope_codes,
        day=DAY,
        database_=neo4j_target.database,
    )
    assert records
    events = {str(s) for s in rdf.subjects(RDF.type, ORG.ChangeEvent)}
    assert events == {f"{ID}event/{r['id']}" for r in records}
    for record in records:
        event = URIRef(f"{ID}event/{record['id']}")
        assert set(rdf.objects(event, ORG.originalOrganization)) == {body(i) for i in record["original"]}
        assert set(rdf.objects(event, ORG.resultingOrganization)) == {body(i) for i in record["resulting"]}
        for resulting in record["resulting"]:
            if (body(resulting), None, None) in rdf:  # exported (it exists on the day)
                assert (body(resulting), ORG.resultedFrom, event) in rdf


def test_the_natural_resources_bureau_in_jsonld(rdf: Graph) -> None:
    bureau = body("620700.natural_resources")
    assert (bureau, SKOS.prefLabel, Literal("张掖市自然资源局", lang="zh")) in rdf
    assert (bureau, SKOS.altLabel, Literal("自规局", lang="zh")) in rdf
    assert (bureau, URIRef(OG + "confidence"), Literal("inferred")) in rdf
    assert (bureau, DCTERMS.spatial, URIRef(f"{ID}jurisdiction/620700")) in rdf
    # formed in a window ending 2019-03-31: it certainly exists on 2019-06-01
    assert (bureau, URIRef(OG + "existence"), Literal("certain")) in rdf
    assert rdf.value(bureau, URIRef(OG + "validFromLatest")) == Literal(dt.date(2019, 3, 31))


def test_docs_list_every_og_term() -> None:
    text = (PROJECT_ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `og:(\w+)` \|", text, flags=re.MULTILINE))
    assert documented == set(OG_CLASSES) | set(OG_PROPERTIES)


# --- Popolo -----------------------------------------------------------------------------------


def _popolo_registry() -> referencing.Registry[Any]:
    resources = [
        (POPOLO_BASE + path.name, referencing.jsonschema.DRAFT3.create_resource(json.loads(path.read_text())))
        for path in POPOLO_DIR.glob("*.json")
    ]
    return referencing.Registry().with_resources(resources)


def _validator(name: str) -> jsonschema.Draft3Validator:
    schema = json.loads((POPOLO_DIR / name).read_text())
    return jsonschema.Draft3Validator(schema, registry=_popolo_registry())


@pytest.fixture(scope="module")
def popolo(seeded: LoadReport, settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export(settings, ExportFormat.POPOLO)[0])
    return data


def test_popolo_validates_against_popolos_schemas(popolo: dict[str, Any]) -> None:
    organizations = _validator("organization.json")
    areas = _validator("area.json")
    assert len(popolo["organizations"]) > 100
    for organization in popolo["organizations"]:
        errors = [e.message for e in organizations.iter_errors(organization)]
        assert not errors, (organization["id"], errors)
    for area in popolo["areas"]:
        assert not list(areas.iter_errors(area)), area["id"]
    # the validator can fail: Popolo's date pattern and a referenced schema (other_name) apply
    bad = {"id": "x", "founding_date": "2018-11/2019-03-31", "other_names": [{"name": 5}]}
    assert len(list(organizations.iter_errors(bad))) == 2


def test_popolo_organizations(popolo: dict[str, Any], expected_bodies: dict[str, dict[str, Any]]) -> None:
    by_id = {o["id"]: o for o in popolo["organizations"]}
    assert set(by_id) == set(expected_bodies)
    for ident, expected in expected_bodies.items():
        organization = by_id[ident]
        assert organization.get("parent_id") == (expected["parents"][0] if expected["parents"] else None)
        assert organization["classification"] == expected["kind"]
        assert organization["orggraph"]["source_ids"] == expected["sources"]
        assert organization["orggraph"]["confidence"] == expected["confidence"]
        assert len(organization["sources"]) >= 1
    bureau = by_id["620700.natural_resources"]
    assert "founding_date" not in bureau  # a window is no Popolo date
    assert bureau["orggraph"]["valid_from_latest"] == "2019-03-31"
    assert {"name": "自规局", "note": "alias"} in bureau["other_names"]
    with_dates = [o for o in popolo["organizations"] if "founding_date" in o or "dissolution_date" in o]
    assert with_dates
    nameplates = [n for o in popolo["organizations"] for n in o.get("other_names", []) if "挂牌" in n["note"]]
    assert nameplates and all("sources:" in n["note"] for n in nameplates)
    assert {a["id"] for a in popolo["areas"]} >= {CITY, "620702"}


# --- CSV --------------------------------------------------------------------------------------


def _tables(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [f"{table}.csv" for table in TABLES]
        tables = {}
        for table in TABLES:
            text = archive.read(f"{table}.csv").decode("utf-8")
            assert text.startswith(",".join(header(table)) + "\r\n")
            tables[table] = list(csv.DictReader(io.StringIO(text, newline="")))
    return tables


def test_csv_tables(seeded: LoadReport, settings: Settings, expected_bodies: dict[str, dict[str, Any]]) -> None:
    data, reader = export(settings, ExportFormat.CSV)
    tables = _tables(data)
    assert {row["id"] for row in tables["bodies"]} == set(expected_bodies)
    for row in tables["bodies"]:
        assert row["sources"].split("|") == expected_bodies[row["id"]]["sources"]
        assert row["confidence"] == expected_bodies[row["id"]]["confidence"]
    assert all(row["sources"] and row["confidence"] for table in tables.values() for row in table)
    assert len(tables["events"]) == reader.counts[Kind.EVENTS] > 0
    merged = next(row for row in tables["events"] if row["id"] == "event.620700.natural_resources_formed")
    assert "620700.natural_resources" in merged["resulting"].split("|")
    assert tables["correspondences"] and tables["holdings"] and tables["duties"]
    held = {row["duty"] for row in tables["holdings"]}
    assert {row["id"] for row in tables["duties"]} == held


# --- streaming --------------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(ExportFormat))
def test_small_pages_give_the_same_export(seeded: LoadReport, settings: Settings, form: ExportFormat) -> None:
    """Pages of 7: many pages, none larger than 7, and byte for byte the export of one page."""
    whole, one = export(settings, form)
    paged, reader = export(settings, form, page_size=7)
    assert reader.largest_page <= 7
    assert reader.pages > 40
    assert reader.counts[Kind.BODIES] > 7 * 20
    if form is ExportFormat.CSV:  # a zip holds no dates here, but compare the tables anyway
        assert _tables(paged) == _tables(whole)
    else:
        assert paged == whole
    assert one.counts == reader.counts


def test_jurisdictions_read_in_groups_give_the_same_records(seeded: LoadReport, settings: Settings) -> None:
    """Groups of 3 jurisdictions (the city and its 7 below: 3 groups): the same nodes, none twice,
    though a duty's holders may lie in several groups."""
    whole = json.loads(export(settings, ExportFormat.ORG_JSONLD)[0])["@graph"]
    data, reader = export(settings, ExportFormat.ORG_JSONLD, page_size=5, group_size=3)
    grouped = json.loads(data)["@graph"]
    assert len(reader.scope.codes) > 6
    assert len(grouped) == len({node["@id"] for node in grouped})
    assert sorted(grouped, key=lambda node: node["@id"]) == sorted(whole, key=lambda node: node["@id"])


def test_scope_without_descendants_is_the_city_alone(seeded: LoadReport, settings: Settings) -> None:
    data, reader = export(settings, ExportFormat.POPOLO, descendants=False)
    organizations = json.loads(data)["organizations"]
    assert organizations and {o["area_id"] for o in organizations} == {CITY}
    assert reader.scope.codes == (CITY,)


def test_a_duty_held_in_two_groups_is_written_once(
    seeded: LoadReport, settings: Settings, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    """A county body (third group of 3) also holds a city duty (first group): the duty is written
    once, both holdings are. The extra holding is removed again (last test of the module)."""
    add = """
    MATCH (b:Body {jurisdiction: '620721'}) WHERE b.validFromLatest <= $day AND b.validTo IS NULL
    WITH b ORDER BY b.id LIMIT 1
    MATCH (:Body {jurisdiction: '620700'})-[h:HOLDS]->(d:Duty)
    WHERE h.validFromLatest <= $day AND h.validTo IS NULL
    WITH b, d ORDER BY d.id LIMIT 1
    CREATE (b)-[:HOLDS {rid: 'HOLDS:test-two-groups', order: 9, sources: ['doc.article-2019'],
                        confidence: 'inferred', shared: true}]->(d)
    RETURN b.id AS body, d.id AS duty
    """
    [added], _, _ = sync_driver.execute_query(add, day=DAY, database_=neo4j_target.database)
    try:
        data, reader = export(settings, ExportFormat.CSV, page_size=5, group_size=3)
        assert len(reader.scope.codes) > 6
        tables = _tables(data)
        duties = [row["id"] for row in tables["duties"]]
        assert duties.count(added["duty"]) == 1
        assert len(duties) == len(set(duties))
        holders = {row["body"] for row in tables["holdings"] if row["duty"] == added["duty"]}
        assert added["body"] in holders and len(holders) >= 2
    finally:
        sync_driver.execute_query(
            "MATCH ()-[h:HOLDS {rid: 'HOLDS:test-two-groups'}]->() DELETE h", database_=neo4j_target.database
        )
