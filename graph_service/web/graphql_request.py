"""Reading a GraphQL request from HTTP (a JSON POST body, or GET parameters), refusing what
is malformed with a 4xx that names the problem:

- 413 for a body over MAX_REQUEST_BYTES (checked against Content-Length, then while reading);
- 415 for a POST that is not `application/json`;
- 400 for bytes that are not UTF-8, text that is not JSON, NaN or Infinity, a body that is not
  an object, a `query` that is not a non-empty string (or absent without a persisted-query
  reference: graph_service.web.persisted_queries), `variables` that are not an object;
- 400 BAD_USER_INPUT for values no field could accept: nesting deeper than MAX_JSON_DEPTH,
  lone UTF-16 surrogates (not text: Neo4j could not store them), strings over
  MAX_STRING_LENGTH.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from graph_service.web.json_body import loads_strict
from graph_service.web.persisted_queries import PersistedRef, read_ref
from graph_service.web.problems import HttpProblem

MAX_JSON_DEPTH = 32  # the deepest input the schema takes (a reform event) nests 4 levels


@dataclass(frozen=True)
class GraphQLRequest:
    query: str | None  # None: the request names a persisted document instead
    operation_name: str | None
    variables: dict[str, Any] | None
    persisted: PersistedRef | None = None


def _bad_request(message: str) -> HttpProblem:
    return HttpProblem(400, "BAD_REQUEST", message)


async def read_post(request: Request, *, max_bytes: int, max_string_length: int) -> GraphQLRequest:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise HttpProblem(
            415, "UNSUPPORTED_MEDIA_TYPE", f"send the request as application/json, not {media_type or 'no type'!r}"
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad_request(f"the body is not UTF-8 text (byte {exc.start})") from None
    payload = _parse_json(text, "the body")
    if not isinstance(payload, dict):
        raise _bad_request(f"the body must be a JSON object with a `query` string, not {_json_kind(payload)}")
    return _graphql_request(payload, max_string_length=max_string_length)


def read_get(params: Mapping[str, str], *, max_string_length: int) -> GraphQLRequest:
    payload: dict[str, Any] = {"query": params.get("query"), "operationName": params.get("operationName")}
    if params.get("variables"):
        payload["variables"] = _parse_json(params["variables"], "`variables`")
    if params.get("extensions"):
        payload["extensions"] = _parse_json(params["extensions"], "`extensions`")
    if params.get("documentId"):
        payload["documentId"] = params["documentId"]
    return _graphql_request(payload, max_string_length=max_string_length)


def _graphql_request(payload: dict[str, Any], *, max_string_length: int) -> GraphQLRequest:
    persisted = read_ref(payload)
    query = payload.get("query")
    # without text, the document comes from its reference (graph_service.web.persisted_queries)
    if (query is not None or persisted is None) and (not isinstance(query, str) or not query.strip()):
        raise _bad_request("the request has no `query`: send a GraphQL document as a string")
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _bad_request(f"`operationName` must be a string or null, not {_json_kind(operation_name)}")
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise _bad_request(f"`variables` must be a JSON object or null, not {_json_kind(variables)}")
    check_values(payload, max_string_length=max_string_length)
    return GraphQLRequest(query=query, operation_name=operation_name or None, variables=variables, persisted=persisted)


def check_values(payload: dict[str, Any], *, max_string_length: int) -> None:
    """One iterative walk over everything sent: depth, surrogates, string lengths (the
    document itself is bounded by its tokens instead of this length)."""
    stack: list[tuple[Any, str, int]] = [(payload, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _bad_input(f"`{path}` nests deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, str):
            if _has_surrogate(value):
                raise _bad_input(f"`{path}` holds a lone UTF-16 surrogate, which is not text")
            if len(value) > max_string_length and path != "query":
                raise _bad_input(
                    f"`{path}` is {len(value):,} characters long; strings of at most {max_string_length:,} are accepted"
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if _has_surrogate(key):
                    raise _bad_input(f"a key in `{path or 'the body'}` holds a lone UTF-16 surrogate")
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value))


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _parse_json(text: str, what: str) -> Any:
    try:
        return loads_strict(text)
    except RecursionError:
        raise _bad_input(f"{what} is nested too deeply") from None
    except ValueError as exc:
        raise _bad_request(f"{what} is not valid JSON: {exc}") from None


def _bad_input(message: str) -> HttpProblem:
    return HttpProblem(400, "BAD_USER_INPUT", message)


def _too_large(max_bytes: int) -> HttpProblem:
    return HttpProblem(413, "PAYLOAD_TOO_LARGE", f"the request body is over {max_bytes:,} bytes")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array"}.get(
        type(value), "an object"
    )
