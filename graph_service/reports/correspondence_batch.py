"""Many correspondence reports in one process (`check-correspondence --parents` and
`--all-levels`): the parents, checked before any report runs; the reports, run a few at a
time (one statement each, or one GraphQL request each with `--url`) and written in the order
of the parents as they finish; a progress line; one summary and one exit code.

The parents are read in one statement (`--all-levels`: correspondence/parents_under.cypher;
`--parents`: correspondence/known_codes.cypher, which names every unknown code before any
report runs), then each report is the single-parent report's one statement
(correspondence/report_inputs.cypher): N parents, N + 1 statements.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx

from graph_service.db import api_repository as repo
from graph_service.db.database import Database
from graph_service.domain.correspondence import CorrespondenceReport, Summary
from graph_service.errors import BadUserInputError, NotFoundError
from graph_service.reports.correspondence import (
    ReportFormat,
    csv_header,
    csv_rows,
    graphql_data,
    render,
    report_from_api_async,
    report_from_database,
    unreachable,
)

PARENTS_QUERY = (Path(__file__).with_name("correspondence_parents.graphql")).read_text(encoding="utf-8")
#: reports started or finished but not yet written, per report running at once: a slow report
#: holds back the writing of those after it, not the running, until this many wait
WINDOW_PER_SLOT = 4
#: `nodes(ids:)` takes at most this many ids
KNOWN_CODES_PER_REQUEST = 100
BATCH_FORMATS = (ReportFormat.JSONL, ReportFormat.CSV, ReportFormat.TABLE, ReportFormat.MARKDOWN)

Fetch = Callable[[str], Awaitable[CorrespondenceReport]]


def parse_codes(text: str, option: str = "--parents") -> list[str]:
    """`--parents A,B,...` or `--all-levels A,B,...`: the codes in the order given, each once."""
    codes = list(dict.fromkeys(code.strip() for code in text.split(",") if code.strip()))
    if not codes:
        raise BadUserInputError(f"{option} needs at least one code, e.g. {option} 620000,620700")
    return codes


def check_batch_format(form: ReportFormat) -> None:
    if form not in BATCH_FORMATS:
        raise BadUserInputError(
            f"--format {form.value} writes one report; for several parents use --format jsonl (one JSON report "
            "per line), csv (one header, then every parent's rows), table or markdown"
        )


def _known(codes: list[str], known: set[str], option: str = "--parents") -> list[str]:
    unknown = [code for code in codes if code not in known]
    if unknown:
        named = ", ".join(repr(code) for code in unknown)
        raise NotFoundError(f"{option}: no jurisdiction with code {named}; no report was run")
    return codes


def _under(roots: list[str], found: dict[str, list[str]]) -> list[str]:
    _known(roots, set(found), "--all-levels")
    parents = sorted({parent for root in roots for parent in found[root]})
    if not parents:
        raise BadUserInputError(
            f"--all-levels: no jurisdiction lies under {', '.join(roots)}: there is nothing to check"
        )
    return parents


async def parents_from_database(db: Database, *, codes: list[str] | None, roots: list[str] | None) -> list[str]:
    """The parents to report on, in one statement: every one under `roots`, by code (each
    once), or `codes` as given once every one of them is known."""
    if roots is not None:
        return _under(roots, await repo.correspondence_parents_under(db, roots=roots))
    assert codes is not None
    return _known(codes, await repo.known_jurisdiction_codes(db, codes=codes))


async def parents_from_api(
    client: httpx.AsyncClient, url: str, *, codes: list[str] | None, roots: list[str] | None
) -> list[str]:
    """The same parents, asked of a running service: the codes checked (a request per 100),
    then for --all-levels a request per root."""
    known: set[str] = set()
    asked = roots if roots is not None else codes
    assert asked is not None
    for start in range(0, len(asked), KNOWN_CODES_PER_REQUEST):
        data = await _ask(client, url, "KnownCodes", {"ids": asked[start : start + KNOWN_CODES_PER_REQUEST]})
        known |= {node["code"] for node in data["nodes"] if node and node.get("code")}
    if roots is None:
        return _known(asked, known)
    _known(roots, known, "--all-levels")
    found: dict[str, list[str]] = {}
    for root in roots:
        under = (await _ask(client, url, "ParentsUnder", {"root": root}))["jurisdiction"]
        found[root] = sorted({d["parent"]["code"] for d in under["descendants"] if d.get("parent")})
    return _under(roots, found)


async def _ask(client: httpx.AsyncClient, url: str, operation: str, variables: dict[str, Any]) -> Any:
    body = {"query": PARENTS_QUERY, "operationName": operation, "variables": variables}
    try:
        response = await client.post(url, json=body)
    except httpx.HTTPError as exc:
        raise unreachable(url, exc) from exc
    return graphql_data(url, response)


def database_fetch(db: Database, as_of: dt.date) -> Fetch:
    async def fetch(code: str) -> CorrespondenceReport:
        return await report_from_database(db, parent=code, as_of=as_of)

    return fetch


def api_fetch(client: httpx.AsyncClient, url: str, as_of: dt.date) -> Fetch:
    async def fetch(code: str) -> CorrespondenceReport:
        return await report_from_api_async(client, url, parent=code, as_of=as_of)

    return fetch


@dataclass
class BatchResult:
    """What the written reports add up to: the summary line and the exit code."""

    parents: int = 0
    lower: int = 0
    totals: Summary = field(
        default_factory=lambda: Summary(
            required=0,
            matched=0,
            merged=0,
            vertical=0,
            missing=0,
            allowed=0,
            unknown=0,
            local_extras=0,
            kind_mismatches=0,
        )
    )
    with_missing: list[str] = field(default_factory=list)
    with_unknown: list[str] = field(default_factory=list)

    def add(self, report: CorrespondenceReport) -> None:
        self.parents += 1
        self.lower += len(report.lower)
        mine, theirs = self.totals.model_dump(), report.totals.model_dump()
        self.totals = Summary(**{key: value + theirs[key] for key, value in mine.items()})
        if report.has_missing:
            self.with_missing.append(report.parent_code)
        if report.has_unknown:
            self.with_unknown.append(report.parent_code)

    @property
    def exit_code(self) -> int:
        """The single report's codes, over the batch: 1 if any report has something missing,
        else 3 if any has something unknown, else 0."""
        return 1 if self.with_missing else 3 if self.with_unknown else 0

    def summary(self, seconds: float) -> str:
        t = self.totals
        return (
            f"{self.parents} parents checked, {self.lower} lower jurisdictions, {t.required} required fields: "
            f"{t.matched} matched, {t.merged} merged, {t.vertical} vertical, {t.allowed} allowed, "
            f"{t.missing} missing, {t.unknown} unknown; {len(self.with_missing)} parents with something missing, "
            f"{len(self.with_unknown)} with something unknown ({seconds:.2f} s)"
        )


class BatchWriter:
    """Writes each report as it comes, flushed: a JSON line, CSV rows under one header, or the
    single report's table or Markdown with a blank line between reports. Opens `path` (when
    given) at the first report, so a batch refused before it runs leaves no file."""

    def __init__(self, form: ReportFormat, stream: TextIO | None, path: Path | None = None) -> None:
        check_batch_format(form)
        self.form = form
        self._stream = stream
        self._path = path
        self._opened: TextIO | None = None
        self._written = 0

    def _out(self) -> TextIO:
        if self._stream is None:
            assert self._path is not None
            self._opened = self._path.open("w", encoding="utf-8", newline="")
            self._stream = self._opened
        return self._stream

    def write(self, report: CorrespondenceReport) -> None:
        out = self._out()
        if self.form is ReportFormat.CSV:
            text = (csv_header() if not self._written else "") + csv_rows(report)
        elif self.form is ReportFormat.JSONL:
            text = render(report, self.form)
        else:
            text = ("\n" if self._written else "") + render(report, self.form)
        out.write(text)
        out.flush()
        self._written += 1

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()


class Progress:
    """One line on stderr per finished report: rewritten in place (`\\r`) on a terminal;
    elsewhere (a log) a line per twentieth of the batch and for the last report."""

    def __init__(self, total: int, stream: TextIO, *, tty: bool) -> None:
        self.total = total
        self.stream = stream
        self.tty = tty
        self.done = 0
        self._step = max(1, total // 20)
        self._width = 0

    def finished(self, code: str, seconds: float) -> None:
        self.done += 1
        line = f"[{self.done:>{len(str(self.total))}}/{self.total}] {code} done ({seconds:.2f} s)"
        if self.tty:
            self.stream.write("\r" + line + " " * max(0, self._width - len(line)))
            self._width = len(line)
        elif self.done % self._step == 0 or self.done == self.total:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()


class _Skipped(Exception):
    """A report not started because another failed."""


async def run_batch(
    parents: list[str],
    fetch: Fetch,
    *,
    concurrency: int,
    write: Callable[[CorrespondenceReport], None],
    progress: Callable[[str, float], None] | None = None,
) -> BatchResult:
    """Run the reports, at most `concurrency` at once, and write each in the order of `parents`
    once it and every one before it are done (at most WINDOW_PER_SLOT x concurrency reports
    wait to be written). A failed report stops the batch: no further report starts, those
    running finish, the reports before it are written, and its error is raised."""
    result = BatchResult()
    slots = asyncio.Semaphore(concurrency)
    stop = asyncio.Event()
    window = WINDOW_PER_SLOT * concurrency
    pending: deque[asyncio.Task[CorrespondenceReport]] = deque()
    upcoming = iter(parents)

    async def one(code: str) -> CorrespondenceReport:
        async with slots:
            if stop.is_set():
                raise _Skipped
            started = time.monotonic()
            try:
                report = await fetch(code)
            except BaseException:
                stop.set()
                raise
        if progress is not None:
            progress(code, time.monotonic() - started)
        return report

    def fill() -> None:
        while len(pending) < window and not stop.is_set() and (code := next(upcoming, None)) is not None:
            pending.append(asyncio.create_task(one(code)))

    try:
        fill()
        while pending:
            report = await pending[0]
            pending.popleft()
            write(report)
            result.add(report)
            fill()
    finally:
        stop.set()
        # let the reports still running finish (a read cancelled mid-way can leave its
        # connection behind); those not started raise _Skipped at once
        await asyncio.gather(*pending, return_exceptions=True)
    return result
