"""Load the seed: read → validate everything → diff with the graph → write the difference.

Nothing is written unless every file is valid. The write is one transaction, in UNWIND
batches: removed relationships, removed nodes, then created or changed nodes and
relationships. Comparing with what the graph holds makes a second load write nothing and an
edited file change exactly what was edited.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database, Transaction
from graph_service.errors import BadUserInputError
from graph_service.ingest.gc_pause import paused_gc
from graph_service.ingest.graph_plan import DIGEST, GraphPlan, plan_graph
from graph_service.ingest.provenance import ProvenanceReport, apply_rules
from graph_service.ingest.reader import SeedError, read_seed, seed_files
from graph_service.ingest.record_cache import RecordCache
from graph_service.ingest.seed_digest import seed_set_digest
from graph_service.ingest.validate import SeedIndex, validate_seed

BATCH_SIZE = 500
#: rows per committed batch when a load commits batch by batch: a transaction's fixed cost
#: (~10-20 ms here) paid 6,500 times for a national first load at 500 rows
COMMITTED_BATCH_SIZE = 5_000
#: batches a committed-batch load writes at once while creating: one writer kept Neo4j at about
#: one core of two while the loader waited (docs/loading.md)
COMMITTED_WRITERS = 2
#: a load writing more than this commits batch by batch: a test server's 512 MB heap thrashed on one
#: transaction of 44,000 writes (docs/loading.md)
MAX_SINGLE_TRANSACTION = 20_000
# relationships planned from a body's own record: a curated body keeps the ones the curator wrote
_BODY_OWNED = {"IN_JURISDICTION", "COVERS", "PART_OF", "MANAGED_BY", "JOINT_OFFICE_WITH", "OFFICE_IN", "HAS_NAMEPLATE"}
T = TypeVar("T")


class SeedValidationError(BadUserInputError):
    """The seed files have errors; nothing was written."""

    SHOWN = 50  # a message lists this many; `errors` holds them all

    def __init__(self, errors: Sequence[SeedError]) -> None:
        self.errors = list(errors)
        shown = "\n".join(f"  {error}" for error in self.errors[: self.SHOWN])
        more = len(self.errors) - self.SHOWN
        if more > 0:
            shown += f"\n  ... and {more} more (fix these first, or run `orggraph seed --check` again)"
        super().__init__(f"the seed has {len(self.errors)} error(s); nothing was written:\n{shown}")


class DeletionRefusedError(BadUserInputError):
    """The load would delete more than it should without being asked; nothing was written."""


#: node removals a load makes without --allow-deletions (relationships are not counted: edits
#: often remove some)
DEFAULT_MAX_DELETIONS = 25
_LISTED = 20


@dataclass(frozen=True)
class SeedCheck:
    index: SeedIndex  # as the graph holds it: after the provenance rules
    files: int
    empty_files: list[str]
    provenance: ProvenanceReport


@dataclass
class LoadReport:
    files: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    kept: int = 0  # seed records whose node or relationship a curator has since edited
    dry_run: bool = False
    #: the folder and the graph were as the last load left them: no record was compared
    skipped: str | None = None
    removed_ids: list[str] = field(default_factory=list)  # uids of the nodes removed
    empty_files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def summary(self) -> str:
        verb = "would be" if self.dry_run else ""
        if self.skipped is not None:
            return (
                f"seed: {self.files} files; {self.unchanged} nodes and relationships unchanged since the load that "
                f"finished {self.skipped} (the same files, the same graph counts, no curated change): nothing "
                "compared or written; `orggraph seed --full` compares every record"
            )
        lines = [f"seed: {self.files} files; {self.unchanged} nodes and relationships unchanged"]
        if self.kept:
            lines.append(f"  kept as curated through the API: {self.kept}")
        for title, counts in (("created", self.created), ("updated", self.updated), ("removed", self.removed)):
            total = sum(counts.values())
            detail = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
            lines.append(f"  {title} {verb}: {total}" + (f" ({detail})" if detail else "").replace("  ", " "))
        if self.dry_run and self.removed_ids:
            lines.append("  nodes that would be removed: " + _listed(self.removed_ids))
        if self.empty_files:
            lines.append("  empty files: " + ", ".join(self.empty_files))
        return "\n".join(line.replace(" :", ":") for line in lines)


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_LISTED])
    return shown + (f" ... and {len(items) - _LISTED} more" if len(items) > _LISTED else "")


def deletion_problem(report: LoadReport, max_deletions: int) -> str | None:
    """Why this load needs --allow-deletions, or None."""
    removed = len(report.removed_ids)
    if removed > max_deletions:
        return f"it would remove {removed} nodes (more than {max_deletions}): {_listed(report.removed_ids)}"
    if removed and report.empty_files:
        return (
            f"{', '.join(report.empty_files)} {'is' if len(report.empty_files) == 1 else 'are'} empty, "
            f"and {removed} nodes would be removed: {_listed(report.removed_ids)}"
        )
    return None


def check_seed(seed_dir: Path, cache: RecordCache | None = None) -> SeedCheck:
    """Validate every file; raise SeedValidationError listing every problem. With a `cache`, files
    read without error before are taken from it (the checks across files all run again)."""
    with paused_gc():
        seed = read_seed(seed_dir, cache)
        index, errors = validate_seed(seed)
        texts = _held_texts(seed_dir, index, errors)
        index, provenance, quote_errors = apply_rules(index, texts)
    errors = sorted([*errors, *quote_errors])
    if errors:
        raise SeedValidationError(errors)
    files = len(set(seed.files) | set(seed.empty_files))
    return SeedCheck(index=index, files=files, empty_files=seed.empty_files, provenance=provenance)


def _held_texts(seed_dir: Path, index: SeedIndex, errors: list[SeedError]) -> dict[str, str]:
    """Document id -> the text the seed holds for it (quotes are checked against it)."""
    texts = {}
    for ident, placed in index.documents.items():
        if placed.record.text is None:
            continue
        path = seed_dir / placed.record.text
        try:
            texts[ident] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(SeedError(placed.file, placed.label, "text", f"cannot read {path}: {exc}"))
    return texts


async def load_seed(
    db: Database,
    seed_dir: Path,
    *,
    dry_run: bool = False,
    allow_deletions: bool = False,
    max_deletions: int = DEFAULT_MAX_DELETIONS,
    progress: Callable[[str], None] | None = None,
    max_single_transaction: int = MAX_SINGLE_TRANSACTION,
    batch_size: int | None = None,
    cache: RecordCache | None = None,
    full: bool = False,
    writers: int = COMMITTED_WRITERS,
) -> LoadReport:
    """Load the seed. Unless `allow_deletions`, a load that would remove more than
    `max_deletions` nodes, or remove any while a file is empty, is refused (nothing written).

    A load of at most `max_single_transaction` writes is one transaction: all or nothing. A
    larger one (a first load of a national data set) commits batch by batch, so its state need
    not fit in Neo4j's heap; a `SeedLoad` marker says it is running until it finishes, and if it
    is interrupted the next load, diffing again, writes exactly what is missing (docs/loading.md).

    Unless `full`, a load of the same folder (by digest) into a graph that is as the last load
    left it (cypher/ingest/seed_load_unchanged.cypher) writes nothing without reading any record."""
    say = progress or (lambda message: None)
    set_digest = seed_set_digest(seed_dir)
    if not dry_run and not full and (same := await db.read(QueryName.SEED_LOAD_UNCHANGED, setDigest=set_digest)):
        records, finished = int(same[0]["records"] or 0), str(same[0]["finishedAt"])
        return LoadReport(files=len(seed_files(seed_dir)), unchanged=records, skipped=finished)
    checked = check_seed(seed_dir, cache)
    with paused_gc():
        plan = plan_graph(checked.index)
    say(f"seed: {checked.files} files valid: {len(plan.nodes)} nodes, {len(plan.rels)} relationships planned")
    if lowered := len(checked.provenance.changes):
        say(f"seed: provenance rules lowered {lowered} records to inferred (see `orggraph seed --provenance`)")
    report = LoadReport(files=checked.files, dry_run=dry_run, empty_files=checked.empty_files)

    async def work(tx: Transaction) -> LoadReport:
        diff = await _diff(tx, plan)
        report.created, report.updated, report.removed, report.unchanged, report.kept = (
            diff.created,
            diff.updated,
            diff.removed,
            diff.unchanged,
            diff.kept,
        )
        report.removed_ids = sorted(diff.node_deletes)
        if dry_run:
            return report
        problem = None if allow_deletions else deletion_problem(report, max_deletions)
        if problem is not None:
            raise DeletionRefusedError(
                f"the seed load was refused, nothing was written: {problem}. "
                "See them with `orggraph seed --dry-run`; if they are meant, run `orggraph seed --allow-deletions`."
            )
        if diff.writes <= max_single_transaction:
            await _apply(tx.run, diff, say, batch_size or BATCH_SIZE)
            if report.changed:  # in the same transaction: the feed numbers it at commit
                await tx.run(QueryName.SEED_LOAD_ENTRY, **_feed_entry(report))
        else:
            large.append(diff)
        return report

    large: list[_Diff] = []
    interrupted = await db.read(QueryName.SEED_LOAD_STATE)
    if interrupted and not dry_run:
        say(f"seed: the load started {interrupted[0]['startedAt']} did not finish; this load completes it")
    result = await db.in_write_transaction(work)
    if large:
        (diff,) = large
        say(f"seed: {diff.writes} writes: committing batch by batch (a SeedLoad marker says the load is running)")
        await db.write(QueryName.SEED_LOAD_BEGIN, writes=diff.writes)

        async def committed(name: QueryName, **params: Any) -> list[Any]:
            return await db.write(name, **params)  # each batch its own transaction

        await _apply(committed, diff, say, batch_size or COMMITTED_BATCH_SIZE, writers)
    if not dry_run and (large or (interrupted and not result.changed)):
        # a load committed batch by batch (or completing an interrupted one) enters the feed
        # when its last batch is in (docs/change-feed.md)
        await db.write(QueryName.SEED_LOAD_ENTRY, **_feed_entry(result))
    if not dry_run:
        # the unfiltered count of bodies reads this timeline (api/bodies_count_all.cypher)
        await db.write(QueryName.BODY_COUNT_TIMELINE, changed=result.changed or bool(interrupted))
        # last: what the next load compares with (an interrupted load's marker says running until here)
        await db.write(QueryName.SEED_LOAD_END, setDigest=set_digest, records=len(plan.nodes) + len(plan.rels))
    return result


def _feed_entry(report: LoadReport) -> dict[str, Any]:
    """The change feed's entry for a load that changed the graph: its counts."""
    created, updated, removed = (sum(c.values()) for c in (report.created, report.updated, report.removed))
    summary = f"seed load: created {created}, updated {updated}, removed {removed}"
    return {"created": created, "updated": updated, "removed": removed, "summary": summary}


