"""The `orggraph` command line: run the service, manage the local Neo4j, apply the schema.

Every command reads the same settings (environment variables, see README). Errors are a
message on stderr and an exit code: 2 for bad configuration or input and for an unreachable
or refusing database, 1 for anything else that failed.

Logs: stderr carries the command's own messages only. The log records of the service's code
and its libraries (the circuit breaker's "Neo4j is unavailable ...", the Neo4j driver's
retries) go nowhere, since what they say reaches the user as the command's error message;
LOG_LEVEL=debug shows them all, formatted as the service's logs (LOG_FORMAT). `serve` and
`up`, once they serve, are the service: they log as LOG_LEVEL and LOG_FORMAT say (a failure
before that, such as Neo4j not answering at start, is a command's error: one message).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging.config
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import httpx
import typer

from graph_service import auth
from graph_service.config import Role, Settings, load_settings
from graph_service.db.database import Database
from graph_service.db.schema import apply_schema
from graph_service.domain.correspondence import CorrespondenceReport
from graph_service.domain.dates import parse_as_of
from graph_service.errors import (
    BadUserInputError,
    ConfigurationError,
    DatabaseAuthError,
    DatabaseUnavailableError,
    NotFoundError,
    OrgGraphError,
)
from graph_service.exports.files import write_export
from graph_service.exports.reader import DEFAULT_PAGE_SIZE, ExportReader, ProgressLines
from graph_service.exports.run import ExportFormat
from graph_service.exports.scope import parse_roots, resolve_scope
from graph_service.ingest.gc_pause import paused_gc
from graph_service.ingest.loader import LoadReport, check_seed, deletion_problem, load_seed
from graph_service.neo4j_local import LocalNeo4j
from graph_service.paths import SCHEMA_FILE
from graph_service.reports import correspondence_batch as batch
from graph_service.reports.correspondence import (
    ReportFormat,
    graphql_endpoint,
    render,
    report_from_api,
    report_from_database,
)

app = typer.Typer(
    help="Org-structure knowledge graph service: serve the API, run the local Neo4j, apply the schema. "
    "Commands print only their own messages on stderr (the service's log records: with LOG_LEVEL=debug); "
    "serve and up, once serving, log as LOG_LEVEL and LOG_FORMAT say.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # unexpected errors: a plain traceback, not a screenful of panels
)
neo4j_app = typer.Typer(help="The project's own Neo4j server (used when NEO4J_URI is unset).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")

P = ParamSpec("P")
SHUTDOWN_GRACE_SECONDS = 5
R = TypeVar("R")

# bad configuration or input (an unknown id included), and a database that is away or refuses
# us: exit 2; anything else that failed: 1
_EXIT_2 = (ConfigurationError, BadUserInputError, NotFoundError, DatabaseUnavailableError, DatabaseAuthError)


#: where the log records of a command other than serve/up go: nowhere (without a handler on
#: the root logger, Python's last resort would print WARNING records bare on stderr)
_NOWHERE = logging.NullHandler()


@app.callback()
def _quiet_logs() -> None:
    # runs before every command; in a process whose logging is already set up (a test
    # runner's capture, a host application), nothing changes
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(_NOWHERE)


def _service_logging(settings: Settings) -> None:
    """The service's log lines on stderr as LOG_FORMAT says, for a command run with
    LOG_LEVEL=debug (serve and up set them up when they start serving)."""
    from graph_service.observability.logs import logging_config

    logging.config.dictConfig(logging_config(settings))


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the service's errors into a one-paragraph message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except OrgGraphError as exc:
            _say(f"error: {exc}")
            raise typer.Exit(code=2 if isinstance(exc, _EXIT_2) else 1) from exc

    return wrapper


def _settings() -> Settings:
    settings = load_settings()
    if settings.log_level == "debug":
        _service_logging(settings)
    return settings


def _local_server(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j.from_settings(settings, log=_say)


async def _with_database(settings: Settings, work: Callable[[Database], Awaitable[R]]) -> R:
    db = Database.from_settings(settings)
    try:
        await db.verify()
        return await work(db)
    finally:
        await db.close()


async def _noop(db: Database) -> None:
    return None


# --- the local Neo4j ----------------------------------------------------------------------


@neo4j_app.command("start")
@reports_errors
def neo4j_start() -> None:
    """Start the local Neo4j (fetching its jars on first use); returns once Bolt answers."""
    started = time.monotonic()
    _local_server(_settings()).start()
    _say(f"ready in {time.monotonic() - started:.1f} s")


@neo4j_app.command("stop")
@reports_errors
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly. Its data is kept."""
    _local_server(_settings()).stop()


