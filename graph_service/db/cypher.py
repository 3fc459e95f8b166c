"""The registry of Cypher queries: every query is a `.cypher` file under `cypher/`.

Files are read once. Each becomes a `neo4j.Query` whose metadata names the file, so the
server's query log says where a query came from. `QueryName` lists the queries the code
uses; loading fails at start-up when a listed file is missing or a file is listed nowhere.
Schema migrations (`cypher/schema/V*.cypher`) are read separately, statement by statement.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from neo4j import Query

from graph_service.errors import ConfigurationError
from graph_service.paths import CYPHER_DIR, SCHEMA_DIR


class QueryName(enum.StrEnum):
    """Every query the code runs, by its path under cypher/ without the suffix."""

    SERVER_INFO = "server_info"
    SCHEMA_OBJECTS = "schema_objects"
    # curation through the API
    AUDIT_BY_EVENT = "curation/audit_by_event"
    RECORDS_BY_UIDS = "curation/records_by_uids"
    DUTIES_HELD_BY = "curation/duties_held_by"
    EVENTS_ENDING = "curation/events_ending"
    BUMP_VERSIONS = "curation/bump_versions"
    SNAPSHOT_NODES = "curation/snapshot_nodes"
    SNAPSHOT_RELATIONSHIPS = "curation/snapshot_relationships"
    CREATE_AUDIT_ENTRY = "curation/create_audit_entry"
    LATER_AUDIT_ENTRIES = "curation/later_audit_entries"
    RESTORE_NODES = "curation/restore_nodes"
    DELETE_CREATED_NODES = "curation/delete_created_nodes"
    RESTORE_RELATIONSHIPS = "curation/restore_relationships"
    MARK_RETRACTED = "curation/mark_retracted"
    # the API's reads are composed from cypher/read/ (graph_service.read); these stand apart
    BODIES_COUNT = "api/bodies_count"
    BODIES_COUNT_IN_JURISDICTION = "api/bodies_count_in_jurisdiction"
    BODIES_COUNT_ALL = "api/bodies_count_all"
    # the correspondence check
    CORRESPONDENCE_INPUTS = "correspondence/report_inputs"
    CORRESPONDENCE_PARENTS_UNDER = "correspondence/parents_under"
    CORRESPONDENCE_KNOWN_CODES = "correspondence/known_codes"
    # figures the article gives, and what the graph can count
    RECORDED_FIGURES = "figures/recorded_figures"
    BODIES_BY_KIND = "figures/bodies_by_kind"
    CHILD_JURISDICTIONS = "figures/child_jurisdictions"
    COUNTY_COVERAGE = "figures/county_coverage"
    # the seed loader
    SEED_NODES = "ingest/seed_nodes"
    SEED_RELATIONSHIP_ENDS = "ingest/seed_relationship_ends"
    BODY_COUNT_TIMELINE = "ingest/body_count_timeline"
    SEED_RELATIONSHIPS = "ingest/seed_relationships"
    DELETE_RELATIONSHIPS = "ingest/delete_relationships"
    DELETE_NODES = "ingest/delete_nodes"
    UPSERT_NODES = "ingest/upsert_nodes"
    UPSERT_RELATIONSHIPS = "ingest/upsert_relationships"
    CREATE_NODES = "ingest/create_nodes"
    CREATE_RELATIONSHIPS = "ingest/create_relationships"
    UPDATE_RELATIONSHIPS = "ingest/update_relationships"
    SEED_LOAD_STATE = "ingest/seed_load_state"
    SEED_LOAD_BEGIN = "ingest/seed_load_begin"
    SEED_LOAD_END = "ingest/seed_load_end"
    SEED_LOAD_UNCHANGED = "ingest/seed_load_unchanged"
    CURATED_KEYS = "ingest/curated_keys"
    SEED_LOAD_ENTRY = "ingest/seed_load_entry"
    # the change feed (docs/change-feed.md)
    CHANGES_AFTER = "feed/changes_after"
    LATEST_CHANGE = "feed/latest_change"
    GRAPH_VERSION = "feed/graph_version"
    # open-standard exports (graph_service/exports, docs/exports.md): one page per query
    EXPORT_SCOPE = "export/scope"
    EXPORT_JURISDICTIONS = "export/jurisdictions"
    EXPORT_BODIES = "export/bodies"
    EXPORT_DUTIES = "export/duties"
    EXPORT_HOLDINGS = "export/holdings"
    EXPORT_EVENTS = "export/events"
    EXPORT_CORRESPONDENCES = "export/correspondences"
    EXPORT_DOCUMENTS = "export/documents"
    # official texts read into reform events (graph_service/textimport)
    TEXT_IMPORT_NAMES = "textimport/names_in_jurisdiction"


@dataclass(frozen=True)
class SchemaStatement:
    migration: str  # file stem, e.g. V001__constraints
    name: str  # the constraint or index the statement creates
    text: str


class CypherRegistry:
    """The queries under a folder, keyed by QueryName."""

    def __init__(self, root: Path = CYPHER_DIR) -> None:
        self.root = root
        found = {
            path.relative_to(root).with_suffix("").as_posix(): path
            for path in root.rglob("*.cypher")
            # schema/ holds the migrations; read/ the fragments the read compiler composes
            # statements from (graph_service/read/fragments.py checks those)
            if path.parent != root / "schema" and (root / "read") not in path.parents
        }
        missing = sorted(name.value for name in QueryName if name.value not in found)
        orphans = sorted(name for name in found if name not in QueryName._value2member_map_)
        if missing or orphans:
            raise ConfigurationError(
                f"cypher/ and QueryName disagree: missing files {missing}, files no code names {orphans}"
            )
        self._queries = {
            QueryName(name): Query(path.read_text(encoding="utf-8"), metadata={"query": name})
            for name, path in found.items()
        }

    def __getitem__(self, name: QueryName) -> Query:
        return self._queries[name]

    def text(self, name: QueryName) -> str:
        return str(self._queries[name].text)


_CREATE = re.compile(r"^\s*CREATE\s+(?:\w+\s+)*?(?:CONSTRAINT|INDEX)\s+(\w+)", re.IGNORECASE)


def schema_statements(schema_dir: Path = SCHEMA_DIR) -> list[SchemaStatement]:
    """Every statement of every migration, in version order."""
    statements = []
    for path in sorted(schema_dir.glob("V*.cypher")):
        body = "\n".join(
            line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")
        )
        for text in (part.strip() for part in body.split(";")):
            if not text:
                continue
            match = _CREATE.match(text)
            if match is None:
                raise ConfigurationError(
                    f"{path.name}: every schema statement must create a named constraint or index: {text[:80]!r}"
                )
            statements.append(SchemaStatement(migration=path.stem, name=match.group(1), text=text))
    return statements


@functools.lru_cache(maxsize=1)
def get_registry() -> CypherRegistry:
    return CypherRegistry()