@dataclass
class _Diff:
    node_creates: list[dict[str, Any]] = field(default_factory=list)  # absent from the graph
    node_updates: list[dict[str, Any]] = field(default_factory=list)  # there, with other properties
    rel_creates: list[dict[str, Any]] = field(default_factory=list)  # absent, or with other ends
    rel_updates: list[dict[str, Any]] = field(default_factory=list)  # same ends, other properties
    node_deletes: list[str] = field(default_factory=list)
    rel_deletes: list[dict[str, str]] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    kept: int = 0

    @property
    def writes(self) -> int:
        return sum(
            map(len, (self.node_creates, self.node_updates, self.rel_creates, self.rel_updates, self.rel_deletes))
        ) + len(self.node_deletes)


async def _diff(tx: Transaction, plan: GraphPlan) -> _Diff:
    diff = _Diff()
    (nodes,) = await tx.run(QueryName.SEED_NODES)
    current_nodes = {n[0]: (n[1], n[2]) for n in nodes["nodes"]}
    # a relationship's rid names its type and both ends (graph_plan.rel), so the same rid with the
    # same digest is the same relationship: only [rid, digest] is read (reading both ends' uids
    # took 52 s of a national re-load, this 22 s); the ends of those that go are read after
    (rels,) = await tx.run(QueryName.SEED_RELATIONSHIPS)
    current_rels: dict[str, str | None] = {r[0]: r[1] for r in rels["relationships"]}
    curated = {(r["kind"], r["key"]) for r in await tx.run(QueryName.CURATED_KEYS)}
    for node_uid, node in plan.nodes.items():
        if ("node", node_uid) in curated:
            diff.kept += 1  # a curator changed it through the API: theirs now (docs/curation.md)
            continue
        existing = current_nodes.get(node_uid)
        if existing is not None and existing == (node.label, node.props[DIGEST]):
            diff.unchanged += 1
            continue
        (diff.updated if existing is not None else diff.created)[node.label] += 1
        row = {"uid": node_uid, "label": node.label, "props": node.props}
        (diff.node_updates if existing is not None else diff.node_creates).append(row)
    for node_uid, (label, _) in current_nodes.items():
        if node_uid not in plan.nodes:
            diff.removed[label] += 1
            diff.node_deletes.append(node_uid)
    for rid, rel in plan.rels.items():
        if ("rel", rid) in curated or ("node", rel.start) in curated and rel.type in _BODY_OWNED:
            diff.kept += 1
            continue
        if rid not in current_rels:
            diff.created[rel.type] += 1
            diff.rel_creates.append(
                {"rid": rid, "type": rel.type, "start": rel.start, "end": rel.end, "props": rel.props}
            )
        elif current_rels[rid] == rel.props[DIGEST]:
            diff.unchanged += 1
        else:
            diff.updated[rel.type] += 1
            diff.rel_updates.append({"rid": rid, "start": rel.start, "props": rel.props})
    leaving = [rid for rid in current_rels if rid not in plan.rels]
    if leaving:
        deleted_nodes = set(diff.node_deletes)
        for end in await tx.run(QueryName.SEED_RELATIONSHIP_ENDS, rids=leaving):
            diff.removed[str(end["type"])] += 1
            # a relationship of a deleted node goes with it (DETACH DELETE)
            if end["start"] not in deleted_nodes and end["end"] not in deleted_nodes:
                diff.rel_deletes.append({"start": str(end["start"]), "rid": str(end["rid"])})
    return diff