@neo4j_app.command("status")
@reports_errors
def neo4j_status() -> None:
    """Say whether the local Neo4j runs; exit 0 if it does, 3 if it does not."""
    status = _local_server(_settings()).status()
    print(status.describe())
    if not status.running:
        raise typer.Exit(code=3)


@neo4j_app.command("logs")
@reports_errors
def neo4j_logs(lines: int = typer.Option(40, help="How many lines of each log to show.")) -> None:
    """Show the end of the local Neo4j's logs."""
    print(_local_server(_settings()).log_tail(lines))


# --- the service --------------------------------------------------------------------------


@app.command("migrate")
@reports_errors
def migrate() -> None:
    """Create the constraints and indexes of cypher/schema/ that are missing (idempotent)."""
    settings = _settings()
    names = asyncio.run(_with_database(settings, apply_schema))
    _say(f"schema in place: {len(names)} constraints and indexes ({', '.join(names)})")


@app.command("serve")
@reports_errors
def serve() -> None:
    """Serve the API on API_HOST:API_PORT against the configured Neo4j (which must answer).
    Once serving, logs as LOG_LEVEL and LOG_FORMAT say, on stderr."""
    settings = _settings()
    asyncio.run(_with_database(settings, _noop))
    _run_api(settings)


@app.command("up")
@reports_errors
def up() -> None:
    """Everything a new user needs: start the local Neo4j unless NEO4J_URI is set, apply the
    schema, load seed/, and serve the API. Once serving, logs as LOG_LEVEL and LOG_FORMAT say,
    on stderr."""
    settings = _settings()
    if settings.uses_local_neo4j:
        _local_server(settings).start()

    async def prepare(db: Database) -> LoadReport:
        # one connection for the checks, the schema and the seed
        await apply_schema(db)
        return await load_seed(db, settings.seed_dir, max_deletions=settings.seed_max_deletions, progress=_say)

    _say(asyncio.run(_with_database(settings, prepare)).summary())
    _run_api(settings)


def _load_seed(settings: Settings, *, dry_run: bool = False, allow_deletions: bool = False, full: bool = False) -> None:
    async def work(db: Database) -> LoadReport:
        if not dry_run:
            # the loader finds every node by its uid: without the constraint's index each lookup
            # scans all nodes (a synthetic province took minutes in a fresh database)
            await apply_schema(db)
        return await load_seed(
            db,
            settings.seed_dir,
            dry_run=dry_run,
            allow_deletions=allow_deletions,
            max_deletions=settings.seed_max_deletions,
            progress=_say,
            cache=settings.seed_record_cache,
            full=full,
        )

    with paused_gc():  # the CLI's process does nothing else: the whole load, diff included
        report = asyncio.run(_with_database(settings, work))
    _say(report.summary())
    if dry_run and not allow_deletions and (problem := deletion_problem(report, settings.seed_max_deletions)):
        _say(f"note: loading would be refused without --allow-deletions: {problem}")


@app.command("seed")
@reports_errors
def seed(
    check: bool = typer.Option(False, "--check", help="Only validate the files; touch no database."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Validate and compare with the graph; write nothing; list what would be removed."
    ),
    allow_deletions: bool = typer.Option(
        False,
        "--allow-deletions",
        help="Allow a load that removes more than SEED_MAX_DELETIONS nodes, or removes any while a file is empty.",
    ),
    full: bool = typer.Option(
        False,
        "--full",
        help="Compare every record with the graph even when the files and the graph are as the last load left them.",
    ),
    provenance: bool = typer.Option(
        False,
        "--provenance",
        help="Only validate, then print confirmed / inferred counts by kind and jurisdiction and every record "
        "whose confidence the provenance rules lowered (to stdout); touch no database.",
    ),
) -> None:
    """Validate seed/ and load it: prints what was created, updated and removed.

    Every file is validated before anything is written, and every error is reported with its
    file, record and field (exit 2). Loading is idempotent: unchanged files change nothing.
    A load that would remove many nodes, or any while a file is empty, is refused (exit 2)
    unless --allow-deletions is given. A load of the same files into a graph as the last load
    left it compares nothing (--full compares every record anyway)."""
    settings = _settings()
    if provenance:
        typer.echo("\n".join(check_seed(settings.seed_dir, settings.seed_record_cache).provenance.lines()))
        return
    if check:
        checked = check_seed(settings.seed_dir, settings.seed_record_cache)
        empty = f" ({len(checked.empty_files)} empty: {', '.join(checked.empty_files)})" if checked.empty_files else ""
        _say(f"seed: {checked.files} files valid{empty}")
        return
    _load_seed(settings, dry_run=dry_run, allow_deletions=allow_deletions, full=full)


