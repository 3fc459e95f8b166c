"""Requests refused before GraphQL runs: an HTTP status and a GraphQL-shaped body with a code."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from graph_service.web.json_body import JSON_MEDIA_TYPE, json_response


class HttpProblem(Exception):
    """A request refused at the HTTP layer (bad body, size, method, key, rate)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def response(self, media_type: str = JSON_MEDIA_TYPE) -> Response:
        return error_response(self.status, self.code, self.message, self.headers, media_type)


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    media_type: str = JSON_MEDIA_TYPE,
) -> Response:
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return json_response(body, status=status, headers=headers, media_type=media_type)
