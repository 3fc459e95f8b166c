"""Checks across records: references, duplicates, overlapping holdings, cycles, event rules.

Field-level checks happen in the pydantic models (records.py); these need the whole set.
Every check appends errors and goes on, so a curator sees all problems at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from graph_service.domain.enums import EventType
from graph_service.ingest.reader import SeedError, SeedSet
from graph_service.ingest.records import (
    SUCCESSION_TYPES,
    BodyRecord,
    CompletenessRecord,
    CorrespondenceRecord,
    DocumentRecord,
    DutyRecord,
    EventRecord,
    ExceptionRecord,
    FigureRecord,
    FunctionRecord,
    Holding,
    JurisdictionRecord,
    Provenance,
)

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


@dataclass(frozen=True)
class Placed(Generic[R_co]):
    """A record and where it was written."""

    record: R_co
    file: str
    label: str


@dataclass
class SeedIndex:
    jurisdictions: dict[str, Placed[JurisdictionRecord]] = field(default_factory=dict)
    functions: dict[str, Placed[FunctionRecord]] = field(default_factory=dict)
    documents: dict[str, Placed[DocumentRecord]] = field(default_factory=dict)
    bodies: dict[str, Placed[BodyRecord]] = field(default_factory=dict)
    duties: dict[str, Placed[DutyRecord]] = field(default_factory=dict)
    events: dict[str, Placed[EventRecord]] = field(default_factory=dict)
    figures: dict[str, Placed[FigureRecord]] = field(default_factory=dict)
    exceptions: dict[str, Placed[ExceptionRecord]] = field(default_factory=dict)
    completeness: dict[str, Placed[CompletenessRecord]] = field(default_factory=dict)
    correspondences: list[Placed[CorrespondenceRecord]] = field(default_factory=list)


def build_index(seed: SeedSet, errors: list[SeedError]) -> SeedIndex:
    """Index records by id, reporting duplicates (the first one written wins)."""
    index = SeedIndex()
    for file, content in seed.files.items():
        _add(index.jurisdictions, content.jurisdictions, "jurisdictions", lambda r: r.code, file, errors)
        _add(index.functions, content.functions, "functions", lambda r: r.code, file, errors)
        _add(index.documents, content.documents, "documents", lambda r: r.id, file, errors)
        _add(index.bodies, content.bodies, "bodies", lambda r: r.id, file, errors)
        _add(index.duties, content.duties, "duties", lambda r: r.id, file, errors)
        _add(index.events, content.events, "events", lambda r: r.id, file, errors)
        _add(index.figures, content.figures, "figures", lambda r: r.id, file, errors)
        _add(index.exceptions, content.exceptions, "exceptions", lambda r: r.id, file, errors)
        _add(index.completeness, content.completeness, "completeness", lambda r: r.id, file, errors)
        for i, corr in enumerate(content.correspondences):
            index.correspondences.append(Placed(corr, file, f"correspondences[{i}] ({corr.lower})"))
    return index


def _add(
    target: dict[str, Placed[R]],
    records: list[R],
    section: str,
    key_of: Callable[[R], str],
    file: str,
    errors: list[SeedError],
) -> None:
    for i, record in enumerate(records):
        ident = key_of(record)
        label = f"{section}[{i}] ({ident})"
        if ident in target:
            first = target[ident]
            errors.append(
                SeedError(file, label, "id", f"duplicate id {ident!r}: already used in {first.file} {first.label}")
            )
            continue
        target[ident] = Placed(record, file, label)


def validate_seed(seed: SeedSet) -> tuple[SeedIndex, list[SeedError]]:
    """All cross-record checks. Returns the index and every error found (field errors included)."""
    errors = list(seed.errors)
    index = build_index(seed, errors)
    errors += validate_index(index, invalid_ids=seed.invalid_ids)
    return index, sorted(errors)


def validate_index(
    index: SeedIndex, *, known: SeedIndex | None = None, invalid_ids: set[str] | None = None
) -> list[SeedError]:
    """Check the records of `index` against everything in `known` (default: `index` itself).

    The seed loader checks all its files at once; a curator's edit checks the records it
    writes against those it reads from the graph: the same rules, one implementation."""
    errors: list[SeedError] = []
    checks = _Checks(index, errors, invalid_ids or set(), known or index)
    checks.references()
    checks.cycles()
    checks.holdings()
    checks.events()
    return errors


class _Checks:
    def __init__(self, index: SeedIndex, errors: list[SeedError], invalid_ids: set[str], known: SeedIndex) -> None:
        self.ix = index  # the records checked
        self.kn = known  # the records they may refer to
        self.errors = errors
        self.invalid_ids = invalid_ids  # records already reported: references to them are not dangling

    def _error(self, placed: Placed[object], field_name: str, message: str) -> None:
        self.errors.append(SeedError(placed.file, placed.label, field_name, message))

    def _refs(
        self, placed: Placed[object], field_name: str, ids: Iterable[str | None], known: Mapping[str, object], what: str
    ) -> None:
        for ident in ids:
            if ident is not None and ident not in known and ident not in self.invalid_ids:
                self._error(placed, field_name, f"unknown {what} {ident!r}")

    def _all_placed(self) -> Iterator[Placed[Provenance]]:
        for table in (
            self.ix.jurisdictions,
            self.ix.functions,
            self.ix.documents,
            self.ix.bodies,
            self.ix.duties,
            self.ix.events,
            self.ix.figures,
            self.ix.exceptions,
            self.ix.completeness,
        ):
            yield from table.values()
        yield from self.ix.correspondences

    # --- dangling references --------------------------------------------------------------
    def references(self) -> None:
        ix, kn, docs = self.ix, self.kn, self.kn.documents
        for placed in self._all_placed():
            self._refs(placed, "sources", placed.record.sources, docs, "document")
        for pd in ix.documents.values():
            self._refs(pd, "about", pd.record.about or [], kn.jurisdictions, "jurisdiction")
        for p in ix.jurisdictions.values():
            self._refs(p, "parent", [p.record.parent], kn.jurisdictions, "jurisdiction")
        for b in ix.bodies.values():
            r = b.record
            self._refs(b, "jurisdiction", [r.jurisdiction], kn.jurisdictions, "jurisdiction")
            self._refs(b, "functions", r.functions, kn.functions, "function")
            for name, ids in (
                ("parent", [r.parent]),
                ("managed_by", [r.managed_by]),
                ("joint_office_with", r.joint_office_with),
                ("lead", r.lead),
                ("members", r.members),
                ("office.host", [r.office.host if r.office else None]),
            ):
                self._refs(b, name, ids, kn.bodies, "body")
            for i, plate in enumerate(r.nameplates):
                self._refs(b, f"nameplates.{i}.sources", plate.sources, docs, "document")
        for d in ix.duties.values():
            self._refs(d, "function", [d.record.function], kn.functions, "function")
            for i, holding in enumerate(d.record.holders):
                self._refs(d, f"holders.{i}.body", [holding.body], kn.bodies, "body")
                self._refs(d, f"holders.{i}.sources", holding.sources, docs, "document")
        for e in ix.events.values():
            r2 = e.record
            self._refs(e, "jurisdiction", [r2.jurisdiction], kn.jurisdictions, "jurisdiction")
            self._refs(e, "document", [r2.document], docs, "document")
            self._refs(e, "original", r2.original, kn.bodies, "body")
            self._refs(e, "resulting", r2.resulting, kn.bodies, "body")
            self._refs(e, "duties_from", r2.duties_from, kn.bodies, "body")
            self._refs(e, "duties", r2.duties, kn.duties, "duty")
        for f in ix.figures.values():
            self._refs(f, "jurisdiction", [f.record.jurisdiction], kn.jurisdictions, "jurisdiction")
            self._refs(f, "event", [f.record.event], kn.events, "event")
        for x in ix.exceptions.values():
            self._refs(x, "jurisdiction", [x.record.jurisdiction], kn.jurisdictions, "jurisdiction")
            self._refs(x, "function", [x.record.function], kn.functions, "function")
        for s in ix.completeness.values():
            self._refs(s, "jurisdiction", [s.record.jurisdiction], kn.jurisdictions, "jurisdiction")
        for c in ix.correspondences:
            self._refs(c, "lower", [c.record.lower], kn.bodies, "body")
            self._refs(c, "upper", [c.record.upper], kn.bodies, "body")
            self._refs(c, "functions", c.record.functions, kn.functions, "function")

    # --- cycles ---------------------------------------------------------------------------
    def cycles(self) -> None:
        parents = {code: p.record.parent for code, p in self.kn.jurisdictions.items()}
        self._cycle_check(parents, self.ix.jurisdictions, "parent", "part-of")
        body_parent = {i: p.record.parent for i, p in self.kn.bodies.items()}
        self._cycle_check(body_parent, self.ix.bodies, "parent", "part-of")
        managers = {i: p.record.managed_by for i, p in self.kn.bodies.items()}
        self._cycle_check(managers, self.ix.bodies, "managed_by", "managed-by")

    def _cycle_check(
        self, up: dict[str, str | None], placed: Mapping[str, Placed[object]], field_name: str, what: str
    ) -> None:
        reported: set[str] = set()
        for start in placed:  # cycles through the records checked
            seen: list[str] = []
            node: str | None = start
            while node is not None and node in up and node not in seen:
                seen.append(node)
                node = up[node]
            if node is not None and node in seen and node == start and start not in reported:
                loop = seen[seen.index(node) :] + [node]
                reported.update(loop)
                self._error(placed[start], field_name, f"cycle in {what}: {' -> '.join(loop)}")

    # --- holdings of a duty ---------------------------------------------------------------
    def holdings(self) -> None:
        for d in self.ix.duties.values():
            holders = d.record.holders
            for i, earlier in enumerate(holders):
                for j in range(i + 1, len(holders)):
                    later = holders[j]
                    if _certainly_overlap(earlier, later) and not (earlier.shared and later.shared):
                        self._error(
                            d,
                            f"holders.{j}",
                            f"holding by {later.body} overlaps holding {i} by {earlier.body}; "
                            "mark both `shared: true` if the duty is held jointly",
                        )
            for i, holding in enumerate(holders):
                body = self.kn.bodies.get(holding.body)
                if body is None:
                    continue
                b = body.record
                if holding.valid_from and b.valid_from and holding.valid_from.latest < b.valid_from.earliest:
                    self._error(
                        d, f"holders.{i}.valid_from", f"{holding.valid_from} is before {b.id} existed ({b.valid_from})"
                    )
                if holding.valid_to and b.valid_to and holding.valid_to.earliest > b.valid_to.latest:
                    self._error(d, f"holders.{i}.valid_to", f"{holding.valid_to} is after {b.id} ended ({b.valid_to})")

    # --- change events --------------------------------------------------------------------
    def events(self) -> None:
        holdings_by_body: dict[str, list[tuple[DutyRecord, int]]] = defaultdict(list)
        for d in self.kn.duties.values():
            for i, holding in enumerate(d.record.holders):
                holdings_by_body[holding.body].append((d.record, i))
        self._predecessors_end()
        for e in self.ix.events.values():
            r = e.record
            if r.type is not EventType.ABOLISHED or r.duties_lapse:
                continue
            for body in r.original:
                for duty, i in holdings_by_body.get(body, []):
                    if i == len(duty.holders) - 1:
                        self._error(
                            e,
                            "duties_lapse",
                            f"{body} is abolished but its duty {duty.id} has no later holder: "
                            "add the next holder or set `duties_lapse: true`",
                        )

    def _predecessors_end(self) -> None:
        """A predecessor that does not also result from the event ends (it has `valid_to`), and
        ends once: it is the ended predecessor of one event; elsewhere it only handed over duties."""
        ended_by: dict[str, list[str]] = defaultdict(list)
        for event_id, placed in self.kn.events.items():
            for body in _ended_predecessors(placed.record):
                ended_by[body].append(event_id)
        for e in self.ix.events.values():
            for body in _ended_predecessors(e.record):
                record = self.kn.bodies.get(body)
                if record is not None and record.record.valid_to is None:
                    self._error(
                        e,
                        "original",
                        f"{body} is a predecessor of {e.record.id} but does not end (no valid_to): a body that "
                        "only hands over duties and continues goes under `duties_from` (`dutiesFrom` in the API)",
                    )
                    continue
                others = sorted(set(ended_by[body]) - {e.record.id})
                if others:
                    self._error(
                        e,
                        "original",
                        f"{body} ends in {e.record.id} and also in {', '.join(others)}: a body ends once; list it "
                        "under `duties_from` of the events it only handed duties over in",
                    )


def _ended_predecessors(event: EventRecord) -> list[str]:
    """The bodies the event ends: its predecessors that do not also result from it."""
    if event.type not in SUCCESSION_TYPES:
        return []
    return [body for body in event.original if body not in event.resulting]


def _certainly_overlap(earlier: Holding, later: Holding) -> bool:
    """The later holding certainly starts before the earlier one certainly ends."""
    if earlier.valid_to is None:
        return True  # the earlier holding never ends
    if later.valid_from is None:
        return True  # the later holding was always there
    return later.valid_from.latest < earlier.valid_to.earliest