def _run_api(settings: Settings) -> None:
    import shutil

    import uvicorn

    from graph_service.observability.logs import logging_config
    from graph_service.observability.multiprocess import prepare_directory

    # the same formatter (JSON lines, or text at a terminal) for our loggers and uvicorn's,
    # in this process and in each worker (uvicorn applies log_config there)
    log_config = logging_config(settings)
    logging.config.dictConfig(log_config)
    if settings.persisted_queries_file is not None:  # a bad manifest: exit 2 now, not in every worker
        from graph_service.web.persisted_queries import load_manifest

        load_manifest(settings.persisted_queries_file)
    metrics_dir, made_here = prepare_directory(settings)  # several workers: one view in /metrics
    workers = f" ({settings.api_workers} worker processes)" if settings.api_workers > 1 else ""
    _say(f"serving GraphQL on http://{settings.api_host}:{settings.api_port}/graphql{workers}")
    try:
        uvicorn.run(
            "graph_service.app:app_from_environment",  # each worker builds its app from the same settings
            factory=True,
            workers=settings.api_workers,
            host=settings.api_host,
            port=settings.api_port,
            log_level=settings.log_level,
            log_config=log_config,
            # on SIGTERM, requests in flight get this long to finish; then they are cancelled
            timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        )
    finally:
        if made_here and metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


@app.command("check-correspondence")
@reports_errors
def check_correspondence(
    parent: str = typer.Argument(
        None, help="The upper jurisdiction's code, e.g. 620700 (a city) or 620000 (a province)."
    ),
    parents: str = typer.Option(
        None, "--parents", help="Several parents in one run, comma-separated, e.g. 620000,620700."
    ),
    all_levels: str = typer.Option(
        None,
        "--all-levels",
        help="Every jurisdiction at or under these roots (comma-separated) with jurisdictions directly under it "
        "(every level), by code.",
    ),
    as_of: str = typer.Option(None, "--as-of", help="The date to check (YYYY-MM-DD); default: today."),
    form: Annotated[
        ReportFormat, typer.Option("--format", help="table, json, jsonl, csv or markdown (several parents: not json).")
    ] = ReportFormat.TABLE,
    url: str = typer.Option(
        None,
        "--url",
        help="Ask a running service instead of Neo4j: its base URL (http://127.0.0.1:8000, or a proxy's prefix "
        "such as https://host/orggraph) or its GraphQL endpoint. A URL whose path does not end in /graphql "
        "gets /graphql appended (a trailing slash dropped first).",
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Several parents: how many reports run at once.")
    ] = 4,
) -> None:
    """Check how the jurisdictions under PARENT cover the fields their level must have.

    For each lower jurisdiction and required field: matched, merged, vertical, missing,
    unknown or allowed; plus local extras and kind mismatches. A gap is missing only where a
    source lists the jurisdiction's bodies in full; else it is unknown. Exit 0 when every
    required field is covered or allowed, 1 when something is missing (a finding), 3 when
    nothing is missing but something is unknown (the data cannot tell), 2 on bad input or an
    unreachable database or API.

    Give one of PARENT, --parents or --all-levels (every parent at or under one or more
    roots). With several parents the reports run --concurrency at a time and are written in
    the order of the parents (--all-levels: by code) as they finish; the exit code is the
    worst of theirs.

    --url http://127.0.0.1:8000 and --url http://127.0.0.1:8000/graphql ask the same endpoint:
    a URL whose path does not end in /graphql gets /graphql appended. A server there that does
    not answer GraphQL is exit 2, naming the URL."""
    if sum(given is not None for given in (parent, parents, all_levels)) != 1:
        raise BadUserInputError("give one of PARENT, --parents CODE,CODE,... or --all-levels ROOT,...")
    day = _parse_day(as_of)
    endpoint = graphql_endpoint(url) if url is not None else None
    if parent is None:
        _check_batch(
            codes=batch.parse_codes(parents) if parents is not None else None,
            roots=batch.parse_codes(all_levels, "--all-levels") if all_levels is not None else None,
            day=day,
            form=form,
            url=endpoint,
            output=output,
            concurrency=concurrency,
        )
        return
    started = time.monotonic()
    # what the command says before it reads comes once the source has answered, so a failure
    # is its one message alone
    if endpoint:
        report = report_from_api(endpoint, parent=parent, as_of=day)
    else:
        settings = _settings()

        async def work(db: Database) -> CorrespondenceReport:
            _say(f"reading the graph at {settings.effective_neo4j_uri} for {parent} as of {day} ...")
            return await report_from_database(db, parent=parent, as_of=day)

        report = asyncio.run(_with_database(settings, work))
    text = render(report, form)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    totals = report.totals
    _say(
        f"{len(report.lower)} jurisdictions, {totals.required} required fields: {totals.matched} matched, "
        f"{totals.merged} merged, {totals.vertical} vertical, {totals.allowed} allowed, {totals.missing} missing, "
        f"{totals.unknown} unknown ({time.monotonic() - started:.2f} s)"
    )
    if report.has_missing:
        raise typer.Exit(code=1)
    if report.has_unknown:
        raise typer.Exit(code=3)


