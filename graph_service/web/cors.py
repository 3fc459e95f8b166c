"""Cross-origin access for browser front ends (CORS), from `CORS_ORIGINS`.

Credentials stay off: the API authenticates with a key in a header (`Authorization: Bearer`
or `X-API-Key`), never with cookies, so no origin needs them, and a browser refuses `*` with
credentials anyway. Preflights are answered before the GraphQL endpoint, so they are neither
rate-limited nor authenticated (they carry no key by design).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_service.config import Settings

#: development default: any port on the loopback names (a front end's dev server)
DEVELOPMENT_ORIGINS = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?"
#: what GraphQL clients send: Apollo, Relay, urql, graphql-request; our key headers
ALLOWED_HEADERS = (
    "accept",
    "content-type",
    "authorization",
    "x-api-key",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    "x-apollo-operation-name",
    "x-orggraph-bookmark",  # read-your-writes (graph_service/db/causal.py)
    "if-none-match",  # revalidating a cached answer by its ETag (docs/operations.md, "HTTP caching")
    # distributed tracing: W3C Trace Context and Baggage, which browser instrumentations
    # (OpenTelemetry, Sentry, Datadog ...) add to every fetch; refused, the page's calls fail
    "traceparent",
    "tracestate",
    "baggage",
)
ALLOWED_METHODS = ("GET", "POST", "OPTIONS")
#: readable by the page: how long to wait after a 429 or a wrong key, a write's bookmark,
#: and the request id to quote
EXPOSED_HEADERS = ("retry-after", "x-orggraph-bookmark", "x-request-id", "etag")
PREFLIGHT_MAX_AGE = 600  # s: browsers cache a preflight this long


@dataclass(frozen=True)
class CorsPolicy:
    origins: tuple[str, ...]
    origin_regex: str | None
    #: ALLOWED_HEADERS and those of CORS_ALLOW_HEADERS (e.g. `sentry-trace`)
    allowed_headers: tuple[str, ...] = ALLOWED_HEADERS

    @property
    def allows_any(self) -> bool:
        return bool(self.origins) or self.origin_regex is not None

    def allows(self, origin: str) -> bool:
        """Whether a page on `origin` may call the API: the test Starlette's CORS middleware makes,
        applied to websocket upgrades too (browsers do not apply CORS to those)."""
        if "*" in self.origins or origin in self.origins:
            return True
        return self.origin_regex is not None and re.fullmatch(self.origin_regex, origin) is not None


def cors_policy(settings: Settings) -> CorsPolicy:
    """`CORS_ORIGINS` when set (a comma-separated list; empty: none; `*`: any); unset, the
    loopback origins in development and none in production. The allowed request headers:
    ALLOWED_HEADERS and those CORS_ALLOW_HEADERS adds."""
    headers = tuple(dict.fromkeys((*ALLOWED_HEADERS, *settings.cors_allow_header_list)))
    if settings.cors_origins is not None:
        return CorsPolicy(settings.cors_origin_list, None, headers)
    if settings.orggraph_env == "development":
        return CorsPolicy((), DEVELOPMENT_ORIGINS, headers)
    return CorsPolicy((), None, headers)
