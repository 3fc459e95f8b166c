"""The shared streaming reader: every kind of record in scope, a page of N at a time.

Each page is one read of its own (keyset paging: the records after the last key of the
previous page, in key order, within a group of CODES_PER_GROUP jurisdictions), so an export
never holds more than a page, never runs one long transaction (the API's REQUEST_TIMEOUT
applies to each page), and skips nothing when the graph does not change meanwhile. The one
thing kept across pages is the set of document ids the exported records cite, so the
documents can follow them (a few thousand strings for a national export).
"""

from __future__ import annotations

import enum
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.exports.scope import ExportScope

DEFAULT_PAGE_SIZE = 1000
#: jurisdictions read together: a page's query filters and sorts the records of one group, so
#: its cost follows the group's size, not the whole scope's (a nation: ~3,300 jurisdictions)
CODES_PER_GROUP = 32


class Kind(enum.StrEnum):
    JURISDICTIONS = "jurisdictions"
    BODIES = "bodies"
    DUTIES = "duties"
    HOLDINGS = "holdings"
    EVENTS = "events"
    CORRESPONDENCES = "correspondences"
    DOCUMENTS = "documents"


_QUERIES = {
    Kind.JURISDICTIONS: QueryName.EXPORT_JURISDICTIONS,
    Kind.BODIES: QueryName.EXPORT_BODIES,
    Kind.DUTIES: QueryName.EXPORT_DUTIES,
    Kind.HOLDINGS: QueryName.EXPORT_HOLDINGS,
    Kind.EVENTS: QueryName.EXPORT_EVENTS,
    Kind.CORRESPONDENCES: QueryName.EXPORT_CORRESPONDENCES,
}

#: progress(kind, records read so far of that kind, done)
Progress = Callable[[Kind, int, bool], None]


@dataclass
class ExportReader:
    db: Database
    scope: ExportScope
    page_size: int = DEFAULT_PAGE_SIZE
    progress: Progress | None = None
    group_size: int = CODES_PER_GROUP
    #: pages read so far, all kinds together (tests prove streaming with it)
    pages: int = 0
    #: the most records any page held (never more than page_size)
    largest_page: int = 0
    counts: dict[Kind, int] = field(default_factory=dict)
    cited: set[str] = field(default_factory=set)

    async def rows(self, kind: Kind) -> AsyncIterator[dict[str, Any]]:
        """The records of one kind in scope, in key order, a page at a time."""
        if kind is Kind.DOCUMENTS:
            async for document in self._documents():
                yield document
            return
        codes = self.scope.codes
        count = 0
        # groups of consecutive codes: each page's query sorts one group's records, not the scope's
        for start in range(0, len(codes), self.group_size):
            group = list(codes[start : start + self.group_size])
            last_group = start + self.group_size >= len(codes)
            after = ""
            while True:
                # only duties need the whole scope (to write a duty held in several groups once)
                whole = {"scope": list(codes)} if kind is Kind.DUTIES else {}
                records = await self.db.read(
                    _QUERIES[kind], codes=group, asOf=self.scope.as_of, after=after, limit=self.page_size, **whole
                )
                self._page(kind, len(records))
                for record in records:
                    row: dict[str, Any] = record["row"]
                    self._note_citations(row)
                    count += 1
                    yield row
                done = len(records) < self.page_size
                self._report(kind, count, done=done and last_group)
                if done:
                    break
                after = records[-1]["key"]

    def _note_citations(self, row: dict[str, Any]) -> None:
        self.cited.update(row.get("sources") or ())
        self.cited.update(n for plate in row.get("nameplates") or () for n in plate["sources"])
        if row.get("document"):
            self.cited.add(row["document"])

    async def _documents(self) -> AsyncIterator[dict[str, Any]]:
        ids = sorted(self.cited)
        count = 0
        for start in range(0, len(ids), self.page_size):
            records = await self.db.read(QueryName.EXPORT_DOCUMENTS, ids=ids[start : start + self.page_size])
            self._page(Kind.DOCUMENTS, len(records))
            for record in records:
                count += 1
                yield record["row"]
            self._report(Kind.DOCUMENTS, count, done=start + self.page_size >= len(ids))
        if not ids:
            self._report(Kind.DOCUMENTS, 0, done=True)

    def _page(self, kind: Kind, size: int) -> None:
        self.pages += 1
        self.largest_page = max(self.largest_page, size)
        self.counts[kind] = self.counts.get(kind, 0) + size

    def _report(self, kind: Kind, count: int, *, done: bool) -> None:
        if self.progress is not None:
            self.progress(kind, count, done)


class ProgressLines:
    """Progress for a terminal or a log: a line per kind when it is done, and one every
    `every` seconds while a kind is long."""

    def __init__(self, say: Callable[[str], None], every: float = 2.0) -> None:
        self.say = say
        self.every = every
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, kind: Kind, count: int, done: bool) -> None:
        now = time.monotonic()
        if done or now - self.last >= self.every:
            self.last = now
            state = "done" if done else "so far"
            self.say(f"export: {kind.value}: {count} {state} ({now - self.started:.1f} s)")