def _check_batch(
    *,
    codes: list[str] | None,
    roots: list[str] | None,
    day: dt.date,
    form: ReportFormat,
    url: str | None,
    output: Path | None,
    concurrency: int,
) -> None:
    """check-correspondence for several parents: one process, one summary, one exit code."""
    writer = batch.BatchWriter(form, None if output else sys.stdout, output)
    started = time.monotonic()
    progress: batch.Progress | None = None

    async def run(parents: list[str], fetch: batch.Fetch, source: str) -> batch.BatchResult:
        nonlocal progress
        # said once the source has answered with the parents: a failure before is one message
        _say(f"{source} for the correspondence of {what} as of {day}, {concurrency} at a time ...")
        progress = batch.Progress(len(parents), sys.stderr, tty=sys.stderr.isatty())
        return await batch.run_batch(
            parents, fetch, concurrency=concurrency, write=writer.write, progress=progress.finished
        )

    what = f"every parent at or under {', '.join(roots)}" if roots is not None else f"{len(codes or [])} parents"
    try:
        if url:

            async def remote() -> batch.BatchResult:
                limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
                async with httpx.AsyncClient(timeout=120.0, limits=limits) as client:
                    parents = await batch.parents_from_api(client, url, codes=codes, roots=roots)
                    return await run(parents, batch.api_fetch(client, url, day), f"asking {url}")

            result = asyncio.run(remote())
        else:
            settings = _settings()

            async def work(db: Database) -> batch.BatchResult:
                parents = await batch.parents_from_database(db, codes=codes, roots=roots)
                return await run(
                    parents, batch.database_fetch(db, day), f"reading the graph at {settings.effective_neo4j_uri}"
                )

            result = asyncio.run(_with_database(settings, work))
    finally:
        if progress is not None:
            progress.close()
        writer.close()
    _say(result.summary(time.monotonic() - started))
    if result.exit_code:
        raise typer.Exit(code=result.exit_code)


def _parse_day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return parse_as_of(text)
    except ValueError as exc:
        raise BadUserInputError(f"--as-of: {exc}") from None


