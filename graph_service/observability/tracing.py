"""OpenTelemetry tracing, only when configured (ORGGRAPH_TRACING=true, or an OTLP endpoint in
OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): graph_service.app imports
this module only then, so a service without tracing loads none of the SDK.

One trace per request: the HTTP server span of opentelemetry-instrumentation-fastapi, under it
strawberry's GraphQL spans (OpenTelemetryExtension), under those one span per Neo4j statement
(graph_service.observability.statements). Spans go to an OTLP/HTTP collector; the exporter
reads the standard OTEL_EXPORTER_OTLP_* variables (endpoint, headers, timeout) itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span
from strawberry.extensions import SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension

from graph_service import __version__
from graph_service.config import Settings
from graph_service.observability import statements
from graph_service.observability.request_id import SCOPE_KEY, request_id_from

#: not traced: probes and scrapes would bury the requests
EXCLUDED_URLS = "/healthz,/readyz,/metrics"


def tracer_provider(settings: Settings) -> TracerProvider:
    """A provider exporting to the configured OTLP endpoint (flushed when the process exits)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    resource = Resource.create({"service.name": settings.otel_service_name, "service.version": __version__})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=traces_endpoint(settings))))
    return provider


def traces_endpoint(settings: Settings) -> str | None:
    """The endpoints as the settings read them (a `.env` file included, which the exporter would
    not see), by the OTLP rule: the traces endpoint as given, the general one + /v1/traces.
    None: the exporter's default (http://localhost:4318/v1/traces)."""
    if settings.otel_exporter_otlp_traces_endpoint:
        return settings.otel_exporter_otlp_traces_endpoint
    if settings.otel_exporter_otlp_endpoint:
        return settings.otel_exporter_otlp_endpoint.rstrip("/") + "/v1/traces"
    return None


def graphql_extension(provider: TracerProvider) -> Callable[[], SchemaExtension]:
    """Strawberry's spans, without argument values (they are user input)."""
    return lambda: OpenTelemetryExtension(tracer_provider=provider, arg_filter=_no_arguments)


def instrument(app: FastAPI, provider: TracerProvider) -> None:
    """The HTTP server spans, and the Neo4j statement spans, under one provider."""
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls=EXCLUDED_URLS, server_request_hook=_tag_request
    )
    statements.use_tracer(provider.get_tracer("graph_service.db", __version__))


def _no_arguments(arguments: dict[str, Any], info: Any) -> dict[str, Any]:
    return {}


def _tag_request(span: Span, scope: dict[str, Any]) -> None:
    # the server span starts outside the request id middleware: settle the id here, in the
    # scope, where the middleware takes it from
    rid = scope[SCOPE_KEY] = request_id_from(scope["headers"])
    if span.is_recording():
        span.set_attribute("orggraph.request_id", rid)