async def _apply(
    run: Callable[..., Awaitable[list[Any]]],
    diff: _Diff,
    say: Callable[[str], None],
    batch_size: int,
    writers: int = 1,
) -> None:
    """The writes, step by step; within a creating step, up to `writers` batches at once (each its
    own transaction: only when batches are committed one by one)."""
    steps: list[tuple[str, QueryName, str, list[Any], int]] = [
        ("removing relationships", QueryName.DELETE_RELATIONSHIPS, "rows", diff.rel_deletes, 1),
        ("removing nodes", QueryName.DELETE_NODES, "uids", diff.node_deletes, 1),
        ("creating nodes", QueryName.CREATE_NODES, "rows", diff.node_creates, writers),
        ("updating nodes", QueryName.UPSERT_NODES, "rows", diff.node_updates, 1),
        ("creating relationships", QueryName.CREATE_RELATIONSHIPS, "rows", diff.rel_creates, writers),
        ("updating relationships", QueryName.UPDATE_RELATIONSHIPS, "rows", diff.rel_updates, 1),
    ]
    for title, query, param, rows, at_once in steps:
        done = 0
        batches = list(_batches(rows, batch_size))
        for start in range(0, len(batches), at_once):
            window = batches[start : start + at_once]
            await asyncio.gather(*(run(query, **{param: batch}) for batch in window))
            done += sum(map(len, window))
            say(f"seed: {title}: {done}/{len(rows)}")


def _batches(rows: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
