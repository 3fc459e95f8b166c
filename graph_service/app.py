"""The FastAPI application: GraphQL at /graphql, liveness at /healthz, readiness at /readyz."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import logging.config
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route, WebSocketRoute

from graph_service import __version__
from graph_service.caching.version import GraphVersion
from graph_service.config import Settings, load_settings
from graph_service.db.database import Database
from graph_service.db.schema import apply_schema, schema_state
from graph_service.errors import DatabaseAuthError, OrgGraphError
from graph_service.feed.poller import ChangePoller
from graph_service.graphql.guard import Limits
from graph_service.graphql.schema import build_schema
from graph_service.observability.install import observe, schema_extensions, tracer_provider_for
from graph_service.observability.logs import logging_config
from graph_service.warmup.runner import WarmUp, warm_up
from graph_service.web.compression import compressing
from graph_service.web.cors import ALLOWED_METHODS, EXPOSED_HEADERS, PREFLIGHT_MAX_AGE, cors_policy
from graph_service.web.exports import ExportEndpoint
from graph_service.web.graphql_endpoint import GraphQLEndpoint
from graph_service.web.graphql_websocket import GraphQLWebSocket
from graph_service.web.security_headers import SecurityHeaders
from graph_service.web.static_routes import static_routes

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

log = logging.getLogger(__name__)

SCHEMA_RETRY_SECONDS = 5.0
SCHEMA_SHUTDOWN_GRACE_SECONDS = 2.0


async def _apply_schema_until_done(db: Database) -> None:
    """Apply cypher/schema/ now, or keep trying while Neo4j is away (the API still starts)."""
    while True:
        try:
            await apply_schema(db)
            log.info("schema constraints and indexes are in place")
            return
        except DatabaseAuthError:
            log.error("Neo4j refused the credentials; the schema is not applied")
            return
        except OrgGraphError as exc:
            log.warning("schema not applied yet (%s); retrying in %.0f s", exc, SCHEMA_RETRY_SECONDS)
            await asyncio.sleep(SCHEMA_RETRY_SECONDS)
        except Exception:  # never die silently: /readyz would say "missing" with no reason in the log
            log.exception("applying the schema failed; retrying in %.0f s", SCHEMA_RETRY_SECONDS)
            await asyncio.sleep(SCHEMA_RETRY_SECONDS)


def limits_from(settings: Settings) -> Limits:
    return Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_query_aliases,
        max_tokens=settings.max_query_tokens,
        max_cost=settings.max_query_cost,
        max_string_length=settings.max_string_length,
        hide_suggestions=not settings.introspection_enabled,
    )


def app_from_environment() -> FastAPI:
    """The app for `orggraph serve` (uvicorn's factory: each worker process builds its own).
    The ~100,000 objects of the loaded service live as long as the process: frozen out of the
    garbage collector's way, a full collection takes milliseconds instead of ~90 ms."""
    settings = load_settings()
    # our log format for this worker's loggers and uvicorn's, however uvicorn was started
    logging.config.dictConfig(logging_config(settings))
    app = create_app(settings)
    gc.collect()
    gc.freeze()
    return app


def create_app(
    settings: Settings, db: Database | None = None, *, tracer_provider: TracerProvider | None = None
) -> FastAPI:
    """Build the app. The lifespan owns the database handle unless one is passed in (tests).
    Tracing: to `tracer_provider` if given (tests), else as configured (docs/observability.md)."""

    tracing = tracer_provider_for(settings, tracer_provider)
    schema = build_schema(
        limits_from(settings), introspection=settings.introspection_enabled, extensions=schema_extensions(tracing)
    )
    warmed = WarmUp()

    async def prepare(database: Database) -> None:
        await _apply_schema_until_done(database)
        if settings.warm_up:
            # not again after an outage: on a cold Neo4j the warm-up competed with the first
            # users' queries and made them slower (9 s instead of 6 s, scripts/outage.py)
            await warm_up(schema, database, settings, warmed)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = db or Database.from_settings(settings, timeout=settings.request_timeout)
        app.state.db = database
        app.state.warm_up = warmed
        schema_task = asyncio.create_task(prepare(database))
        # subscriptions: one poller of the change feed per process (docs/change-feed.md)
        changes = ChangePoller(
            database, interval=settings.change_feed_poll_seconds, max_subscribers=settings.subscriptions_per_process
        )
        websocket.changes = changes
        # the graph's version, which keys the result cache and the ETags (graph_service/caching)
        versions = GraphVersion(
            database, interval=settings.change_feed_poll_seconds, on_change=lambda _: endpoint.results.clear()
        )
        endpoint.versions = versions
        versions.start()
        try:
            yield
        finally:
            endpoint.versions = None
            await versions.close()
            await changes.close()
            # a schema run in progress may finish first: cancelled while a connection opens, the
            # driver leaks that connection's socket (an app stopped right after it started)
            if not schema_task.done():
                await asyncio.wait({schema_task}, timeout=SCHEMA_SHUTDOWN_GRACE_SECONDS)
            schema_task.cancel()
            try:
                with contextlib.suppress(asyncio.CancelledError):
                    await schema_task
            finally:
                if db is None:
                    await database.close()

    docs = settings.api_docs_enabled
    app = FastAPI(
        title="Org-structure knowledge graph",
        version=__version__,
        description="Government bodies, their duties and reforms, as a Neo4j graph behind GraphQL.",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.add_middleware(SecurityHeaders)
    if settings.compression_enabled:  # inside CORS and the metrics: they see the same answers
        app.add_middleware(compressing, minimum_size=settings.compression_min_bytes)
    cors = cors_policy(settings)
    if cors.allows_any:  # outermost: preflights are answered before anything else runs
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors.origins),
            allow_origin_regex=cors.origin_regex,
            allow_methods=list(ALLOWED_METHODS),
            allow_headers=list(cors.allowed_headers),
            expose_headers=list(EXPOSED_HEADERS),
            allow_credentials=False,
            max_age=PREFLIGHT_MAX_AGE,
        )
    observe(app, settings, tracing)  # request ids, metrics, tracing: outside the others

    endpoint = GraphQLEndpoint(schema, settings)
    app.state.schema = schema
    app.state.graphql = endpoint
    # a plain Starlette route: FastAPI's dependency handling has nothing to do for it
    app.router.routes.append(
        Route("/graphql", endpoint.handle, methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
    )
    # the same path over a websocket: subscriptions (graphql-transport-ws)
    websocket = GraphQLWebSocket(schema, settings, endpoint.access.backoff)
    app.router.routes.append(WebSocketRoute("/graphql", websocket))
    # exports (docs/exports.md): the same keys and rate limits as /graphql
    app.router.routes.append(Route("/export/{format}", ExportEndpoint(endpoint.access).handle, methods=["GET"]))
    app.router.routes.extend(static_routes())  # GraphiQL's assets and the explorer page (/explore)

    @app.get("/healthz", summary="Liveness: the process answers.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Readiness: Neo4j answers and the schema constraints are in place.")
    async def readyz(request: Request) -> JSONResponse:
        database: Database = request.app.state.db
        try:
            await database.verify()
            state = await schema_state(database)
        except OrgGraphError as exc:
            return JSONResponse({"status": "unavailable", "reason": exc.public_message}, status_code=503)
        except Exception:  # never a 500 from a probe: say unavailable, and log why
            log.exception("the readiness check failed unexpectedly")
            return JSONResponse({"status": "unavailable", "reason": "the check failed; see the log"}, status_code=503)
        if not state.complete:
            reason = f"schema constraints missing: {', '.join(state.missing)} (run `orggraph migrate`)"
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        if settings.warm_up and not warmed.done:
            reason = "warming Neo4j up (its first queries after a start are slow); ready in a few seconds"
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ready"})

    return app
