"""Which media type a GraphQL answer is sent as (GraphQL over HTTP, the 2024 draft's watershed
rules): `application/graphql-response+json` when the client accepts it at least as well as
`application/json`, else `application/json` (also without an Accept header, as legacy clients
send none). With the new type, a request that fails before execution (syntax, validation, a
variable's value) is a 400 without `data`; with `application/json` it stays a 200, as it was.

A client that accepts neither (`Accept: text/html` on a GET with a query, from a browser's address
bar) is answered in `application/json`, not refused with 406: the spec says SHOULD, and
refusing would break what such clients get today."""

from __future__ import annotations

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def negotiate(accept: str | None) -> str | None:
    """The media type to answer with, or None when the client accepts neither (the caller then
    answers in application/json)."""
    if accept is None or not accept.strip():
        return JSON
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0  # a malformed weight counts as not acceptable, never as an error
        quality[media] = max(q, quality.get(media, 0.0))
    wildcard = max(quality.get("*/*", 0.0), quality.get("application/*", 0.0))
    new = quality.get(GRAPHQL_RESPONSE, 0.0)
    old = quality.get(JSON, 0.0)
    if new > 0 and new >= old:
        return GRAPHQL_RESPONSE
    if old > 0 or wildcard > 0:
        return JSON
    return None