@app.command("export")
@reports_errors
def export(
    form: Annotated[ExportFormat, typer.Option("--format", help="org-jsonld, popolo or csv.")],
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", help="The jurisdiction's code, e.g. 620700 (several: comma-separated).")
    ],
    as_of: str = typer.Option(None, "--as-of", help="The date the export describes (YYYY-MM-DD); default: today."),
    with_descendants: bool = typer.Option(
        False, "--with-descendants", help="Include every jurisdiction under those given."
    ),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="A file (csv: a folder of tables, or a .zip); default: stdout (csv: a zip)."
        ),
    ] = None,
    page_size: Annotated[
        int, typer.Option("--page-size", min=1, max=100_000, help="Records read per query.")
    ] = DEFAULT_PAGE_SIZE,
) -> None:
    """Export a jurisdiction's bodies, duties, holdings, reform events, correspondences and
    sources on a date as W3C ORG JSON-LD, Popolo JSON or CSV (docs/exports.md).

    Read and written a page at a time (bounded memory); progress on stderr. Exit 2 on a
    malformed or unknown code or date, or an unreachable database."""
    roots = parse_roots(jurisdiction)
    day = _parse_day(as_of)
    if output is None and sys.stdout.isatty():
        raise BadUserInputError("the export is binary or long: give -o PATH or redirect stdout")
    settings = _settings()
    started = time.monotonic()

    async def work(db: Database) -> tuple[ExportReader, str]:
        scope = await resolve_scope(db, roots, as_of=day, with_descendants=with_descendants)
        _say(f"exporting {len(scope.codes)} jurisdictions as of {day} as {form.value} ...")
        reader = ExportReader(db, scope, page_size=page_size, progress=ProgressLines(_say))
        return reader, await write_export(form, reader, output, sys.stdout.buffer)

    reader, where = asyncio.run(_with_database(settings, work))
    counts = ", ".join(f"{count} {kind.value}" for kind, count in reader.counts.items())
    _say(f"exported {counts} to {where} ({reader.pages} pages, {time.monotonic() - started:.1f} s)")


@app.command("new-api-key")
@reports_errors
def new_api_key(
    name: str = typer.Argument(..., help="Who the key is for (shown in the audit trail)."),
    role: str = typer.Argument(..., help="reader, editor or admin."),
) -> None:
    """Make a new API key: prints the key (give it to its owner) and the API_KEYS entry
    (its sha256 digest; the service never stores the key itself)."""
    if role.upper() not in Role.__members__:
        raise BadUserInputError(f"role must be reader, editor or admin, not {role!r}")
    if not name or any(ch in name for ch in ":,"):
        raise BadUserInputError("the name may not be empty or contain ':' or ','")
    key = auth.new_key()
    print(f"key (shown once): {key}")
    print(f"API_KEYS entry:   {name}:{role.lower()}:{auth.digest(key)}")


@app.command("export-schema")
@reports_errors
def export_schema(
    check: bool = typer.Option(False, "--check", help="Exit 1 if schema.graphql differs, without writing."),
) -> None:
    """Write the served GraphQL schema to schema.graphql."""
    # imported here: building the schema costs ~1.3 s, which every other command would pay
    from graph_service.graphql.schema import schema_sdl

    sdl = schema_sdl()
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if check:
        if current != sdl:
            _say(f"{SCHEMA_FILE.name} is out of date: run `orggraph export-schema`")
            raise typer.Exit(code=1)
        _say(f"{SCHEMA_FILE.name} is up to date")
        return
    SCHEMA_FILE.write_text(sdl, encoding="utf-8")
    _say(f"wrote {SCHEMA_FILE}")


