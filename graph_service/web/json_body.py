"""JSON in and out: strict on the way in, compact and readable (CJK unescaped) on the way out."""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.responses import Response

JSON_MEDIA_TYPE = "application/json"


def json_response(
    body: Any, *, status: int = 200, headers: dict[str, str] | None = None, media_type: str = JSON_MEDIA_TYPE
) -> Response:
    try:
        content = orjson.dumps(body)  # UTF-8, CJK as is, compact; several times json's speed
    except TypeError:  # a lone surrogate got through (orjson refuses them): escape it rather than fail
        content = json.dumps(body, separators=(",", ":")).encode("ascii")
    return Response(content, status_code=status, headers=headers, media_type=media_type)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads_strict(text: str) -> Any:
    """json.loads without NaN and Infinity (not JSON, and not a value any field accepts)."""
    return json.loads(text, parse_constant=_refuse_constant)
