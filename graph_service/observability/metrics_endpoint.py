"""GET /metrics: the Prometheus text format, of this process or, with PROMETHEUS_MULTIPROC_DIR
set, of all the worker processes together. Open unless METRICS_REQUIRE_KEY=true, which asks
for a valid API key of any role (a scraper needs no more than a reader key)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph_service.auth import authenticate
from graph_service.config import Settings
from graph_service.errors import UnauthenticatedError
from graph_service.web.problems import error_response


def metrics_route(settings: Settings) -> Route:
    async def metrics(request: Request) -> Response:
        if settings.metrics_require_key:
            try:
                principal = authenticate(
                    settings, request.headers.get("authorization"), request.headers.get("x-api-key")
                )
            except UnauthenticatedError as exc:
                return _unauthenticated(str(exc))
            if principal.role is None:
                return _unauthenticated("/metrics needs an API key here (METRICS_REQUIRE_KEY=true)")
        return Response(generate_latest(_registry(settings)), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics, methods=["GET"])


def _registry(settings: Settings) -> CollectorRegistry:
    if settings.prometheus_multiproc_dir is None:
        return REGISTRY
    # the values every worker wrote to its files (the default registry would show one worker)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(settings.prometheus_multiproc_dir))  # type: ignore[no-untyped-call]
    return registry


def _unauthenticated(message: str) -> Response:
    return error_response(401, "UNAUTHENTICATED", message, {"WWW-Authenticate": "Bearer"})
