"""/graphql over a websocket: subscriptions in the graphql-transport-ws protocol (docs/change-feed.md).

Strawberry speaks the protocol; this view gives it our schema and context, and our rules:
- the origin of a browser's upgrade is checked as CORS checks HTTP requests (CORS_ORIGINS),
  since browsers apply no CORS to websockets; a client that sends no Origin is not a browser;
- the API key comes in `connection_init`'s payload (`{"authorization": "Bearer <key>"}` or
  `{"apiKey": "<key>"}`), with the keys, roles and READS_REQUIRE_KEY of HTTP; an unknown key,
  or none where one is needed, closes the socket with 4403 (the protocol's Forbidden), and
  wrong keys from one address are slowed down as over HTTP;
- only subscriptions: queries and mutations go over HTTP, where rate limits and REQUEST_TIMEOUT
  apply; the request limits (depth, cost ...) apply to subscription documents as to any;
- at most SUBSCRIPTIONS_PER_CONNECTION subscriptions per connection, SUBSCRIPTIONS_PER_PROCESS
  per process.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.schema import StreamResult
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from graph_service.auth import authenticate
from graph_service.config import Settings
from graph_service.errors import UnauthenticatedError
from graph_service.feed.poller import ChangePoller
from graph_service.graphql.context import Context
from graph_service.graphql.schema import OrgGraphSchema
from graph_service.web.cors import cors_policy
from graph_service.web.rate_limits import WrongKeyBackoff

#: a client must send connection_init this soon after the upgrade (else 4408)
INIT_TIMEOUT = dt.timedelta(seconds=10)
_SUBSCRIPTIONS = frozenset({OperationType.SUBSCRIPTION})
_NO_PAYLOAD: UnsetType = UNSET  # connection_ack without a payload (None would send `"payload": null`)


class _SubscriptionsOnly:
    """The schema as the protocol handler sees it: it streams subscriptions only."""

    def __init__(self, schema: OrgGraphSchema) -> None:
        self._schema = schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Any = None,
    ) -> StreamResult:
        return await self._schema.stream(
            query,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            operation_extensions=operation_extensions,
            allowed_operation_types=_SUBSCRIPTIONS,
        )


class _Handler(BaseGraphQLTransportWSHandler[Context, None]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = _SubscriptionsOnly(self.schema)  # type: ignore[arg-type, assignment]


class GraphQLWebSocket(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = _Handler

    def __init__(self, schema: OrgGraphSchema, settings: Settings, backoff: WrongKeyBackoff) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=INIT_TIMEOUT,
            max_subscriptions_per_connection=settings.subscriptions_per_connection,
        )
        self.org_schema = schema
        self.settings = settings
        self.changes: ChangePoller | None = None  # the app's lifespan sets it (it needs the database)
        self.cors = cors_policy(settings)
        self.backoff = backoff  # shared with HTTP: wrong keys count wherever they are tried

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        return self.cors.allows(origin)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        context = Context.for_request(request.app.state.db, self.settings, self.org_schema.compiler)
        context.changes = self.changes
        context.request = request
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        authorization, api_key = params.get("authorization") or params.get("Authorization"), params.get("apiKey")
        if not all(value is None or isinstance(value, str) for value in (authorization, api_key)):
            raise ConnectionRejectionError()
        request = context.request
        address = request.client.host if request is not None and request.client else "unknown"
        if (authorization or api_key) and self.backoff.wait(address) is not None:
            raise ConnectionRejectionError()
        try:
            principal = authenticate(self.settings, authorization, api_key)
        except UnauthenticatedError:
            self.backoff.record_failure(address)
            raise ConnectionRejectionError() from None
        if principal.role is None and self.settings.reads_require_key:
            raise ConnectionRejectionError()
        context.principal = principal
        return _NO_PAYLOAD
