"""/graphql over HTTP: GET (queries) and POST (queries and mutations), answered as JSON
(`application/graphql-response+json` to clients that accept it: graph_service.web.media_types).

For every request, in order: the key and rate limits (graph_service.web.access), the request
itself (graph_service.web.graphql_request), then the schema runs it under REQUEST_TIMEOUT.
GraphiQL's page is served to a browser asking for HTML without a query, when enabled; it
never answers data itself. Anything refused before GraphQL runs is a 4xx with a coded
GraphQL-shaped body; what GraphQL answers is 200 with `data` and coded `errors`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from graph_service.caching.keys import answer_key, build_version, etag_of, matches
from graph_service.caching.results import CachedAnswer, ResultCache
from graph_service.caching.version import GraphVersion, sequence_of
from graph_service.config import Settings
from graph_service.db.causal import HEADER as BOOKMARK_HEADER
from graph_service.db.causal import BadBookmarkError, causal_scope, current_scope, decode_with_version, signing_key
from graph_service.graphql.context import Context
from graph_service.graphql.guard import OPERATION_NAME_REQUIRED
from graph_service.graphql.schema import OrgGraphSchema
from graph_service.observability import context as log_context
from graph_service.observability.metrics import OperationLabels, operation_name, record_graphql
from graph_service.paths import CYPHER_DIR
from graph_service.web.access import AccessControl
from graph_service.web.compression import compress, preferred_coding
from graph_service.web.graphql_request import GraphQLRequest, read_get, read_post
from graph_service.web.ide_page import graphiql_response
from graph_service.web.json_body import json_response
from graph_service.web.media_types import GRAPHQL_RESPONSE, JSON, negotiate
from graph_service.web.persisted_queries import PersistedQueries, load_manifest
from graph_service.web.problems import HttpProblem, error_response

log = logging.getLogger(__name__)

_QUERIES_ONLY = frozenset({OperationType.QUERY})
_QUERIES_AND_MUTATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


class GraphQLEndpoint:
    def __init__(self, schema: OrgGraphSchema, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.access = AccessControl(settings)
        self.bookmark_key = signing_key(settings.bookmark_secret_value)
        manifest = load_manifest(settings.persisted_queries_file) if settings.persisted_queries_file else None
        self.persisted = PersistedQueries(
            settings.persisted_queries, cache_size=settings.persisted_query_cache_size, manifest=manifest
        )
        self.operations = OperationLabels(settings.metrics_max_operations)
        # answers kept by their key (graph_service/caching); the version is set by the app's
        # lifespan, which owns the database: until then nothing is cached
        self.results = ResultCache(settings.result_cache_bytes, max_entry_bytes=settings.result_cache_max_entry_bytes)
        self.versions: GraphVersion | None = None
        self.build = build_version(schema.as_str(), CYPHER_DIR)
        self.vary = VARY + (", Accept-Encoding" if settings.compression_enabled else "")

    async def handle(self, request: Request) -> Response:
        start = time.perf_counter()
        media = negotiate(request.headers.get("accept")) or JSON
        codes: list[object] = []  # the extensions.code of each error answered (for the metrics)
        try:
            response = await self._handle(request, media, codes)
        except HttpProblem as problem:
            codes.append(problem.code)
            response = problem.response(media)
        except ClientDisconnect:  # gone while sending its body: nobody reads the answer
            codes.append("BAD_REQUEST")
            response = error_response(400, "BAD_REQUEST", "the client went away while sending the request", None, media)
        except Exception:  # a defect: still a GraphQL-shaped answer, and the stack in the log
            log.exception("unexpected error while serving /graphql")
            message = "Unexpected error; the server log has the details."
            codes.append("INTERNAL_SERVER_ERROR")
            response = error_response(500, "INTERNAL_SERVER_ERROR", message, None, media)
        if response.media_type != "text/html":  # GraphiQL's page is no GraphQL request
            response.headers["Vary"] = self.vary
            response.headers.setdefault("Cache-Control", NO_STORE)  # errors, refusals, mutations
            seconds = time.perf_counter() - start
            record_graphql(self.operations.label(log_context.operation.get()), seconds, codes)
        return response

    async def _handle(self, request: Request, media: str, codes: list[object]) -> Response:
        settings = self.settings
        if request.method == "GET" and "query" not in request.query_params and _wants_html(request):
            if not settings.graphiql_enabled:
                raise HttpProblem(404, "NOT_FOUND", "GraphiQL is switched off here (GRAPHIQL_ENABLED=false)")
            return graphiql_response()
        if request.method not in ("GET", "POST"):
            raise HttpProblem(
                405,
                "METHOD_NOT_ALLOWED",
                f"{request.method} is not served here: use POST (or GET for queries)",
                {"Allow": "GET, POST"},
            )
        principal = self.access.admit(request)
        if request.method == "GET":
            graphql_request = read_get(request.query_params, max_string_length=settings.max_string_length)
            allowed = _QUERIES_ONLY
        else:
            graphql_request = await read_post(
                request, max_bytes=settings.max_request_bytes, max_string_length=settings.max_string_length
            )
            allowed = _QUERIES_AND_MUTATIONS
        # the name the client gave; the schema's OperationName extension puts the document's
        # own in its place once it is parsed
        log_context.operation.set(operation_name(graphql_request.operation_name))
        context = Context.for_request(request.app.state.db, settings, self.schema.compiler, principal)
        given = request.headers.get(BOOKMARK_HEADER)
        try:
            bookmarks, given_version = decode_with_version(given, self.bookmark_key) if given else (None, None)
        except BadBookmarkError as exc:
            raise HttpProblem(400, "BAD_REQUEST", str(exc)) from None
        headers = request.headers
        validators = _Validators(
            request.method, headers.get("if-none-match"), principal.role is None, headers.get("accept-encoding")
        )
        with causal_scope(bookmarks, given_version) as scope:
            response = await self._execute(graphql_request, context, allowed, media, codes, validators)
            if scope.written is not None and self.versions is not None:
                # this process's cache stops serving what preceded its own write at once
                with causal_scope(scope.written):
                    version = await self.versions.refresh()
                scope.written_version = sequence_of(version) if version is not None else None
        written = scope.header_value(self.bookmark_key)
        if written is not None:  # the client's next request, to any replica, reads this write
            response.headers[BOOKMARK_HEADER] = written
        return response

    async def _cache_key(
        self, graphql_request: GraphQLRequest, document: str, context: Context
    ) -> tuple[str, str] | None:
        """The answer's key and the graph version it is for, or None when answers cannot be
        cached now (the version is unknown, or older than the client's own write)."""
        versions = self.versions
        if versions is None:
            return None
        scope = current_scope()
        if scope is not None and scope.given is not None:
            # a client back from a write: the version it names at least (causal.py); a bookmark
            # written without one has the version read again, under the bookmark
            if scope.given_version is None:
                await versions.refresh()
            else:
                await versions.at_least(scope.given_version)
                known = versions.sequence
                if known is None or known < scope.given_version:
                    return None  # the version cannot be read now: run it, uncached
        version = versions.current
        if version is None:
            return None
        key = answer_key(
            build=self.build,
            document=document,
            operation_name=graphql_request.operation_name,
            variables=graphql_request.variables,
            role=context.principal.role.name if context.principal.role is not None else "anonymous",
            graph_version=version,
            day=context.today,
        )
        return key, version

    async def _execute(
        self,
        graphql_request: GraphQLRequest,
        context: Context,
        allowed: frozenset[OperationType],
        media: str,
        codes: list[object],
        validators: _Validators,
    ) -> Response:
        document, remember_as = self.persisted.resolve(graphql_request.query, graphql_request.persisted)
        keyed = await self._cache_key(graphql_request, document, context)
        if keyed is not None:
            key, version = keyed
            etag = etag_of(key, media)
            if validators.method == "GET" and matches(validators.if_none_match, etag):
                # the client holds this very answer: nothing runs, not even the cache's copy is sent
                self._remember(remember_as, document)
                return Response(status_code=304, headers=self._cached_headers(etag, validators))
            cached = self.results.get(key) if self.results.enabled else None
            if cached is not None:
                self._remember(remember_as, document)
                if graphql_request.operation_name is None:
                    log_context.operation.set(cached.operation)
                return self._cached_response(key, cached, media, etag, validators)
        try:
            async with asyncio.timeout(self.settings.request_timeout):
                result = await self.schema.execute(
                    document,
                    variable_values=graphql_request.variables,
                    context_value=context,
                    operation_name=graphql_request.operation_name,
                    allowed_operation_types=allowed,
                )
        except TimeoutError:
            log.warning("a request ran over REQUEST_TIMEOUT=%s s and was stopped", self.settings.request_timeout)
            message = f"the request took longer than {self.settings.request_timeout:g} s and was stopped"
            codes.append("TIMEOUT")
            timed_out = {"data": None, "errors": [{"message": message, "extensions": {"code": "TIMEOUT"}}]}
            return json_response(timed_out, media_type=media)
        except MissingQueryError:
            codes.append("BAD_REQUEST")
            return error_response(400, "BAD_REQUEST", "the request has no `query`", None, media)
        except CannotGetOperationTypeError as exc:
            codes.append("BAD_REQUEST")
            return error_response(400, "BAD_REQUEST", _operation_problem(exc), None, media)
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:  # docs/change-feed.md
                message = "subscriptions are served over a websocket at /graphql (graphql-transport-ws)"
                return error_response(400, "BAD_REQUEST", message, None, media)
            message = "mutations are only accepted by POST"
            codes.append("METHOD_NOT_ALLOWED")
            return error_response(405, "METHOD_NOT_ALLOWED", message, {"Allow": "POST"}, media)
        errors = [error.formatted for error in result.errors or []]
        codes.extend((error.get("extensions") or {}).get("code") for error in errors)
        # no path and no data: it failed before execution (syntax, validation, a variable's value)
        failed_before_execution = (
            result.data is None and bool(errors) and all(e.path is None for e in result.errors or [])
        )
        if not failed_before_execution:
            self._remember(remember_as, document)
        if failed_before_execution and OPERATION_NAME_REQUIRED in codes:  # a request error, like an unknown name
            return json_response({"errors": errors}, status=400, media_type=media)
        if media == GRAPHQL_RESPONSE and failed_before_execution:
            return json_response({"errors": errors}, status=400, media_type=media)
        body: dict[str, Any] = {"data": result.data}
        if errors:
            body["errors"] = errors
        if result.extensions:
            body["extensions"] = result.extensions
        response = json_response(body, media_type=media)
        # only whole answers to queries: never errors, partial answers or what a mutation said
        if (
            keyed is not None
            and not errors
            and result.data is not None
            and context.operation_type is QUERY
            and context.cacheable
        ):
            key, version = keyed
            if self.results.enabled:
                answer = CachedAnswer(bytes(response.body), log_context.operation.get(), version)
                self.results.put(key, answer)
            response.headers.update(self._cached_headers(etag_of(key, media), validators))
        return response

    def _remember(self, digest: str | None, document: str) -> None:
        """An automatic persisted query sent with its text, which ran (or was answered): its
        hash alone names it from now on."""
        if digest is not None:
            self.persisted.remember(digest, document)

    def _freshness(self, validators: _Validators) -> str:
        """Cache-Control of a cacheable answer: what HTTP_CACHE_CONTROL says for anonymous GETs,
        revalidated privately when a key was sent, and nothing kept of a POST."""
        if validators.method != "GET":
            return NO_STORE
        return self.settings.http_cache_control if validators.anonymous else PRIVATE

    def _cached_response(
        self, key: str, cached: CachedAnswer, media: str, etag: str, validators: _Validators
    ) -> Response:
        """A hit, compressed as the middleware would, from the entry's own compressed copy
        (compressing a 19 KB chart again cost more server time than the rest of the hit)."""
        headers = self._cached_headers(etag, validators)
        settings = self.settings
        coding = preferred_coding(validators.accept_encoding) if settings.compression_enabled else None
        if coding is None or len(cached.body) < settings.compression_min_bytes:
            return Response(cached.body, media_type=media, headers=headers)
        body = cached.encoded.get(coding)
        if body is None:
            body = compress(cached.body, coding)
            self.results.add_encoding(key, coding, body)
        headers["Content-Encoding"] = coding  # the middleware passes encoded answers unchanged
        return Response(body, media_type=media, headers=headers)

    def _cached_headers(self, etag: str, validators: _Validators) -> dict[str, str]:
        return {"ETag": etag, "Cache-Control": self._freshness(validators)}


#: what changes an answer besides its URL: the media type, the caller, a bookmark (and, with
#: compression on, the codings accepted: answers under its threshold too, for a cache's sake)
VARY = "Accept, Authorization, X-API-Key, X-OrgGraph-Bookmark"
NO_STORE = "no-store"
PRIVATE = "private, no-cache"
QUERY = OperationType.QUERY


@dataclass(frozen=True)
class _Validators:
    """What of the HTTP request decides how its answer may be cached."""

    method: str
    if_none_match: str | None
    anonymous: bool
    accept_encoding: str | None


def _operation_problem(exc: CannotGetOperationTypeError) -> str:
    if exc.operation_name is not None:
        return f"the document has no operation named {exc.operation_name!r}"
    return "the document has several operations (name one with `operationName`) or none"


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")
