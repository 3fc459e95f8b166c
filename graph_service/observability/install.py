"""What create_app() adds to the app for its operators: the request id and HTTP metrics
middlewares, /metrics, and tracing when configured (imported only then)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import FastAPI
from strawberry.extensions import SchemaExtension

from graph_service.config import Settings
from graph_service.observability.http_metrics import HttpMetrics
from graph_service.observability.metrics_endpoint import metrics_route
from graph_service.observability.request_id import RequestId

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


def tracer_provider_for(settings: Settings, given: TracerProvider | None) -> TracerProvider | None:
    """`given` (tests), else the configured exporter's, else None: no tracing."""
    if given is not None or not settings.tracing_enabled:
        return given
    from graph_service.observability import tracing

    return tracing.tracer_provider(settings)


def schema_extensions(provider: TracerProvider | None) -> list[Callable[[], SchemaExtension]]:
    if provider is None:
        return []
    from graph_service.observability import tracing

    return [tracing.graphql_extension(provider)]


def observe(app: FastAPI, settings: Settings, provider: TracerProvider | None) -> None:
    """Call after the other middlewares are added: these go outside them, so that CORS
    preflights and every refusal carry the request id and are counted."""
    if settings.metrics_enabled:
        app.add_middleware(HttpMetrics, paths=lambda: [getattr(route, "path", "") for route in app.router.routes])
        app.router.routes.append(metrics_route(settings))
    app.add_middleware(RequestId)  # outermost of ours
    app.state.tracer_provider = provider  # None: no tracing
    if provider is not None:
        from graph_service.observability import tracing

        tracing.instrument(app, provider)
