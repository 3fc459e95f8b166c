"""The FastAPI application: GraphQL at /graphql, liveness at /healthz, readiness at /readyz."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from strawberry.fastapi import GraphQLRouter

from graph_service import __version__
from graph_service.auth import authenticate
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.db.schema import apply_schema, schema_state
from graph_service.errors import DatabaseAuthError, OrgGraphError, UnauthenticatedError
from graph_service.graphql.context import Context
from graph_service.graphql.schema import build_schema

log = logging.getLogger(__name__)

SCHEMA_RETRY_SECONDS = 5.0


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


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    """Build the app. The lifespan owns the database handle unless one is passed in (tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = db or Database.from_settings(settings)
        app.state.db = database
        schema_task = asyncio.create_task(_apply_schema_until_done(database))
        try:
            yield
        finally:
            schema_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await schema_task
            if db is None:
                await database.close()

    app = FastAPI(
        title="Org-structure knowledge graph",
        version=__version__,
        description="Government bodies, their duties and reforms, as a Neo4j graph behind GraphQL.",
        lifespan=lifespan,
    )

    async def get_context(request: Request) -> Context:
        return Context.for_request(request.app.state.db, settings, request.state.principal)

    @app.middleware("http")
    async def authenticate_graphql(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Who is asking, for /graphql: an unknown key, or no key when reads need one, is refused
        here with a GraphQL-shaped error; roles are checked by the resolvers."""
        if not request.url.path.startswith("/graphql"):
            return await call_next(request)
        wants_ide = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        try:
            principal = authenticate(settings, request.headers.get("authorization"), request.headers.get("x-api-key"))
            if principal.role is None and settings.reads_require_key and not wants_ide:
                raise UnauthenticatedError("this service needs an API key to read (Authorization: Bearer <key>)")
        except UnauthenticatedError as exc:
            error = {"message": str(exc), "extensions": {"code": exc.code}}
            return JSONResponse({"data": None, "errors": [error]}, status_code=401)
        request.state.principal = principal
        return await call_next(request)

    graphql_router: GraphQLRouter[Context, None] = GraphQLRouter(
        build_schema(introspection=settings.introspection_enabled),
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
    )
    app.include_router(graphql_router, prefix="/graphql")

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
            return JSONResponse({"status": "unavailable", "reason": str(exc)}, status_code=503)
        if not state.complete:
            reason = f"schema constraints missing: {', '.join(state.missing)} (run `orggraph migrate`)"
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ready"})

    return app
