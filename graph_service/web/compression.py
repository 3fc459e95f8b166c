"""Compressed responses (zstd, brotli or gzip, as the client accepts), through the maintained
starlette-compress middleware.

Answers over COMPRESSION_MIN_BYTES are compressed; a streamed answer (an export page by page)
is compressed as it streams, never buffered whole. 304s, websockets and what is compressed
already (the CSV export's zip) pass unchanged. Levels are the fast ones: the city and its six
counties' tree (169 KB of JSON) compresses to about a tenth in about a millisecond, which is
less than the wire time it saves on any network slower than a loopback.
"""

from __future__ import annotations

from starlette.types import ASGIApp
from starlette_compress import CompressMiddleware, add_compress_type

from graph_service.web.media_types import GRAPHQL_RESPONSE

# the GraphQL-over-HTTP media type is JSON too (the package lists only application/json)
add_compress_type(GRAPHQL_RESPONSE)


def compressing(app: ASGIApp, *, minimum_size: int) -> CompressMiddleware:
    return CompressMiddleware(app, minimum_size=minimum_size, zstd_level=3, brotli_quality=4, gzip_level=5)
