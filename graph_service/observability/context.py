"""What the log lines of one request share: its id, and its GraphQL operation once known.

Context variables, not arguments: uvicorn's access log and any module's logger read them
without being handed anything. Each request runs in its own asyncio task, whose context is a
copy, so a value never leaks into another request.
"""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("orggraph_request_id", default=None)
operation: ContextVar[str | None] = ContextVar("orggraph_operation", default=None)
