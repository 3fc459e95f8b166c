"""Counts every HTTP request by route, method and status: the routes other than /graphql
(probes, GraphiQL's files, /metrics), and /graphql's statuses. No histogram: /graphql's time is
orggraph_graphql_request_seconds, and the other routes answer without I/O (but /readyz).

A plain ASGI middleware. The route label is bounded by the app's routes: the request's path
when the app has a route of that path (all of its routes are plain paths), else the template
of the route that matched when the router recorded one, else "unmatched" (404s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.observability.metrics import HTTP_REQUESTS, child

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"})


class HttpMetrics:
    def __init__(self, app: ASGIApp, paths: Callable[[], Iterable[str]]) -> None:
        self.app = app
        self._paths = paths
        self._known: frozenset[str] | None = None  # read at the first request: all routes are added by then

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless a response starts: an exception escaped

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            if self._known is None:
                self._known = frozenset(self._paths())
            path = scope["path"]
            route = path if path in self._known else getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in _METHODS else "other"
            child(HTTP_REQUESTS, route, method, str(status)).inc()
