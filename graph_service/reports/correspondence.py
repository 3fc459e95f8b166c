"""The correspondence report: fetched from Neo4j directly or from a running API (`--url`),
and written as a table, JSON (schemas/correspondence-report.schema.json), CSV or Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from graph_service.db import api_repository as repo
from graph_service.db.database import Database
from graph_service.domain.correspondence import CorrespondenceReport, CoverageStatus
from graph_service.errors import BadUserInputError, DatabaseUnavailableError, NotFoundError, OrgGraphError
from graph_service.paths import PROJECT_ROOT
from graph_service.services.correspondence import build_report

QUERY = (Path(__file__).with_name("correspondence_query.graphql")).read_text(encoding="utf-8")
JSON_SCHEMA_FILE = PROJECT_ROOT / "schemas" / "correspondence-report.schema.json"


class ReportFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"  # one report per line: several parents, streamed
    CSV = "csv"
    MARKDOWN = "markdown"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report's JSON form (snake_case field names)."""
    schema = CorrespondenceReport.model_json_schema(by_alias=False, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://orggraph.local/schemas/correspondence-report.schema.json"
    return schema


async def report_from_database(db: Database, *, parent: str, as_of: dt.date) -> CorrespondenceReport:
    inputs = await repo.correspondence_inputs(db, parent=parent, as_of=as_of)
    if inputs is None:
        raise NotFoundError(f"no jurisdiction with code {parent!r}")
    return build_report(inputs, as_of)


_CODES: dict[str, type[OrgGraphError]] = {
    "NOT_FOUND": NotFoundError,
    "BAD_USER_INPUT": BadUserInputError,
    "UNAVAILABLE": DatabaseUnavailableError,
    # a GraphQL server that is not this service, or a version without the field: a wrong --url
    "GRAPHQL_VALIDATION_FAILED": BadUserInputError,
}

GRAPHQL_PATH = "/graphql"
URL_RULE = (
    "--url takes the service's base URL (http://127.0.0.1:8000, or a proxy's prefix such as "
    "https://host/orggraph) or its GraphQL endpoint (the same ending in /graphql)"
)


def graphql_endpoint(url: str) -> str:
    """The GraphQL endpoint that `--url` names. The rule: a trailing slash is dropped, then a
    URL whose path does not end in /graphql gets /graphql appended. So http://host:8000,
    http://host:8000/, http://host:8000/graphql and http://host:8000/graphql/ all name
    http://host:8000/graphql, and http://host/orggraph (a service behind a proxy's prefix)
    names http://host/orggraph/graphql. A query string is kept; a fragment is dropped."""
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as exc:
        raise BadUserInputError(f"--url {url!r} is not a URL ({exc}); {URL_RULE}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise BadUserInputError(f"--url {url!r} is not an http:// or https:// URL; {URL_RULE}")
    path = parsed.path.rstrip("/")
    if not path.endswith(GRAPHQL_PATH):
        path += GRAPHQL_PATH
    return str(parsed.copy_with(path=path, fragment=None))


def report_from_api(url: str, *, parent: str, as_of: dt.date, timeout: float = 120.0) -> CorrespondenceReport:
    """Ask a running service's GraphQL endpoint (`url`, as graphql_endpoint() gives it) for
    the same report."""
    try:
        response = httpx.post(url, json=_report_request(parent, as_of), timeout=timeout)
    except httpx.HTTPError as exc:
        raise unreachable(url, exc) from exc
    return _report(url, graphql_data(url, response))


async def report_from_api_async(
    client: httpx.AsyncClient, url: str, *, parent: str, as_of: dt.date
) -> CorrespondenceReport:
    """The same as report_from_api, on a client shared by concurrent requests (a batch)."""
    try:
        response = await client.post(url, json=_report_request(parent, as_of))
    except httpx.HTTPError as exc:
        raise unreachable(url, exc) from exc
    return _report(url, graphql_data(url, response))


def _report_request(parent: str, as_of: dt.date) -> dict[str, Any]:
    return {"query": QUERY, "variables": {"parent": parent, "asOf": as_of.isoformat()}}


def unreachable(url: str, exc: httpx.HTTPError) -> DatabaseUnavailableError:
    return DatabaseUnavailableError(f"cannot reach the API at {url}: {exc}")


def graphql_data(url: str, response: httpx.Response) -> Any:
    """The `data` of a GraphQL answer; its first error, translated, if it has errors. An answer
    that is not GraphQL's (a 404 page, HTML, a redirect) is a wrong --url: exit 2, naming it."""
    body = _graphql_body(response)
    if body is None:
        raise BadUserInputError(f"the server at {url} does not answer GraphQL ({_answer(response)}); {URL_RULE}")
    errors = body.get("errors")
    if errors:
        first = errors[0]
        code = first.get("extensions", {}).get("code") if isinstance(first.get("extensions"), dict) else None
        status = "" if response.status_code == 200 else f" (HTTP {response.status_code})"
        # refused before GraphQL ran (a 4xx or 5xx with the errors shape): as before, exit 2
        fallback = OrgGraphError if response.status_code == 200 else DatabaseUnavailableError
        raise _CODES.get(code or "", fallback)(f"the API at {url} says{status}: {first.get('message')}")
    return body.get("data")


def _graphql_body(response: httpx.Response) -> dict[str, Any] | None:
    """The answer's JSON object when it has GraphQL's shape (`data`, or a list of `errors`
    with messages), else None."""
    try:
        body = response.json()
    except ValueError:  # not JSON (UnicodeDecodeError is a ValueError too)
        return None
    if not isinstance(body, dict):
        return None
    errors = body.get("errors")
    if isinstance(errors, list) and errors and all(isinstance(e, dict) and "message" in e for e in errors):
        return body
    return body if "data" in body and errors is None else None


def _answer(response: httpx.Response) -> str:
    """`HTTP 404: {"detail":"Not Found"}`: the status, where it redirects, the start of the body."""
    words = [f"HTTP {response.status_code}"]
    if response.is_redirect and "location" in response.headers:
        words.append(f"redirecting to {response.headers['location']}")
    text = " ".join(response.text.split())
    if text:
        words.append(text[:120] + ("..." if len(text) > 120 else ""))
    return ": ".join(words)


def _report(url: str, data: Any) -> CorrespondenceReport:
    try:
        return CorrespondenceReport.model_validate(data["correspondenceReport"])
    except (ValidationError, KeyError, TypeError) as exc:
        raise OrgGraphError(f"the API at {url} answered something that is not a correspondence report: {exc}") from exc


def render(report: CorrespondenceReport, form: ReportFormat) -> str:
    if form is ReportFormat.JSON:
        return report.model_dump_json(indent=2) + "\n"
    if form is ReportFormat.JSONL:
        return report.model_dump_json() + "\n"
    if form is ReportFormat.CSV:
        return _csv(report)
    if form is ReportFormat.MARKDOWN:
        return _markdown(report)
    return _table(report)


_COLUMNS = (
    "required",
    "matched",
    "merged",
    "vertical",
    "missing",
    "unknown",
    "allowed",
    "local_extras",
    "kind_mismatches",
)


def _table(report: CorrespondenceReport) -> str:
    head = ["code", "name", *_COLUMNS]
    rows = [[lower.code, lower.name, *(str(getattr(lower.summary, c)) for c in _COLUMNS)] for lower in report.lower]
    rows.append(["", "total", *(str(getattr(report.totals, c)) for c in _COLUMNS)])
    widths = [max(_width(cell) for cell in column) for column in zip(head, *rows, strict=True)]
    lines = [f"Correspondence of {report.parent_name} ({report.parent_code}) as of {report.as_of}"]
    for row in [head, *rows]:
        lines.append("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)))
    for status, title in (
        (CoverageStatus.MISSING, "missing (a source lists every body: a finding)"),
        (CoverageStatus.UNKNOWN, "unknown (no recorded body covers it; not a finding)"),
    ):
        gaps = [(lower, f) for lower in report.lower for f in lower.functions if f.status is status]
        if gaps:
            lines += ["", f"{title}:"]
            for lower, f in gaps:
                lines.append(f"  {lower.name} ({lower.code}): {f.function} {f.function_name}")
                if f.would_settle:
                    lines.append(f"    would settle it: {f.would_settle}")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


CSV_COLUMNS = (
    "parent",
    "as_of",
    "code",
    "name",
    "function",
    "function_name",
    "status",
    "bodies",
    "merged_with",
    "allowed_by",
    "stated_by",
    "would_settle",
    "note",
)


def csv_header() -> str:
    out = io.StringIO()
    csv.writer(out).writerow(CSV_COLUMNS)
    return out.getvalue()


def _csv(report: CorrespondenceReport) -> str:
    return csv_header() + csv_rows(report)


def csv_rows(report: CorrespondenceReport) -> str:
    """The report's CSV rows, without the header (a batch writes one header for all)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for lower in report.lower:
        for f in lower.functions:
            writer.writerow(
                [
                    report.parent_code,
                    report.as_of.isoformat(),
                    lower.code,
                    lower.name,
                    f.function,
                    f.function_name,
                    f.status.value,
                    "; ".join(b.name for b in f.bodies),
                    "; ".join(f.merged_with),
                    "; ".join(f.allowed_by),
                    "; ".join(f.stated_by),
                    f.would_settle,
                    f.note,
                ]
            )
    return out.getvalue()


def _markdown(report: CorrespondenceReport) -> str:
    lines = [f"# Correspondence of {report.parent_name} ({report.parent_code}), as of {report.as_of}", ""]
    lines.append("| jurisdiction | " + " | ".join(c.replace("_", " ") for c in _COLUMNS) + " |")
    lines.append("|---|" + "---:|" * len(_COLUMNS))
    for lower in report.lower:
        cells = " | ".join(str(getattr(lower.summary, c)) for c in _COLUMNS)
        lines.append(f"| {lower.name} ({lower.code}) | {cells} |")
    lines.append("| **total** | " + " | ".join(f"**{getattr(report.totals, c)}**" for c in _COLUMNS) + " |")
    for lower in report.lower:
        lines += ["", f"## {lower.name} ({lower.code})", ""]
        for status in (
            CoverageStatus.MISSING,
            CoverageStatus.UNKNOWN,
            CoverageStatus.ALLOWED,
            CoverageStatus.VERTICAL,
            CoverageStatus.MERGED,
        ):
            items = [f for f in lower.functions if f.status is status]
            if not items:
                continue
            lines.append(f"**{status.value}** ({len(items)})")
            lines.append("")
            for f in items:
                bodies = "、".join(b.name for b in f.bodies) or "—"
                lines.append(
                    f"- {f.function_name} (`{f.function}`): {bodies}. {f.note}"
                    + (f" Documents: {', '.join(f.allowed_by or f.stated_by)}." if f.allowed_by or f.stated_by else "")
                    + (f" Would settle it: {f.would_settle}." if f.would_settle else "")
                )
            lines.append("")
        if lower.local_extras:
            lines.append(
                f"**local extras** ({len(lower.local_extras)}): "
                + "、".join(extra.body.name for extra in lower.local_extras)
            )
            lines.append("")
        for mismatch in lower.kind_mismatches:
            lines.append(
                f"- kind mismatch in `{mismatch.function}`: {mismatch.lower.name} ({mismatch.lower.kind}) "
                f"faces {mismatch.upper.name} ({mismatch.upper.kind})"
            )
        matched = sum(1 for f in lower.functions if f.status is CoverageStatus.MATCHED)
        lines.append(f"{matched} of {lower.summary.required} required fields have a body of their own.")
    return "\n".join(lines).rstrip() + "\n"


def dump_json_schema() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