@app.command("persisted-manifest")
@reports_errors
def persisted_manifest(
    documents: Annotated[list[Path], typer.Argument(help="GraphQL documents (.graphql files).")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Write an Apollo persisted query manifest of GraphQL documents, for PERSISTED_QUERIES=allowlist.
    Each document is checked against the served schema first."""
    import json

    from graphql import GraphQLError, OperationDefinitionNode, parse, validate

    from graph_service.graphql.schema import build_schema
    from graph_service.web.persisted_queries import apollo_manifest

    schema = build_schema()._schema
    named: dict[str, str] = {}
    for path in documents:
        try:
            body = path.read_text(encoding="utf-8")
            parsed = parse(body)
        except (OSError, UnicodeDecodeError) as exc:
            raise BadUserInputError(f"cannot read {path}: {exc}") from None
        except GraphQLError as exc:
            raise BadUserInputError(f"{path}: {exc.message}") from None
        problems = validate(schema, parsed)
        if problems:
            raise BadUserInputError(f"{path}: {problems[0].message}")
        # a document with several operations is allowed as a whole (clients pick one by operationName)
        operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
        name = operations[0].name.value if len(operations) == 1 and operations[0].name else path.stem
        if name in named:
            raise BadUserInputError(f"{path}: the operation name {name!r} is used twice")
        named[name] = body
    text = json.dumps(apollo_manifest(named), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        _say(f"wrote {output}: {len(named)} documents")


def _print_parsed(text: str, kind: str | None, as_json: bool) -> None:
    """`import-text --parse`: the text read, as JSON or as one line per element."""
    import json

    from graph_service.textimport.reader import GENRES, parse_text, summary_lines

    if kind is not None and kind not in GENRES:
        raise BadUserInputError(f"--kind must be one of {', '.join(GENRES)}, not {kind!r}")
    parsed = parse_text(text, genre=next(g for g in GENRES if g == kind) if kind else None)
    if as_json:
        print(json.dumps(parsed.model_dump(by_alias=True), ensure_ascii=False, indent=2))
    else:
        print("\n".join(summary_lines(parsed)))


@app.command("import-text")
@reports_errors
def import_text_command(
    file: Annotated[Path, typer.Argument(help="The text, UTF-8: a 三定 regulation or a reform-plan paragraph.")],
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Whose text it is, e.g. 620700 (not with --parse).")
    ] = None,
    document_id: Annotated[
        str | None,
        typer.Option("--document-id", help="The document's id, e.g. doc.zhangye-sanding-2019-nr (not with --parse)."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="sanding (articles 第一条…) or plan (a plan paragraph); default sanding. With --parse also news, "
            "structure or transfer; default: detected.",
        ),
    ] = None,
    parse: Annotated[
        bool,
        typer.Option(
            "--parse",
            help="Only read the text, for any place, without the database: one event per change, the bodies, "
            "counts, dates and what was not read (JSON: schemas/text-parse.schema.json).",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the proposal, the event and the diff as JSON.")
    ] = False,
    date: Annotated[str | None, typer.Option("--date", help="The event's date, when the text gives none.")] = None,
    body_id: Annotated[str | None, typer.Option("--body-id", help="The id of a body the text forms.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The document's title, if the text has none.")] = None,
) -> None:
    """Read an official text into a reform event: the body, its duties, sections, staffing and
    the duties moved, each with the article, item and characters it came from; resolve names
    against the graph; show the diff (--dry-run) or record it (one transaction, audited,
    retractable). Exit 0 done, 1 when a dry run finds names it cannot resolve, 2 bad input."""
    import getpass
    import json

    from graph_service.auth import Principal
    from graph_service.domain.dates import PartialDate
    from graph_service.textimport.service import import_text

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadUserInputError(f"cannot read {file}: {exc}") from None
    if parse:
        _print_parsed(text, kind, as_json)
        return
    kind = kind or "sanding"
    if kind not in ("sanding", "plan"):
        raise BadUserInputError(f"--kind must be sanding or plan, not {kind!r}")
    if jurisdiction is None or document_id is None:
        raise BadUserInputError("--jurisdiction and --document-id are needed to import (or give --parse to only read)")
    try:
        day = PartialDate.parse(date) if date else None
    except ValueError as exc:
        raise BadUserInputError(f"--date: {exc}") from None
    settings = _settings()
    operator = Principal(name=f"cli:{getpass.getuser()}", role=Role.ADMIN)

    async def work(db: Database) -> Any:
        return await import_text(
            db,
            text,
            jurisdiction=jurisdiction,
            document_id=document_id,
            kind="sanding" if kind == "sanding" else "plan",
            principal=operator,
            dry_run=dry_run,
            date=day,
            body_id=body_id,
            title=title,
        )

    outcome = asyncio.run(_with_database(settings, work))
    if as_json:
        print(json.dumps(outcome.plan.as_json(outcome.proposal), ensure_ascii=False, indent=2))
    else:
        print("\n".join(outcome.plan.diff))
    if outcome.recorded is not None:
        state = "recorded" if outcome.recorded.applied else "already recorded: nothing changed"
        _say(f"{outcome.recorded.event_id}: {state} (audit {outcome.recorded.audit['id']})")
    elif outcome.plan.unresolved:
        _say(f"{len(outcome.plan.unresolved)} names could not be resolved: the import would write nothing")
        raise typer.Exit(code=1)


def main() -> None:
    app()
