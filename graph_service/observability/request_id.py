"""The request id: taken from an incoming `X-Request-ID` when it is sane, made up otherwise,
kept for the logs (graph_service.observability.context) and returned as `X-Request-ID` on
every response, refusals, probes, preflights and 500s included.

A plain ASGI middleware, the outermost one: no per-request task, no body buffering.
"""

from __future__ import annotations

import random
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.observability import context

HEADER = b"x-request-id"
#: where the tracing middleware, which runs first, leaves the id it settled on
SCOPE_KEY = "orggraph.request_id"
#: what a proxy or client may pass on: the usual ids (UUIDs, hex, AWS-style `Root=1-...`)
#: without spaces, quotes or control characters that could forge a log line
_SANE = re.compile(rb"[A-Za-z0-9._:=+/-]{1,128}")
_ERROR_HEADERS = [(b"content-type", b"application/json")]
_INTERNAL_ERROR = (
    b'{"errors":[{"message":"Unexpected error; the server log has the details.",'
    b'"extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}'
)


def new_request_id() -> str:
    # 128 bits, as a UUID has, in 32 hex digits; an id need not be unguessable, and this is a
    # tenth of os.urandom's cost
    return f"{random.getrandbits(128):032x}"


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The client's id when it is sane, else a new one (never the client's bytes unchecked)."""
    for name, value in headers:
        if name == HEADER:
            return value.decode("ascii") if _SANE.fullmatch(value) else new_request_id()
    return new_request_id()


class RequestId:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = scope.get(SCOPE_KEY) or request_id_from(scope["headers"])
        # not reset afterwards: uvicorn logs an unhandled exception after the app returns, and
        # the request's task (with this context) ends with the request anyway
        context.request_id.set(rid)
        context.operation.set(None)
        header = (HEADER, rid.encode("ascii"))
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Starlette's own 500 is sent outside every middleware, so without the id: answer
            # here instead (its handler sees the response started and only re-raises, and
            # uvicorn logs the stack with this request's id)
            if not started:
                await send_with_id(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", b"%d" % len(_INTERNAL_ERROR)),
                        ],
                    }
                )
                await send_with_id({"type": "http.response.body", "body": _INTERNAL_ERROR})
            raise
