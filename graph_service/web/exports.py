"""GET /export/{format}?jurisdiction=CODE[,CODE]&asOf=YYYY-MM-DD&withDescendants=true|false:
the exports of graph_service.exports over HTTP, streamed (docs/exports.md).

Who may ask: as for /graphql (the same AccessControl: an API key with at least the reader role
when READS_REQUIRE_KEY is set, else anyone who may read; the same rate limits). Refusals are
4xx with the coded body of graph_service.web.problems; once the first bytes are sent the status
cannot change, so a failure later on ends the stream early (and is logged).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from graph_service.db.database import Database
from graph_service.domain.dates import parse_as_of
from graph_service.errors import (
    BadUserInputError,
    DatabaseUnavailableError,
    NotFoundError,
    OrgGraphError,
    QueryTimeoutError,
)
from graph_service.exports.reader import ExportReader
from graph_service.exports.run import FORMATS, ExportFormat, export_chunks, file_name
from graph_service.exports.scope import parse_roots, resolve_scope
from graph_service.web.access import AccessControl
from graph_service.web.problems import HttpProblem, error_response

log = logging.getLogger(__name__)

_STATUS = {BadUserInputError: 400, NotFoundError: 404, DatabaseUnavailableError: 503, QueryTimeoutError: 504}
_PARAMETERS = frozenset({"jurisdiction", "asOf", "withDescendants"})


class ExportEndpoint:
    def __init__(self, access: AccessControl) -> None:
        self.access = access

    async def handle(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except HttpProblem as problem:
            return problem.response()
        except OrgGraphError as exc:
            status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 500)
            return error_response(status, exc.code, exc.public_message)
        except Exception:
            log.exception("unexpected error while starting an export")
            return error_response(500, "INTERNAL_SERVER_ERROR", "Unexpected error; the server log has the details.")

    async def _handle(self, request: Request) -> Response:
        self.access.admit(request)
        name = request.path_params["format"]
        try:
            form = ExportFormat(name)
        except ValueError:
            known = ", ".join(f.value for f in ExportFormat)
            raise HttpProblem(404, "NOT_FOUND", f"no export format {name[:40]!r} (known: {known})") from None
        params = request.query_params
        if unknown := sorted(set(params) - _PARAMETERS):
            known = "jurisdiction, asOf, withDescendants"
            raise BadUserInputError(f"unknown parameter {unknown[0][:40]!r} (known: {known})")
        roots = parse_roots(params.get("jurisdiction", ""))
        try:
            as_of = parse_as_of(params["asOf"]) if "asOf" in params else dt.date.today()
        except ValueError as exc:
            raise BadUserInputError(f"asOf: {exc}") from None
        descendants = params.get("withDescendants", "false")
        if descendants not in ("true", "false"):
            raise BadUserInputError(f"withDescendants: true or false, not {descendants[:20]!r}")
        db: Database = request.app.state.db
        scope = await resolve_scope(db, roots, as_of=as_of, with_descendants=descendants == "true")
        chunks = export_chunks(form, ExportReader(db, scope))
        # the first chunk before answering: the first page's failure is still a coded error
        first = await anext(chunks, b"")
        headers = {"Content-Disposition": f'attachment; filename="{file_name(form, scope)}"'}
        return StreamingResponse(_rest(first, chunks), media_type=FORMATS[form].media_type, headers=headers)


async def _rest(first: bytes, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    try:
        async for chunk in chunks:
            yield chunk
    except Exception:  # the status is sent: end the stream short (the client sees invalid JSON/zip)
        log.exception("an export failed after it started; the response ends early")
        raise
